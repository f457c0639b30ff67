//! Fetch-standard CORS for axum, with per-route policies written as `#[cors(...)]` on handlers and
//! checked at compile time.
#![deny(missing_docs)]

mod policy;
mod registry;

pub use cors_macros::cors;
pub use policy::{AllowedOrigins, HeaderNames, NameList, OriginPattern, Policy, PortPattern};
pub use registry::{lookup, Annotated};

/// Items used by code that `#[cors]` generates. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::policy::{HeaderNames, OriginPattern, Policy, PolicyParts, PortPattern};
    pub use crate::registry::{type_id_of_val, Registration};
    pub use ::core::any::TypeId;
    pub use ::core::option::Option::{None, Some};
    pub use ::http::HeaderValue;
    pub use ::inventory;
    pub use ::std::borrow::Cow;
}
