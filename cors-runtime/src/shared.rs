//! A policy as the router keeps it: borrowed from a `static` (what `#[cors]` and `cors_policy!`
//! write) or shared through an `Arc` (a policy built at run time), so a runtime policy needs no
//! `'static` lifetime and no leak. Cloning one is a pointer copy or a reference-count increment,
//! never an allocation, so the request path may clone it.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::Policy;

/// A [`Policy`] the router can hold: a `&'static Policy`, an owned `Policy` or an `Arc<Policy>`.
///
/// Every function that takes a policy takes `impl Into<SharedPolicy>`, so each of the three is
/// passed as it is:
///
/// ```
/// use std::sync::Arc;
/// use cors_runtime::{cors_policy, Policy, SharedPolicy};
///
/// static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"]);
/// let from_static: SharedPolicy = (&WRITES).into();
///
/// let built = Policy::builder().origins(["https://staging.example.com"]).build().unwrap();
/// let shared = Arc::new(built);
/// let from_arc: SharedPolicy = shared.clone().into();
/// assert_eq!(from_arc.origins(), ["https://staging.example.com"]);
/// # let _ = from_static;
/// ```
#[derive(Clone)]
pub struct SharedPolicy(Inner);

#[derive(Clone)]
enum Inner {
    Static(&'static Policy),
    Shared(Arc<Policy>),
}

impl SharedPolicy {
    /// Whether both name the same policy (the same `static` or the same allocation).
    pub fn ptr_eq(&self, other: &SharedPolicy) -> bool {
        std::ptr::eq(&**self, &**other)
    }
}

impl Deref for SharedPolicy {
    type Target = Policy;

    fn deref(&self) -> &Policy {
        match &self.0 {
            Inner::Static(policy) => policy,
            Inner::Shared(policy) => policy,
        }
    }
}

impl AsRef<Policy> for SharedPolicy {
    fn as_ref(&self) -> &Policy {
        self
    }
}

impl From<&'static Policy> for SharedPolicy {
    fn from(policy: &'static Policy) -> Self {
        SharedPolicy(Inner::Static(policy))
    }
}

impl From<Arc<Policy>> for SharedPolicy {
    fn from(policy: Arc<Policy>) -> Self {
        SharedPolicy(Inner::Shared(policy))
    }
}

impl From<Policy> for SharedPolicy {
    fn from(policy: Policy) -> Self {
        SharedPolicy(Inner::Shared(Arc::new(policy)))
    }
}

impl fmt::Debug for SharedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Policy::fmt(self, f)
    }
}

impl fmt::Display for SharedPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}
