//! Fetch-standard CORS for axum, with per-route policies written as `#[cors(...)]` on handlers and
//! checked at compile time.
//!
//! # Quick start
//!
//! ```no_run
//! use cors_runtime::routing::get;
//! use cors_runtime::{cors, CorsRouter};
//!
//! #[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
//! async fn list_users() -> &'static str {
//!     "[]"
//! }
//!
//! #[tokio::main]
//! async fn main() {
//!     let cors = CorsRouter::new().route("/users", get(list_users));
//!     println!("{}", cors.table()); // every route with its policy
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
//!     axum::serve(listener, cors.into_make_service()).await.unwrap();
//! }
//! ```
//!
//! A preflight to `/users` is answered from `list_users`' policy without running it; every
//! response of the route (the handler's, an extractor's rejection, a `route_layer`'s, a 405)
//! carries the CORS headers that policy gives the request's origin. A policy the browser would
//! reject (`origins = ["*"]` with `credentials`, a forbidden header name, ...) is a compile error.
//! Policies read from configuration go through [`Policy::builder`], which returns every problem
//! as an `Err` before the server starts.
//!
//! # Map
//!
//! How an annotation becomes a row of the router's table:
//!
//! 1. `#[cors(...)]` (crate `cors-macros`) checks the policy with `cors-rules`, the one judge of a
//!    valid policy, and writes it as a `static` [`Policy`] (`policy.rs`).
//! 2. It registers that static with the handler's type in a link-time list (`registry.rs`).
//! 3. A routing function ([`routing::get`], ...; `routing.rs`) finds the handler's policy by its
//!    type (also through a wrapper such as `list_users.layer(..)`, whose type names it) and
//!    records it beside the axum method router. A closure calling a handler
//!    (`get(|| list_users())`) names nothing: it routes without a policy.
//! 4. [`CorsRouter`] (`router.rs`) collects the routes of each path, checks them (refusing with a
//!    [`RouteError`], `route_error.rs`), and lists them in its [`PolicyTable`] (`table.rs`).
//! 5. [`CorsRouter::into_router`] gives the router default and reads origins from the environment
//!    (`router/resolve.rs`), then wraps each path, handlers and `route_layer`s together, in one
//!    path service (`service.rs`); a path with nothing around its handlers lets them decorate
//!    their own responses instead, and its 405 fallback answers its preflights (`decorated.rs`).
//! 6. [`CorsRouter::into_make_service`] (`router/serve.rs`) also puts a [`CorsService`]
//!    (`front.rs`) in front of the `axum::Router`: it answers preflights to the router's paths
//!    before axum's routing, with the same path services' policies and code.
//!
//! How a request flows through the path service:
//!
//! 1. Classification (`request.rs`): not CORS, preflight, or actual request.
//! 2. Method resolution (`method_resolution.rs`): which handler of the path the (requested)
//!    method reaches, hence which policy answers. The route documentation asks the same module.
//! 3. A preflight is answered on the spot (`preflight.rs`, reading `Access-Control-Request-Headers`
//!    in `request_headers.rs` and matching the origin in `origin.rs`); no handler or layer runs.
//! 4. An actual request runs the handler; its response is decorated (`actual.rs`).
//! 5. `Vary: Origin` goes on every response whose answer depends on the origin (`vary.rs`).
//! 6. The handler's cross-origin isolation headers (`Cross-Origin-Resource-Policy`,
//!    `-Opener-Policy`, `-Embedder-Policy`; `isolation.rs`) go on its response too.
//! 7. A refusal is reported (`diagnostics.rs`): a `debug` event with target `cors_runtime`, and
//!    with [`CorsRouter::debug_reasons`] an `x-cors-reason` response header.
//!
//! [`CorsRouter::explain`] (`explain.rs`) runs steps 1 to 4 for a request without sending it and
//! says which route, policy and reason decided, and what to change.
//!
//! Route documentation (Markdown, JSON, OpenAPI) is generated from the table by [`docs`].
//! [`CorsRouter::check_coverage`] (`coverage.rs`) compares the registry with what a router
//! routes, so a test fails when a `#[cors]` handler is routed with plain axum or not at all.
//!
//! # Layers
//!
//! A layer that can answer on its own (timeout 408, body limit 413, rate limit 429, a caught
//! panic's 500) goes on the [`CorsRouter`] ([`CorsRouter::layer`]) or a method router
//! ([`routing::MethodRouter::layer`], [`routing::MethodRouter::route_layer`]): there it sits
//! inside the CORS decoration, so its answers carry the route's CORS headers and it never sees a
//! preflight. Layers added to the `axum::Router` after [`CorsRouter::into_router`] sit outside
//! CORS: their own answers have no CORS headers, and the browser reports a CORS error instead of
//! the status.
//!
//! ```
//! # use cors_runtime::{cors, routing::get, CorsRouter};
//! use tower_http::catch_panic::CatchPanicLayer;
//!
//! #[cors(origins = ["https://app.example.com"])]
//! async fn report() -> &'static str {
//!     panic!("the report could not be built")
//! }
//!
//! // A panicking handler answers 500 with `Access-Control-Allow-Origin`: the page can read it.
//! let app: axum::Router = CorsRouter::new()
//!     .route("/report", get(report))
//!     .layer(CatchPanicLayer::new())
//!     .into_router();
//! ```
//!
//! A route without a policy sends no CORS headers: any its handler sets itself are removed, so
//! the table's "no CORS" is what the browser sees.
//! The engine's pieces, for serving CORS without the router, are in [`engine`].
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod actual;
mod builder;
mod coverage;
mod decorated;
mod diagnostics;
#[cfg(feature = "docs")]
pub mod docs;
mod env_origins;
mod explain;
mod front;
mod isolation;
mod lookup_hash;
mod method_resolution;
mod named;
mod origin;
mod origin_fn;
mod policy;
mod preflight;
mod provenance;
mod registry;
mod request;
mod request_headers;
mod route_error;
mod router;
pub mod routing;
mod service;
mod shared;
mod table;
#[cfg(test)]
mod test_support;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "utoipa-axum")]
pub mod utoipa_axum;
mod vary;

