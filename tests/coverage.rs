//! `CorsRouter::check_coverage`: every `#[cors]` handler of the binary is routed by the router, or
//! the check names the ones that are not. Its own test binary, so that the handlers of the binary
//! are exactly the ones below.

use cors_runtime::routing::{get, post};
use cors_runtime::{cors, CorsRouter};

#[cors(origins = ["https://app.example.com"])]
async fn routed() -> &'static str {
    "routed"
}

#[cors(origins = ["https://app.example.com"])]
async fn routed_in_a_nested_router() -> &'static str {
    "nested"
}

#[cors(origins = ["https://app.example.com"])]
async fn routed_with_axum() -> &'static str {
    "axum"
}

#[cors(origins = ["https://app.example.com"])]
async fn called_from_a_closure() -> &'static str {
    "closure"
}

mod admin {
    use super::cors;

    #[cors(origins = ["https://admin.example.com"], credentials)]
    pub async fn never_routed() -> axum::http::StatusCode {
        axum::http::StatusCode::NO_CONTENT
    }
}

#[test]
fn the_check_names_handlers_routed_with_axum_from_a_closure_or_not_at_all() {
    let plain = axum::Router::new().route("/axum", axum::routing::get(routed_with_axum));
    let cors = CorsRouter::<()>::new()
        .route("/routed", get(routed))
        .route("/closure", get(|| async { called_from_a_closure().await }))
        .nest(
            "/api",
            CorsRouter::new().route("/nested", post(routed_in_a_nested_router)),
        )
        .merge(plain);
    let err = cors.check_coverage().unwrap_err();
    let unrouted: Vec<(&str, &str)> = err
        .unrouted()
        .iter()
        .map(|h| (h.module_path, h.name))
        .collect();
    assert_eq!(
        unrouted,
        [
            ("coverage", "called_from_a_closure"),
            ("coverage", "routed_with_axum"),
            ("coverage::admin", "never_routed"),
        ]
    );
    let message = err.to_string();
    assert!(
        message.starts_with("3 #[cors] handler(s) not routed"),
        "{message}"
    );
    assert!(
        message.contains("`never_routed` in `coverage::admin`"),
        "{message}"
    );
}

#[test]
fn a_fully_routed_app_passes() {
    let api = CorsRouter::new()
        .route("/nested", post(routed_in_a_nested_router))
        .route("/admin", get(admin::never_routed));
    let cors = CorsRouter::<()>::new()
        .route("/routed", get(routed).post(called_from_a_closure))
        .merge(CorsRouter::new().route("/axum", get(routed_with_axum)))
        .nest("/api", api);
    assert_eq!(cors.check_coverage(), Ok(()));
}
