//! Where `#[cors]` leaves each policy so the router can find it from the handler value alone.
//!
//! The attribute submits a [`Registration`] to a link-time list (`inventory`): the `TypeId` and
//! type path of the handler's fn item, its name, its module and its static policy. The first
//! lookup turns that list into hash maps once; every later lookup is one hash probe. Nothing is
//! needed at the routing site: `routing::get(list_users)` finds the policy of `list_users` by the
//! type of the value it is given.
//!
//! A wrapped handler (`list_users.layer(..)`, `list_users.with_state(..)`) has a type of its own,
//! unknown to the list. Its type name still names the fn item as a generic argument
//! (`axum::handler::Layered<.., my_app::list_users, ..>`), and that is how [`find`] sees through
//! it. A closure calling an annotated handler (`get(|| list_users())`) names nothing: it cannot be
//! recognised, and routes without a policy.

use std::any::TypeId;
use std::collections::HashMap;

use once_cell::sync::Lazy;

use crate::provenance::PolicySource;
use crate::Policy;

/// One annotated handler, as submitted by generated code.
#[doc(hidden)]
pub struct Registration {
    handler: fn() -> HandlerType,
    name: &'static str,
    module_path: &'static str,
    /// `None` for `#[cors(none)]`.
    policy: Option<&'static Policy>,
    source: PolicySource,
}

impl Registration {
    /// The one place the fields are filled in; the constructors below differ only in the policy
    /// and where it came from.
    const fn with(
        handler: fn() -> HandlerType,
        name: &'static str,
        module_path: &'static str,
        policy: Option<&'static Policy>,
        source: PolicySource,
    ) -> Self {
        Registration {
            handler,
            name,
            module_path,
            policy,
            source,
        }
    }

    /// For generated code only: `#[cors(origins = ...)]`.
    pub const fn new(
        handler: fn() -> HandlerType,
        name: &'static str,
        module_path: &'static str,
        policy: &'static Policy,
    ) -> Self {
        Self::with(
            handler,
            name,
            module_path,
            Some(policy),
            PolicySource::Attribute,
        )
    }

    /// For generated code only: `#[cors(policy = BASE, ...)]`.
    pub const fn named(
        handler: fn() -> HandlerType,
        name: &'static str,
        module_path: &'static str,
        policy: &'static Policy,
        base: &'static str,
        overridden: bool,
    ) -> Self {
        Self::with(
            handler,
            name,
            module_path,
            Some(policy),
            PolicySource::Named {
                name: base,
                overridden,
            },
        )
    }

    /// For generated code only: `#[cors(origins = env("NAME"), ...)]`. `policy` holds the other
    /// keys; the router replaces its origins with the variable's when it is built.
    pub const fn env(
        handler: fn() -> HandlerType,
        name: &'static str,
        module_path: &'static str,
        policy: &'static Policy,
        var: &'static str,
        dangerously_allow_insecure_origins: bool,
    ) -> Self {
        Self::with(
            handler,
            name,
            module_path,
            Some(policy),
            PolicySource::Env {
                var,
                dangerously_allow_insecure_origins,
            },
        )
    }

    /// For generated code only: `#[cors(none)]`.
    pub const fn none(
        handler: fn() -> HandlerType,
        name: &'static str,
        module_path: &'static str,
    ) -> Self {
        Self::with(handler, name, module_path, None, PolicySource::OptedOut)
    }

    /// For generated code only: `#[cors]` with isolation keys and no `origins`.
    pub const fn isolation_only(
        handler: fn() -> HandlerType,
        name: &'static str,
        module_path: &'static str,
    ) -> Self {
        Self::with(
            handler,
            name,
            module_path,
            None,
            PolicySource::IsolationOnly,
        )
    }
}

inventory::collect!(Registration);

/// The identity of a handler's fn item: its `TypeId` and its type path.
#[doc(hidden)]
pub struct HandlerType {
    type_id: TypeId,
    type_path: &'static str,
}

/// The identity of a value's type; lets generated code name the unnameable type of a fn item.
#[doc(hidden)]
pub fn handler_type_of_val<T: 'static>(_: &T) -> HandlerType {
    HandlerType {
        type_id: TypeId::of::<T>(),
        type_path: std::any::type_name::<T>(),
    }
}

/// An annotated handler found in the registry.
#[derive(Debug, Clone, Copy)]
pub struct Annotated {
    /// The handler's fn name as written.
    pub name: &'static str,
    /// Its policy.
    pub policy: &'static Policy,
}