pub use builder::{PolicyBuilder, PolicyError};
pub use cors_macros::{cors, cors_policy};
/// What [`PolicyError::problems`] lists: each problem of a policy, and where it is.
pub use cors_rules::{Problem, Site};
pub use coverage::{CoverageError, UnroutedHandler};
pub use env_origins::{ConfigError, ConfigProblem};
pub use explain::{Decision, ExplainedRoute, Explanation};
pub use front::{CorsService, CorsServiceFuture};
pub use isolation::{EmbedderPolicy, Isolation, OpenerPolicy, ReportTo, ResourcePolicy};
pub use origin_fn::Origin;
pub use policy::{HeaderNames, Policy};
pub use preflight::{PreflightAnswer, Rejection};
pub use provenance::PolicySource;
pub use route_error::RouteError;
pub use router::CorsRouter;
pub use shared::SharedPolicy;
pub use table::{PolicyTable, RouteMethod, TableRoute};
// The path the builder's tests use.
#[cfg(test)]
pub(crate) use preflight::RoutedMethods;

pub mod engine {
    //! The engine without the router: for serving CORS from your own tower service or middleware.
    //!
    //! [`CorsRouter`](crate::CorsRouter) does all of this for you. Use these pieces only when you route requests
    //! yourself: find the handler's policy ([`lookup`]), [`classify`] the request, answer a preflight
    //! with [`Policy::preflight`](crate::Policy::preflight) (passing [`RoutedMethods`]) or a path without policy with
    //! [`rejected_preflight`], and decorate the response of an actual request with
    //! [`Policy::decorate`](crate::Policy::decorate).
    //!
    //! What is here and why:
    //! - [`lookup`] and [`Annotated`]: the registry's answer for a handler's own fn item type, for
    //!   anyone applying a handler's policy outside `CorsRouter`. (The routing functions also look
    //!   through wrappers such as `handler.layer(..)`; `lookup` does not.)
    //! - [`classify`] and [`RequestKind`]: the first decision of every request.
    //! - [`RoutedMethods`]: what a policy without `methods` grants depends on the routing, which only
    //!   the caller knows.
    //! - [`rejected_preflight`]: the answer (and log line) for a path without a policy.
    //! - [`append_vary_origin`]: for responses your own code produces outside a decorated handler.
    //! - [`requested_headers`], [`RequestHeaderNames`], [`MalformedRequestHeaders`] and the `MAX_*`
    //!   budgets: the bounded parser of `Access-Control-Request-Headers`, for logging or your own
    //!   checks; the limits are documented so a caller knows what is refused.
    //!
    //! What is not public, and why: the origin matcher's view (`AllowedOrigins`) and `OriginPattern`
    //! have no constructor a user could call (only generated code and the builder make them; a
    //! pattern's port is `cors_rules::Port`, the one port type of macro, builder and matcher), and
    //! `NameList` is an alias of `Cow<'static, [Cow<'static, str>]>`, which
    //! [`HeaderNames`](crate::HeaderNames) shows as it is.

    pub use crate::origin::MAX_ORIGIN_LEN;
    pub use crate::preflight::{rejected_preflight, RoutedMethods};
    pub use crate::registry::{lookup, Annotated};
    pub use crate::request::{classify, RequestKind};
    pub use crate::request_headers::{
        requested_headers, MalformedRequestHeaders, RequestHeaderNames, MAX_EMPTY_ELEMENTS,
        MAX_LEN, MAX_WHITESPACE_RUN,
    };
    pub use crate::vary::append_vary_origin;
}

/// Items used by code that `#[cors]` generates. Not a public API: it may change in any release.
///
/// The version in the name is the contract between the macro and this crate: a `cors-macros`
/// that generates code for another contract fails to compile with "could not find
/// `__private_v1` in `cors_runtime`" instead of misbehaving.
#[doc(hidden)]
pub mod __private_v1 {
    pub use crate::isolation::{isolation_type_of_val, IsolationRegistration};
    pub use crate::named::{
        MergeMessages, OriginFacts, Override, OverrideOrigins, CONFLICT_ANY, CONFLICT_INSECURE,
        CONFLICT_PUBLIC_SUFFIX,
    };
    pub use crate::origin_fn::Origin;
    /// Named here so generated code never spells `bool`, which a user's crate may shadow.
    pub type OriginFnPtr = fn(&Origin<'_>) -> bool;
    /// Named here so generated code never spells `str`.
    pub type TypePath = &'static str;
    pub use crate::isolation::Reporting;
    pub use crate::policy::{HeaderNames, OriginPattern, Policy, PolicyParts};
    pub use crate::registry::{handler_type_of_val, HandlerType, Registration};
    pub use crate::{EmbedderPolicy, Isolation, OpenerPolicy, ResourcePolicy};
    pub use ::core::module_path;
    pub use ::core::option::Option::{None, Some};
    pub use ::cors_rules::Port;
    pub use ::http::HeaderValue;
    pub use ::inventory;
    pub use ::std::borrow::Cow;
    #[cfg(feature = "utoipa-axum")]
    pub use ::utoipa_axum::routes as utoipa_axum_routes;
}
