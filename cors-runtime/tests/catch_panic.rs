//! The recipe the docs give: `CatchPanicLayer` through `CorsRouter::layer`, so a panicking
//! handler's 500 carries the route's CORS headers and the page can read the error.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouter};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";

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

async fn get_from(app: axum::Router, origin: &str) -> (StatusCode, http::HeaderMap) {
    let request = Request::get("/panics")
        .header("origin", origin)
        .body(Body::empty())
        .expect("a valid request");
    let response = app.oneshot(request).await.expect("infallible");
    (response.status(), response.headers().clone())
}

fn values<'a>(headers: &'a http::HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ASCII header"))
        .collect()
}

#[tokio::test]
async fn a_panic_caught_by_a_route_layer_is_a_decorated_500_too() {
    let app = CorsRouter::new()
        .route("/panics", get(panics))
        .route_layer(CatchPanicLayer::new())
        .into_router();

    let (status, h) = get_from(app.clone(), APP).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(values(&h, "access-control-allow-origin"), [APP]);
    assert_eq!(values(&h, "access-control-allow-credentials"), ["true"]);
    assert_eq!(values(&h, "vary"), ["Origin"]);

    let (status, h) = get_from(app, EVIL).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(h.keys().all(|k| !k.as_str().starts_with("access-control-")));
    assert_eq!(values(&h, "vary"), ["Origin"]);
}
