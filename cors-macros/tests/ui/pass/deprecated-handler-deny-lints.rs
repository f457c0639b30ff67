// Generated code never warns, whatever the crate denies: a `#[deprecated]` handler is named by
// its registration without tripping the deprecation lint.
#![deny(warnings, clippy::pedantic, deprecated, unused, missing_docs)]
//! A crate that denies every warning.

use cors_runtime::cors;

/// Kept for old clients.
#[deprecated = "use v2"]
#[cors(origins = ["https://app.example.com"], methods = [GET], max_age = 600)]
pub async fn old_handler() -> &'static str {
    "old"
}

/// The same, with `#[deprecated]` after the attribute.
#[cors(origins = ["https://app.example.com"])]
#[deprecated(note = "use v3")]
pub async fn older_handler() {}

#[allow(deprecated)]
fn main() {
    let router: cors_runtime::CorsRouter = cors_runtime::CorsRouter::new()
        .route("/old", cors_runtime::routing::get(old_handler))
        .route("/older", cors_runtime::routing::get(older_handler));
    assert_eq!(router.table().len(), 2);
}