/// One registered handler: what `#[cors]` says about it, and what the coverage check reports.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// The handler's fn name as written.
    pub(crate) name: &'static str,
    /// `None` for `#[cors(none)]`.
    pub(crate) policy: Option<&'static Policy>,
    pub(crate) source: PolicySource,
    /// The fn item's type path (`my_app::api::list_users`): unique per handler.
    pub(crate) type_path: &'static str,
    /// `module_path!()` where the attribute was written.
    pub(crate) module_path: &'static str,
}

impl Entry {
    /// The policy a request may be answered with: none for `#[cors(none)]`, and none for origins
    /// from the environment, which exist only once a router has read them (the registered policy
    /// holds a stand-in that must never answer a request).
    pub(crate) fn servable(&self) -> Option<Annotated> {
        if matches!(self.source, PolicySource::Env { .. }) {
            return None;
        }
        Some(Annotated {
            name: self.name,
            policy: self.policy?,
        })
    }
}

struct Registry {
    entries: Vec<Entry>,
    /// Looked up on every request of a `#[cors]` handler (`decorated.rs`): a fast hasher.
    by_type: HashMap<TypeId, usize, crate::lookup_hash::BuildLookupHasher>,
    by_path: HashMap<&'static str, usize>,
}

static REGISTRY: Lazy<Registry> = Lazy::new(|| {
    let mut registry = Registry {
        entries: Vec::new(),
        by_type: HashMap::default(),
        by_path: HashMap::new(),
    };
    for r in inventory::iter::<Registration> {
        let handler = (r.handler)();
        let index = registry.entries.len();
        registry.entries.push(Entry {
            name: r.name,
            policy: r.policy,
            source: r.source,
            type_path: handler.type_path,
            module_path: r.module_path,
        });
        registry.by_type.insert(handler.type_id, index);
        registry.by_path.insert(handler.type_path, index);
    }
    registry
});

/// The policy `#[cors]` attached to the handler of type `H`, if any (`None` for `#[cors(none)]`).
pub fn lookup<H: 'static>() -> Option<Annotated> {
    lookup_entry::<H>()?.servable()
}

/// The registry's whole answer for `H`, `#[cors(none)]` included.
pub(crate) fn lookup_entry<H: 'static>() -> Option<&'static Entry> {
    let registry = &*REGISTRY;
    registry
        .by_type
        .get(&TypeId::of::<H>())
        .map(|&i| &registry.entries[i])
}

/// Every annotated handler of the binary.
pub(crate) fn entries() -> &'static [Entry] {
    &REGISTRY.entries
}

/// What the registry knows about a handler type.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    /// Not annotated, and wrapping no annotated handler.
    Nothing,
    /// The annotated handler itself, or a wrapper around exactly one.
    Handler(&'static Entry),
    /// A wrapper naming several annotated handlers: which policy applies cannot be told.
    Several(Vec<&'static Entry>),
}

/// The annotated handler of type `H`, directly or through a wrapper type that names it as a
/// generic argument.
pub(crate) fn find<H: 'static>() -> Found {
    let registry = &*REGISTRY;
    if let Some(&i) = registry.by_type.get(&TypeId::of::<H>()) {
        return Found::Handler(&registry.entries[i]);
    }
    let mut inside = wrapped_paths(std::any::type_name::<H>())
        .filter_map(|path| registry.by_path.get(path).map(|&i| &registry.entries[i]))
        .collect::<Vec<_>>();
    inside.sort_by_key(|e| e.type_path);
    inside.dedup_by_key(|e| e.type_path);
    match inside.len() {
        0 => Found::Nothing,
        1 => Found::Handler(inside[0]),
        _ => Found::Several(inside),
    }
}

/// The paths a type name mentions as generic arguments: `a::B<c::d, (e::f,)>` gives `c::d` and
/// `e::f`. The outer type itself is skipped: a fn item is found by its `TypeId`.
fn wrapped_paths(type_name: &str) -> impl Iterator<Item = &str> {
    let arguments = type_name.find('<').map_or("", |i| &type_name[i..]);
    arguments
        .split(['<', '>', ',', '(', ')', '[', ']', ';', '&', ' ', '*'])
        .filter(|part| !part.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_arguments_are_split_out() {
        let name = "axum::handler::Layered<tower::util::MapRequestLayer<fn(&str)>, my_app::api::list_users, ((),), ()>";
        let parts: Vec<&str> = wrapped_paths(name).collect();
        assert!(parts.contains(&"my_app::api::list_users"), "{parts:?}");
        assert!(!parts.contains(&"axum::handler::Layered"));
        assert_eq!(wrapped_paths("my_app::list_users").count(), 0);
    }
}
