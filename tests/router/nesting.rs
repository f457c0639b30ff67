//! Nesting follows axum: a nested router's fallback answers under its prefix; nesting at `/`
//! panics.

use super::IntoServed;
use super::*;

async fn api_404() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "api 404")
}

#[tokio::test]
async fn a_nested_routers_fallback_is_kept() {
    let app = CorsRouter::new()
        .route("/public", get(public))
        .nest(
            "/api",
            CorsRouter::new()
                .route("/users", get(list_users))
                .fallback(api_404),
        )
        .into_served();

    let (status, _, body) =
        send(app.clone(), request("GET", "/api/nope", &[("origin", APP)])).await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, "api 404"));
    let (status, _, body) = send(app.clone(), request("GET", "/api/deeper/nope", &[])).await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, "api 404"));
    // Outside the prefix, the outer router's (default) fallback.
    let (status, _, body) = send(app.clone(), request("GET", "/nope", &[])).await;
    assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, ""));
    // The nested routes keep their policies.
    let (status, h, body) = send(
        app.clone(),
        request("GET", "/api/users", &[("origin", APP)]),
    )
    .await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "users"));
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    assert_eq!(all(&h, "access-control-allow-credentials"), ["true"]);
    let (status, h, _) = send(app, preflight("/api/users", APP, "GET", Some("x-foo"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[test]
#[should_panic(expected = "Nesting at the root is no longer supported")]
fn nesting_at_the_root_panics_as_axum_does() {
    let _ = CorsRouter::<()>::new().nest("/", CorsRouter::new().route("/public", get(public)));
}

#[test]
#[should_panic(expected = "Nesting at the root is no longer supported")]
fn nesting_at_the_empty_path_panics_as_axum_does() {
    let _ = CorsRouter::<()>::new().nest("", CorsRouter::new().route("/public", get(public)));
}
