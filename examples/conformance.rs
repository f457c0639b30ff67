//! The server that the real-browser conformance suite (`tests/browser/run.sh`) drives.
//!
//! ```sh
//! cargo run --example conformance      # serves on 127.0.0.1:8701 (CONFORMANCE_PORT overrides)
//! ```
//!
//! Every handler answers with `x-a: 1` and `x-b: 2`, so a page can tell an exposed header from an
//! unexposed one, and appends `{method, path, query, origin}` to an in-memory log. `GET /__log`
//! returns that log as a JSON array and empties it: the suite reads it after each case to learn
//! which handlers the browser's requests actually reached (a preflight must never reach one).

use std::sync::Mutex;

use axum::extract::Path;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::Json;
use cors_runtime::routing::{get, post, put};
use cors_runtime::{cors, CorsRouter};
use serde::Serialize;
use serde_json::{json, Value};

/// One handler run. `origin` is `None` when the request had no `Origin` header, and `"null"` when
/// the browser sent the opaque origin (sandboxed frames), which the suite tells apart.
#[derive(Serialize, Clone)]
struct Entry {
    method: String,
    path: String,
    query: Option<String>,
    origin: Option<String>,
}

static LOG: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// Past this many unread entries the oldest go: a server left running without the suite reading
/// `/__log` must not grow without bound.
const LOG_CAP: usize = 10_000;

/// The two headers every handler sets: the policies expose `x-a` and never `x-b`.
const MARKERS: [(&str, &str); 2] = [("x-a", "1"), ("x-b", "2")];

fn record(method: &Method, uri: &Uri, headers: &HeaderMap) {
    let entry = Entry {
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        origin: headers
            .get("origin")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
    };
    // A poisoned lock only means an earlier handler panicked mid-push; the log is still usable.
    let mut log = LOG.lock().unwrap_or_else(|e| e.into_inner());
    if log.len() >= LOG_CAP {
        log.remove(0);
    }
    log.push(entry);
}

fn ran(method: &Method, uri: &Uri, headers: &HeaderMap) -> impl IntoResponse {
    record(method, uri, headers);
    (
        MARKERS,
        Json(json!({ "method": method.as_str(), "path": uri.path() })),
    )
}

#[cors(origins = ["*"], expose = ["x-a"])]
async fn public(method: Method, uri: Uri, headers: HeaderMap) -> impl IntoResponse {
    ran(&method, &uri, &headers)
}

/// Routed on GET, POST and PUT: one policy shared by three methods.
#[cors(origins = ["http://localhost:8700"], credentials,
       headers = ["content-type", "x-foo", "authorization"], expose = ["x-a"], max_age = 600)]
async fn private(method: Method, uri: Uri, headers: HeaderMap) -> impl IntoResponse {
    ran(&method, &uri, &headers)
}

/// Same path as [`private`], different origin: only the admin console may delete.
#[cors(origins = ["http://admin.localhost:8700"], credentials)]
async fn private_delete(method: Method, uri: Uri, headers: HeaderMap) -> impl IntoResponse {
    ran(&method, &uri, &headers)
}

#[cors(origins = ["http://*.app.localhost:8700"], headers = ["x-foo"])]
async fn sub(method: Method, uri: Uri, headers: HeaderMap) -> impl IntoResponse {
    ran(&method, &uri, &headers)
}

#[cors(origins = ["http://localhost:8700"], headers = ["*"])]
async fn any_headers(method: Method, uri: Uri, headers: HeaderMap) -> impl IntoResponse {
    ran(&method, &uri, &headers)
}

#[cors(origins = ["http://localhost:8700"])]
async fn status(
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(code): Path<u16>,
) -> impl IntoResponse {
    record(&method, &uri, &headers);
    // Codes outside 200..=599 would make an unreadable or invalid response; answer 400 instead.
    let status = StatusCode::from_u16(code)
        .ok()
        .filter(|s| (200..=599).contains(&s.as_u16()))
        .unwrap_or(StatusCode::BAD_REQUEST);
    (status, MARKERS, Json(json!({ "status": status.as_u16() })))
}

