//! Where `#[cors(...)]` leaves a handler's own isolation keys: a link-time list of its own,
//! beside the policy registry (`registry.rs`), keyed by the type path of the handler's fn item,
//! which the policy registry gives for the handler itself and for wrappers around it. A policy's
//! own keys (`cors_policy!`, the builder) travel inside the [`Policy`].

use std::borrow::Cow;
use std::collections::HashMap;

use once_cell::sync::Lazy;

use super::Isolation;
use crate::Policy;

/// A handler's isolation keys, as submitted by generated code.
#[doc(hidden)]
pub struct IsolationRegistration {
    handler: fn() -> &'static str,
    isolation: &'static Isolation,
}

impl IsolationRegistration {
    /// For generated code only.
    pub const fn new(handler: fn() -> &'static str, isolation: &'static Isolation) -> Self {
        IsolationRegistration { handler, isolation }
    }
}

inventory::collect!(IsolationRegistration);

/// The type path of a handler's fn item, the key both registries share.
#[doc(hidden)]
pub fn isolation_type_of_val<T: 'static>(_: &T) -> &'static str {
    std::any::type_name::<T>()
}

static BY_PATH: Lazy<HashMap<&'static str, &'static Isolation>> = Lazy::new(|| {
    inventory::iter::<IsolationRegistration>
        .into_iter()
        .map(|r| ((r.handler)(), r.isolation))
        .collect()
});

/// The keys `#[cors(...)]` gives the handler whose fn item has this type path.
pub(crate) fn own_isolation(type_path: Option<&'static str>) -> Option<&'static Isolation> {
    BY_PATH.get(type_path?).copied()
}

impl Policy {
    /// For `cors_policy!` and `#[cors(origins = ...)]` with isolation keys: the policy carrying
    /// them.
    #[doc(hidden)]
    pub const fn __isolated(self, isolation: &'static Isolation) -> Self {
        let mut policy = self;
        // Replaced, not dropped: a const fn may not run a destructor.
        core::mem::forget(policy.isolation.replace(Cow::Borrowed(isolation)));
        policy
    }

    /// For the merge of a named policy (`named.rs`): `base`'s isolation keys, carried along.
    pub(crate) const fn with_isolation_of(self, base: &'static Policy) -> Self {
        match &base.isolation {
            Some(Cow::Borrowed(isolation)) => self.__isolated(isolation),
            Some(Cow::Owned(isolation)) => self.__isolated(isolation),
            None => self,
        }
    }

    /// The cross-origin isolation headers this policy sets (`cors_policy!(..., opener_policy =
    /// "same-origin")`, [`PolicyBuilder::opener_policy`](crate::PolicyBuilder::opener_policy)).
    /// A handler's own keys and the router's defaults complete them; the policy table shows what
    /// each route sends.
    pub fn isolation(&self) -> Option<&Isolation> {
        self.isolation.as_deref()
    }
}
