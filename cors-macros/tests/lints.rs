//! Generated code never warns, under rustc's and clippy's strictest settings
//! (`cargo clippy --all-targets -- -D warnings` compiles this file with clippy's lints on).
#![deny(warnings, clippy::pedantic, deprecated, unused, missing_docs)]

use cors_runtime::cors;

/// A deprecated handler: its registration names it without tripping the deprecation lint.
#[deprecated = "use `current`"]
#[cors(
    origins = ["https://app.example.com", "https://*.example.com:*"],
    credentials,
    methods = [GET, POST],
    headers = ["content-type"],
    expose = ["x-request-id"],
    max_age = 600,
    private_network,
)]
pub async fn legacy() -> &'static str {
    "legacy"
}

/// Its replacement.
#[cors(origins = ["*"], methods = [*], headers = ["*"], expose = ["*"])]
pub async fn current() {}

#[test]
#[allow(deprecated)]
fn both_are_routed() {
    let router: cors_runtime::CorsRouter = cors_runtime::CorsRouter::new()
        .route("/legacy", cors_runtime::routing::get(legacy))
        .route("/current", cors_runtime::routing::get(current));
    assert_eq!(router.table().len(), 2);
}
