//! The axum integration, end to end: `CorsRouter` turned into a real `axum::Router`, driven with
//! `tower::ServiceExt::oneshot` (and once over a loopback TCP connection with a raw HTTP/1.1
//! client). One test binary, a module per topic; the handlers and helpers they share live here.

mod actual;
mod building;
mod defaults;
mod env_origins;
mod front;
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
mod edge_cases;
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
use cors_runtime::engine::{classify, RequestKind};
use cors_runtime::routing::{any, delete, get, options, post, put};
use cors_runtime::{cors, CorsRouter, CorsService, RouteError};
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

fn app() -> Served {
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
        .into_served()
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

/// A router as the tests serve it: the `axum::Router` of `into_router` and, for a `CorsRouter`,
/// the `CorsService` of `into_make_service`, which answers preflights in front of axum's routing.
#[derive(Clone, Debug)]
struct Served {
    router: axum::Router,
    front: Option<CorsService>,
    /// Whether a preflight goes through both (see `send`).
    compare: bool,
}

impl Served {
    /// For a test that counts what a preflight does (events, calls of an origin function): a
    /// preflight goes through the front only, once.
    fn observed(mut self) -> Self {
        self.compare = false;
        self
    }
}

trait IntoServed {
    fn into_served(self) -> Served;
}

impl IntoServed for CorsRouter {
    fn into_served(self) -> Served {
        let front = self.clone().into_make_service();
        Served {
            router: self.into_router(),
            front: Some(front),
            compare: true,
        }
    }
}

impl From<axum::Router> for Served {
    fn from(router: axum::Router) -> Self {
        Served {
            router,
            front: None,
            compare: false,
        }
    }
}

async fn read(response: axum::response::Response) -> (StatusCode, HeaderMap, String) {
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// Sends `req`. A preflight goes both through the `axum::Router` and through the front, which
/// must answer alike (status, every header, body): no handler or layer runs for either, so the
/// second answer changes nothing the test observes. Any other request goes through the
/// `CorsService` when there is one (what `axum::serve` is given), else the `axum::Router`.
async fn send(served: impl Into<Served>, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let served = served.into();
    let Some(front) = served.front else {
        return read(served.router.oneshot(req).await.unwrap()).await;
    };
    if !served.compare || classify(req.method(), req.headers()) != RequestKind::Preflight {
        return read(front.oneshot(req).await.unwrap()).await;
    }
    let mut copy = Request::builder().method(req.method()).uri(req.uri());
    *copy.headers_mut().unwrap() = req.headers().clone();
    let copy = copy.body(Body::empty()).unwrap();
    let in_router = read(served.router.oneshot(copy).await.unwrap()).await;
    let in_front = read(front.oneshot(req).await.unwrap()).await;
    assert_eq!(
        in_front, in_router,
        "the front and the axum::Router answer alike"
    );
    in_front
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