/// The `Json` extractor runs before the body, so a body that does not parse is rejected by axum
/// (400/415/422) without reaching the log: the suite checks the rejection is still readable.
#[cors(origins = ["http://localhost:8700"], headers = ["content-type"])]
async fn json_echo(
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> impl IntoResponse {
    record(&method, &uri, &headers);
    (MARKERS, Json(json!({ "received": body })))
}

/// No `#[cors]`: served as plain axum would, so cross-origin pages cannot read it.
async fn same_origin(method: Method, uri: Uri, headers: HeaderMap) -> impl IntoResponse {
    ran(&method, &uri, &headers)
}

#[cors(origins = ["*"])]
async fn redirect(method: Method, uri: Uri, headers: HeaderMap) -> impl IntoResponse {
    record(&method, &uri, &headers);
    (StatusCode::FOUND, MARKERS, [(LOCATION, "/public")])
}

/// Not part of what is tested: the suite's own view of the server. Returns and clears the log.
async fn take_log() -> Json<Vec<Entry>> {
    let taken = std::mem::take(&mut *LOG.lock().unwrap_or_else(|e| e.into_inner()));
    Json(taken)
}

/// Not the framework: plain axum handlers answering every request to `/raw/{name}` with CORS
/// headers a server could get wrong, so the suite can record what Chromium does with each failure
/// (and the browser model, `examples/model_agreement.rs`, must do the same). They never log.
pub(crate) fn raw_routes() -> axum::Router {
    axum::Router::new().route("/raw/{name}", axum::routing::any(raw))
}

async fn raw(
    Path(name): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> axum::response::Response {
    let origin = headers
        .get("origin")
        .and_then(|o| o.to_str().ok())
        .unwrap_or("null")
        .to_owned();
    let preflight = method == Method::OPTIONS;
    let echo = || ("access-control-allow-origin", origin.clone());
    let line = |n: &'static str, v: &str| (n, v.to_owned());
    let (status, lines): (u16, Vec<(&str, String)>) = match (name.as_str(), preflight) {
        ("acao-other", _) => (
            200,
            vec![line(
                "access-control-allow-origin",
                "http://other.localhost:8700",
            )],
        ),
        ("acao-two", _) => (200, vec![echo(), echo()]),
        ("acao-invalid", _) => (200, vec![line("access-control-allow-origin", "localhost")]),
        ("acao-star", _) => (
            200,
            vec![
                line("access-control-allow-origin", "*"),
                line("access-control-allow-credentials", "true"),
            ],
        ),
        ("no-acac", _) => (200, vec![echo()]),
        ("expose-star", _) => (
            200,
            vec![
                line("access-control-allow-origin", "*"),
                line("access-control-expose-headers", "*"),
            ],
        ),
        ("preflight-500", true) => (
            500,
            vec![echo(), line("access-control-allow-methods", "PUT")],
        ),
        ("preflight-redirect", true) => (307, vec![echo(), line("location", "/public")]),
        ("preflight-acao-two", true) => (
            204,
            vec![echo(), echo(), line("access-control-allow-methods", "PUT")],
        ),
        ("preflight-acao-invalid", true) => (
            204,
            vec![
                line("access-control-allow-origin", "localhost"),
                line("access-control-allow-methods", "PUT"),
            ],
        ),
        ("preflight-acao-star", true) => (
            204,
            vec![
                line("access-control-allow-origin", "*"),
                line("access-control-allow-credentials", "true"),
                line("access-control-allow-methods", "PUT"),
            ],
        ),
        ("preflight-acao-other", true) => (
            204,
            vec![
                line("access-control-allow-origin", "http://other.localhost:8700"),
                line("access-control-allow-methods", "PUT"),
            ],
        ),
        ("preflight-no-acac", true) => (
            204,
            vec![echo(), line("access-control-allow-methods", "PUT")],
        ),
        ("methods-lowercase", true) => (
            204,
            vec![echo(), line("access-control-allow-methods", "put")],
        ),
        ("methods-unparsable", true) => (
            204,
            vec![echo(), line("access-control-allow-methods", "PUT DELETE")],
        ),
        ("methods-star-credentials", true) => (
            204,
            vec![
                echo(),
                line("access-control-allow-credentials", "true"),
                line("access-control-allow-methods", "*"),
            ],
        ),
        ("headers-missing", true) => (
            204,
            vec![
                echo(),
                line("access-control-allow-methods", "PUT"),
                line("access-control-allow-headers", "x-a, X-C"),
            ],
        ),
        ("headers-unparsable", true) => (
            204,
            vec![
                echo(),
                line("access-control-allow-methods", "PUT"),
                line("access-control-allow-headers", "x-a;"),
            ],
        ),
        // The actual requests after a preflight that passed, and the preflight's targets.
        (_, false) => (
            200,
            vec![echo(), line("access-control-allow-credentials", "true")],
        ),
        (_, true) => (404, vec![]),
    };
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        MARKERS,
    )
        .into_response();
    for (name, value) in lines {
        if let Ok(value) = value.parse() {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// The routes, also mounted by the documentation snapshot tests and the method agreement test
/// (`tests/docs_conformance.rs`, `tests/router/`).
pub(crate) fn routes() -> CorsRouter {
    CorsRouter::new()
        .route("/public", get(public))
        .route(
            "/private",
            get(private)
                .post(private)
                .put(private)
                .delete(private_delete),
        )
        .route("/sub", get(sub).put(sub))
        .route("/any-headers", put(any_headers))
        .route("/status/{code}", get(status))
        .route("/json", post(json_echo))
        .route("/same-origin", get(same_origin).post(same_origin))
        .route("/redirect", get(redirect))
        .route("/__log", get(take_log))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cors = routes();
    println!("CORS policy table:");
    print!("{}", cors.table());

    let port: u16 = match std::env::var("CONFORMANCE_PORT") {
        Ok(p) => p
            .parse()
            .map_err(|e| format!("CONFORMANCE_PORT={p:?}: {e}"))?,
        Err(_) => 8701,
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, cors.into_router().merge(raw_routes())).await?;
    Ok(())
}
