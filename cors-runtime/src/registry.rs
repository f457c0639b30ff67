//! Where `#[cors]` leaves each policy so the router can find it from the handler value alone.
//!
//! The attribute submits a [`Registration`] to a link-time list (`inventory`): the `TypeId` of the
//! handler's fn item, its name and its static policy. The first lookup turns that list into a
//! hash map once; every later lookup is one hash probe. Nothing is needed at the routing site:
//! `routing::get(list_users)` finds the policy of `list_users` by the type of the value it is given.

use std::any::TypeId;
use std::collections::HashMap;

use once_cell::sync::Lazy;

use crate::provenance::PolicySource;
use crate::Policy;

/// One annotated handler, as submitted by generated code.
#[doc(hidden)]
pub struct Registration {
    type_id: fn() -> TypeId,
    name: &'static str,
    /// `None` for `#[cors(none)]`.
    policy: Option<&'static Policy>,
    source: PolicySource,
}

impl Registration {
    /// For generated code only: `#[cors(origins = ...)]`.
    pub const fn new(type_id: fn() -> TypeId, name: &'static str, policy: &'static Policy) -> Self {
        Registration {
            type_id,
            name,
            policy: Some(policy),
            source: PolicySource::Attribute,
        }
    }

    /// For generated code only: `#[cors(policy = BASE, ...)]`.
    pub const fn named(
        type_id: fn() -> TypeId,
        name: &'static str,
        policy: &'static Policy,
        base: &'static str,
        overridden: bool,
    ) -> Self {
        Registration {
            type_id,
            name,
            policy: Some(policy),
            source: PolicySource::Named {
                name: base,
                overridden,
            },
        }
    }

    /// For generated code only: `#[cors(origins = env("NAME"), ...)]`. `policy` holds the other
    /// keys; the router replaces its origins with the variable's when it is built.
    pub const fn env(
        type_id: fn() -> TypeId,
        name: &'static str,
        policy: &'static Policy,
        var: &'static str,
        dangerously_allow_insecure_origins: bool,
    ) -> Self {
        Registration {
            type_id,
            name,
            policy: Some(policy),
            source: PolicySource::Env {
                var,
                dangerously_allow_insecure_origins,
            },
        }
    }

    /// For generated code only: `#[cors(none)]`.
    pub const fn none(type_id: fn() -> TypeId, name: &'static str) -> Self {
        Registration {
            type_id,
            name,
            policy: None,
            source: PolicySource::OptedOut,
        }
    }
}

inventory::collect!(Registration);

/// The `TypeId` of a value's type; lets generated code name the unnameable type of a fn item.
#[doc(hidden)]
pub fn type_id_of_val<T: 'static>(_: &T) -> TypeId {
    TypeId::of::<T>()
}

/// An annotated handler found in the registry.
#[derive(Debug, Clone, Copy)]
pub struct Annotated {
    /// The handler's fn name as written.
    pub name: &'static str,
    /// Its policy.
    pub policy: &'static Policy,
}

/// What `#[cors]` says about one handler type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) name: &'static str,
    pub(crate) policy: Option<&'static Policy>,
    pub(crate) source: PolicySource,
}

static REGISTRY: Lazy<HashMap<TypeId, Entry>> = Lazy::new(|| {
    inventory::iter::<Registration>
        .into_iter()
        .map(|r| {
            let found = Entry {
                name: r.name,
                policy: r.policy,
                source: r.source,
            };
            ((r.type_id)(), found)
        })
        .collect()
});

/// The policy `#[cors]` attached to the handler of type `H`, if any (`None` for `#[cors(none)]`).
pub fn lookup<H: 'static>() -> Option<Annotated> {
    let entry = lookup_entry::<H>()?;
    // Origins from the environment exist only once a router has read them: the registered
    // policy holds a stand-in, which must never answer a request.
    if matches!(entry.source, PolicySource::Env { .. }) {
        return None;
    }
    Some(Annotated {
        name: entry.name,
        policy: entry.policy?,
    })
}

/// The registry's whole answer for `H`, `#[cors(none)]` included.
pub(crate) fn lookup_entry<H: 'static>() -> Option<Entry> {
    REGISTRY.get(&TypeId::of::<H>()).copied()
}
