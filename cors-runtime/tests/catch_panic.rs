//! A handler that panics, caught by tower-http's `CatchPanicLayer` as a `route_layer`: the 500 it
//! makes is the route's response, so it carries the route's CORS headers like any other.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouter};
use tower::ServiceExt;

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.net";

#[cors(origins = ["https://app.example.com"], credentials)]
async fn panics() -> &'static str {
    panic!("this handler always panics")
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
async fn a_caught_panic_is_a_decorated_500() {
    let app = CorsRouter::new()
        .route("/panics", get(panics))
        .route_layer(tower_http::catch_panic::CatchPanicLayer::new())
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
