//! The attack-origin matrix: origins that try to pass for an allowed one, each sent as an actual
//! request and as a preflight through a real `CorsRouter`, and the origins that must still pass.
//!
//! A denied origin gets no `Access-Control-*` header on either (the actual request's handler still
//! runs: CORS is enforced by the browser, which hides the response), a refused preflight is a 403
//! and never reaches the handler, and every actual answer varies on `Origin`.

use std::cell::Cell;
use std::thread::LocalKey;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouter};
use tower::ServiceExt;

// Per thread: each `#[tokio::test]` runs on its own thread, and `oneshot` runs the handler on it,
// so tests running in parallel do not see each other's counts.
thread_local! {
    static SITE_RAN: Cell<usize> = const { Cell::new(0) };
    static LOCAL_RAN: Cell<usize> = const { Cell::new(0) };
}

type Counter = &'static LocalKey<Cell<usize>>;

fn runs(counter: Counter) -> usize {
    counter.with(Cell::get)
}

#[cors(origins = ["https://example.com", "https://*.example.com"], credentials,
       headers = ["content-type"])]
async fn site() -> &'static str {
    SITE_RAN.with(|c| c.set(c.get() + 1));
    "site"
}

#[cors(origins = ["http://localhost:*"], credentials, headers = ["content-type"])]
async fn local() -> &'static str {
    LOCAL_RAN.with(|c| c.set(c.get() + 1));
    "local"
}

fn cors() -> CorsRouter {
    CorsRouter::new()
        .route("/site", get(site).put(site))
        .route("/local", get(local).put(local))
}

/// One `Origin` header per entry (several entries: several lines; raw bytes allowed).
type Origins<'a> = &'a [&'a [u8]];

fn request(method: &str, uri: &str, origins: Origins<'_>, preflight: bool) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    for origin in origins {
        req.headers_mut()
            .append("origin", HeaderValue::from_bytes(origin).unwrap());
    }
    if preflight {
        let h = req.headers_mut();
        h.insert(
            "access-control-request-method",
            HeaderValue::from_static("PUT"),
        );
        h.insert(
            "access-control-request-headers",
            HeaderValue::from_static("content-type"),
        );
    }
    req
}

/// Sends `req` as served by `axum::serve(listener, cors().into_make_service())`. A preflight also
/// goes through the `axum::Router` of `into_router()`, which must answer alike (no handler runs
/// for either).
async fn send(req: Request<Body>) -> (StatusCode, HeaderMap) {
    let is_preflight = req.method() == "OPTIONS" && req.headers().contains_key("origin");
    let copy = is_preflight.then(|| {
        let mut copy = Request::builder().method(req.method()).uri(req.uri());
        *copy.headers_mut().unwrap() = req.headers().clone();
        copy.body(Body::empty()).unwrap()
    });
    let response = cors().into_make_service().oneshot(req).await.unwrap();
    let answer = (response.status(), response.headers().clone());
    if let Some(copy) = copy {
        let response = cors().into_router().oneshot(copy).await.unwrap();
        let in_router = (response.status(), response.headers().clone());
        assert_eq!(
            answer, in_router,
            "the front and the axum::Router answer alike"
        );
    }
    answer
}

fn cors_headers(headers: &HeaderMap) -> Vec<&str> {
    headers
        .keys()
        .map(|k| k.as_str())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

fn varies_on_origin(headers: &HeaderMap) -> bool {
    headers
        .get_all("vary")
        .iter()
        .flat_map(|v| v.to_str().unwrap().split(','))
        .any(|v| v.trim().eq_ignore_ascii_case("origin"))
}

fn all<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a [u8]> {
    headers.get_all(name).iter().map(|v| v.as_bytes()).collect()
}

async fn assert_denied(uri: &str, ran: Counter, origins: Origins<'_>) {
    let what = format!(
        "{uri} from {:?}",
        origins
            .iter()
            .map(|o| String::from_utf8_lossy(o))
            .collect::<Vec<_>>()
    );

    let before = runs(ran);
    let (status, h) = send(request("GET", uri, origins, false)).await;
    assert_eq!(status, StatusCode::OK, "actual {what}");
    assert_eq!(cors_headers(&h), Vec::<&str>::new(), "actual {what}");
    assert!(varies_on_origin(&h), "actual {what}: no Vary: Origin");
    assert_eq!(runs(ran), before + 1, "actual {what}: handler did not run");

    let before = runs(ran);
    let (status, h) = send(request("OPTIONS", uri, origins, true)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "preflight {what}");
    assert_eq!(cors_headers(&h), Vec::<&str>::new(), "preflight {what}");
    assert!(varies_on_origin(&h), "preflight {what}: no Vary: Origin");
    assert_eq!(runs(ran), before, "preflight {what}: handler ran");
}

async fn assert_allowed(uri: &str, ran: Counter, origin: &str) {
    let o: &[&[u8]] = &[origin.as_bytes()];

    let (status, h) = send(request("GET", uri, o, false)).await;
    assert_eq!(status, StatusCode::OK, "actual {uri} from {origin}");
    assert_eq!(
        all(&h, "access-control-allow-origin"),
        [origin.as_bytes()],
        "actual {origin}"
    );
    assert_eq!(
        all(&h, "access-control-allow-credentials"),
        [b"true"],
        "actual {origin}"
    );
    assert!(varies_on_origin(&h), "actual {origin}");

    let before = runs(ran);
    let (status, h) = send(request("OPTIONS", uri, o, true)).await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "preflight {uri} from {origin}"
    );
    assert_eq!(
        all(&h, "access-control-allow-origin"),
        [origin.as_bytes()],
        "preflight {origin}"
    );
    assert_eq!(
        all(&h, "access-control-allow-credentials"),
        [b"true"],
        "preflight {origin}"
    );
    assert_eq!(
        all(&h, "access-control-allow-methods"),
        [b"PUT"],
        "preflight {origin}"
    );
    assert_eq!(
        all(&h, "access-control-allow-headers"),
        [b"content-type"],
        "preflight {origin}"
    );
    assert_eq!(runs(ran), before, "preflight {origin}: handler ran");
}

