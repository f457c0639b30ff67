//! Route documentation generated from the policy table: who may call each route cross-origin.
//!
//! The `#[cors]` attributes already say, per handler, which origins may call it and with what.
//! This module turns the router's [`PolicyTable`](crate::PolicyTable) into documents a security reviewer or a front-end
//! developer can read without opening the code:
//!
//! - [`markdown`]: one table, a row per (path, method), with a short legend. It renders on GitHub,
//!   GitLab, Gitea and Forgejo.
//! - [`json`]: the same rows for tooling, as a versioned [`Document`] (`{"version": 1, "routes":
//!   [...]}`).
//! - [`merge_openapi`]: adds an `x-cors` object to each matching operation of an existing OpenAPI
//!   3.x document (from utoipa, aide or a hand-written file), with the field names of the
//!   `x-amazon-apigateway-cors` extension. With the `utoipa` cargo feature, `merge_utoipa` does the
//!   same on a `utoipa::openapi::OpenApi`. A route's cross-origin isolation headers
//!   (`Cross-Origin-Resource-Policy`, `-Opener-Policy`, `-Embedder-Policy`) go in an
//!   `x-cross-origin-isolation` object beside it ([`IsolationDoc`]).
//!
//! Rows come in the table's order (path, then method), so a change of policy is a one-line diff.
//! They are the routes of the `CorsRouter` the table came from, with the `CorsRouter`s nested or
//! merged into it. Plain `axum::Router` routes merged in, and anything merged into the
//! `axum::Router` after `into_router()`, cannot appear: the `CorsRouter` never sees them.
//!
//! To keep a checked-in copy honest, compare it in a test with [`check_or_update`]: the test fails
//! with a line diff when the file is out of date, and rewrites the file instead when the
//! environment variable [`OVERWRITE_VAR`] (`CORS_DOCS`) is set to `overwrite` (read once per
//! process; [`check_or_update_with`] takes the [`Mode`] explicitly instead).
//!
//! ```no_run
//! use cors_runtime::{cors, docs, routing::get, CorsRouter};
//!
//! #[cors(origins = ["https://app.example.com"], credentials)]
//! async fn me() -> &'static str {
//!     "me"
//! }
//!
//! fn routes() -> CorsRouter {
//!     CorsRouter::new().route("/me", get(me))
//! }
//!
//! // In a test: `CORS_DOCS=overwrite cargo test` writes the file, plain `cargo test` checks it.
//! let table = routes().table();
//! docs::check_or_update("CORS.md", &docs::markdown(&table)).unwrap();
//! ```

mod diff;
mod isolation;
mod json;
mod markdown;
mod openapi;
mod staleness;

pub use isolation::IsolationDoc;
pub use json::{json, CorsDoc, Document, RouteDoc};
pub use markdown::markdown;
#[cfg(feature = "utoipa")]
pub use openapi::merge_utoipa;
pub use openapi::{merge_openapi, OpenApiMerge};
pub use staleness::{
    check, check_or_update, check_or_update_with, update, Mode, StaleDoc, OVERWRITE_VALUE,
    OVERWRITE_VAR,
};

#[cfg(test)]
pub(crate) mod fixtures;
