//! The axum integration, end to end: `CorsRouter` turned into a real `axum::Router`, driven with
//! `tower::ServiceExt::oneshot` (and once over a loopback TCP connection with a raw HTTP/1.1
//! client). One test binary, a module per topic; the handlers and helpers they share live here.

mod actual;
mod building;
mod defaults;
mod env_origins;
// The example itself: it must refuse a bad value before serving.
#[allow(dead_code)]
#[path = "../../examples/env_origins.rs"]
mod env_origins_example;
// The example server itself, so its routes are checked as the browser suite serves them.
#[allow(dead_code)]
#[path = "../../examples/conformance.rs"]
mod conformance;
mod diagnostics;
mod isolation;
// The `--explain` argument parser the quickstart uses.
#[allow(dead_code)]
#[path = "../../examples/explain_args/mod.rs"]
mod explain_args;
mod layers;
mod loopback;
mod method_agreement;
mod nesting;
mod no_policy;
mod origin_fn;
mod policies;
mod preflight;
mod provenance;
mod router_api;
mod wrappers;

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use cors_runtime::routing::{any, delete, get, options, post, put};
use cors_runtime::{cors, CorsRouter, RouteError};
use tower::ServiceExt;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example.net";

// Each test uses its own handlers' counters, so tests running in parallel do not disturb each other.
static USERS_RAN: AtomicUsize = AtomicUsize::new(0);
static DELETE_RAN: AtomicUsize = AtomicUsize::new(0);
static OPTIONS_RAN: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type", "x-foo"],
       expose = ["x-a"], max_age = 600)]
async fn list_users() -> impl IntoResponse {
    USERS_RAN.fetch_add(1, Ordering::SeqCst);
    // A handler that sets its own CORS header and Vary: the policy's value wins, Vary is kept.
    (
        [
            ("access-control-allow-origin", "https://wrong.example"),
            ("vary", "accept-encoding"),
            ("x-a", "1"),
        ],
        "users",
    )
}

#[cors(origins = ["https://admin.example.com"], credentials)]
async fn delete_user() -> &'static str {
    DELETE_RAN.fetch_add(1, Ordering::SeqCst);
    "deleted"
}

#[cors(origins = ["*"], expose = ["x-a"])]
async fn public() -> impl IntoResponse {
    ([("x-a", "1")], "public")
}

async fn same_origin_only() -> &'static str {
    "plain"
}

async fn own_options() -> StatusCode {
    OPTIONS_RAN.fetch_add(1, Ordering::SeqCst);
    StatusCode::NO_CONTENT
}

#[cors(origins = ["https://app.example.com"], headers = ["content-type"])]
async fn create(Json(body): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(body)
}

#[cors(origins = ["https://app.example.com"])]
async fn fails() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, "boom")
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn get_only() -> &'static str {
    "get only"
}

#[cors(origins = ["https://app.example.com"], headers = ["x-foo"])]
async fn anything() -> &'static str {
    "any"
}

fn app() -> axum::Router {
    CorsRouter::new()
        .route(
            "/users",
            get(list_users).post(list_users).delete(delete_user),
        )
        .route("/public", get(public))
        .route("/plain", get(same_origin_only).post(same_origin_only))
        .route("/with-options", get(public).merge(options(own_options)))
        .route("/json", post(create))
        .route("/fails", get(fails))
        .route("/any", any(anything))
        .into_router()
}

fn request(method: &str, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

fn preflight(uri: &str, origin: &str, method: &str, headers: Option<&str>) -> Request<Body> {
    let mut h = vec![
        ("origin", origin),
        ("access-control-request-method", method),
    ];
    if let Some(headers) = headers {
        h.push(("access-control-request-headers", headers));
    }
    request("OPTIONS", uri, &h)
}

async fn send(router: axum::Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = router.oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn all<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

fn varies_on_origin(headers: &HeaderMap) -> bool {
    all(headers, "vary")
        .iter()
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case("origin"))
}

#[cors(origins = ["https://app.example.com"], methods = [*])]
async fn every_method() -> &'static str {
    "every"
}

#[cors(origins = ["https://app.example.com"], methods = [GET], headers = ["x-foo"])]
async fn listed_get() -> &'static str {
    "get"
}