const SITE_DENIED: &[&str] = &[
    "https://example.com.evil.net",
    "https://evilexample.com",
    "https://notexample.com",
    "https://example.com_.evil.com",
    "https://example.com%60.evil.com",
    "https://example.com`.evil.com",
    "https://wwwXexample.com",
    "http://example.com",
    "http://a.example.com",
    "https://example.com:8443",
    "https://example.com:443",
    "https://example.com/",
    "https://example.com.",
    "https://.example.com",
    "https://EXAMPLE.com",
    "https://example.com@evil.com",
    "https://example.com, https://evil.com",
    "null",
    "file://",
    "https://a.example.com.evil.com",
    "",
    // Near misses of the allowed ones.
    "https://A.example.com",
    "https://a.example.com:443",
    "https://a..example.com",
    "https://a.example.com.",
    "https://example.com:",
    " https://example.com",
    "https://example.com ",
];

#[tokio::test]
async fn attack_origins_are_denied_on_actual_requests_and_preflights() {
    for origin in SITE_DENIED {
        assert_denied("/site", &SITE_RAN, &[origin.as_bytes()]).await;
    }
    // Bytes >= 0x80: a header value may carry them; a browser's origin never does.
    for raw in [
        &b"https://\xe9xample.com"[..],
        b"https://a.example.com\xff",
        b"https://\xc3\xa9.example.com",
    ] {
        assert_denied("/site", &SITE_RAN, &[raw]).await;
    }
}

#[tokio::test]
async fn two_origin_lines_are_denied_even_when_each_is_allowed() {
    for lines in [
        [&b"https://example.com"[..], b"https://example.com"],
        [b"https://example.com", b"https://evil.com"],
        [b"https://evil.com", b"https://a.example.com"],
    ] {
        assert_denied("/site", &SITE_RAN, &lines).await;
    }
}

#[tokio::test]
async fn the_allowed_origins_still_pass() {
    for origin in [
        "https://example.com",
        "https://a.example.com",
        "https://a.b.example.com",
    ] {
        assert_allowed("/site", &SITE_RAN, origin).await;
    }
}

/// Labels a browser sends (the URL standard accepts them) but DNS host-name rules forbid: they
/// match a subdomain pattern like any other label. See `Policy::allows_origin` for why.
#[tokio::test]
async fn dns_forbidden_but_browser_sendable_labels_match_subdomain_patterns() {
    for origin in [
        "https://-a.example.com",
        "https://a-.example.com",
        "https://_.example.com",
        "https://_dmarc.example.com",
        "https://123.example.com",
        "https://0.1.example.com",
    ] {
        assert_allowed("/site", &SITE_RAN, origin).await;
    }
}

#[tokio::test]
async fn localhost_any_port_policy() {
    for origin in [
        "http://localhost:99999",
        "http://localhost:65536",
        "http://localhost:0",
        "http://localhost:",
        "http://localhost:08080",
        "http://localhostevil.com:80",
        "http://localhost.evil.com:80",
        "http://a.localhost:3000",
        "https://localhost:3000",
        "http://LOCALHOST:3000",
        "http://localhost:3000/",
        "http://localhost:+80",
        "http://localhost:80:80",
    ] {
        assert_denied("/local", &LOCAL_RAN, &[origin.as_bytes()]).await;
    }
    for origin in [
        "http://localhost",
        "http://localhost:3000",
        "http://localhost:1",
        "http://localhost:65535",
    ] {
        assert_allowed("/local", &LOCAL_RAN, origin).await;
    }
}
