//! Fetch-standard CORS for axum, with per-route policies written as `#[cors(...)]` on handlers and
//! checked at compile time.
#![deny(missing_docs)]

mod actual;
mod builder;
pub mod docs;
mod origin;
mod policy;
mod preflight;
mod registry;
mod request;
pub mod request_headers;
mod router;
pub mod routing;
mod service;
mod table;
#[cfg(test)]
mod test_policy;
#[cfg(feature = "testing")]
pub mod testing;
mod vary;

pub use builder::{PolicyBuilder, PolicyError};
pub use cors_macros::cors;
pub use origin::MAX_ORIGIN_LEN;
pub use policy::{AllowedOrigins, HeaderNames, NameList, OriginPattern, Policy, PortPattern};
pub use preflight::{rejected_preflight, PreflightAnswer, Rejection, RoutedMethods};
pub use registry::{lookup, Annotated};
pub use request::{classify, RequestKind};
pub use request_headers::{requested_headers, MalformedRequestHeaders, RequestHeaderNames};
pub use router::{CorsRouter, RouteError};
pub use table::{PolicyTable, Route, RouteMethod};
pub use vary::append_vary_origin;

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
