//! The recipe the docs give: `CatchPanicLayer` through `CorsRouter::layer`, so a panicking
//! handler's 500 carries the route's CORS headers and the page can read the error.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouter};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;

#[cors(origins = ["https://app.example.com"], credentials)]
async fn panics() -> &'static str {
    panic!("the handler panicked (expected by this test)")
}

#[tokio::test]
async fn a_panicking_handler_gives_a_decorated_500() {
    let app = CorsRouter::new()
        .route("/panics", get(panics))
        .layer(CatchPanicLayer::new())
        .into_router();
    let request = Request::builder()
        .uri("/panics")
        .header("origin", "https://app.example.com")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let h = response.headers();
    let cors: Vec<&str> = h
        .keys()
        .map(|k| k.as_str())
        .filter(|k| k.starts_with("access-control-"))
        .collect();
    assert_eq!(
        cors,
        [
            "access-control-allow-origin",
            "access-control-allow-credentials"
        ]
    );
    assert_eq!(h["access-control-allow-origin"], "https://app.example.com");
    assert_eq!(h["access-control-allow-credentials"], "true");
    assert_eq!(h["vary"], "Origin");

    // Its preflight is answered without running the handler (which would panic).
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/panics")
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "GET")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(preflight).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
}
