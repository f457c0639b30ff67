//! Layers that answer on their own (a timeout's 408, a body limit's 413, a rate limit's 429), put
//! on the `CorsRouter` or on a method router: their answers carry the route's CORS headers, and
//! they never see a preflight. A layer put on the `axum::Router` after `into_router()` sits
//! outside CORS, as documented.

use super::IntoServed;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::AtomicUsize;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::response::Response;
use tower::{Layer, Service};

use super::loopback::exchange;
use super::*;

/// What a [`Gate`] answers on its own, mimicking tower-http's and governor's layers.
#[derive(Clone, Copy)]
enum Rule {
    /// 408 when the inner service takes longer than this.
    Timeout(Duration),
    /// 413 when `Content-Length` is above this.
    BodyLimit(u64),
    /// 429 for every request after the first `n` it lets through.
    RateLimit(usize),
}

/// A tiny hand-written layer: counts the requests it sees, and answers per its rule.
#[derive(Clone)]
struct Gate {
    rule: Rule,
    seen: &'static AtomicUsize,
}

impl<Svc> Layer<Svc> for Gate {
    type Service = Gated<Svc>;
    fn layer(&self, inner: Svc) -> Gated<Svc> {
        Gated {
            inner,
            gate: self.clone(),
        }
    }
}

#[derive(Clone)]
struct Gated<Svc> {
    inner: Svc,
    gate: Gate,
}

impl<Svc> Service<Request<Body>> for Gated<Svc>
where
    Svc: Service<Request<Body>, Response = Response, Error = Infallible> + Send,
    Svc::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let count = self.gate.seen.fetch_add(1, Ordering::SeqCst) + 1;
        let refuse = |status: StatusCode| -> Self::Future {
            Box::pin(async move { Ok((status, "refused by the layer").into_response()) })
        };
        match self.gate.rule {
            Rule::BodyLimit(max) => {
                let length = request
                    .headers()
                    .get("content-length")
                    .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
                    .unwrap_or(0);
                if length > max {
                    return refuse(StatusCode::PAYLOAD_TOO_LARGE);
                }
                Box::pin(self.inner.call(request))
            }
            Rule::RateLimit(n) if count > n => refuse(StatusCode::TOO_MANY_REQUESTS),
            Rule::RateLimit(_) => Box::pin(self.inner.call(request)),
            Rule::Timeout(limit) => {
                let inner = self.inner.call(request);
                Box::pin(async move {
                    match tokio::time::timeout(limit, inner).await {
                        Ok(response) => response,
                        Err(_) => Ok(StatusCode::REQUEST_TIMEOUT.into_response()),
                    }
                })
            }
        }
    }
}

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
async fn slow() -> &'static str {
    // Bounded: the test's timeout layer answers long before.
    tokio::time::sleep(Duration::from_secs(5)).await;
    "too late"
}

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
async fn upload(body: String) -> String {
    body
}

/// The exact CORS headers of a credentialed answer to `APP`, plus `Vary: Origin`.
fn assert_decorated_for_app(h: &HeaderMap) {
    assert_eq!(
        cors_headers(h),
        [
            "access-control-allow-origin",
            "access-control-allow-credentials"
        ]
    );
    assert_eq!(all(h, "access-control-allow-origin"), [APP]);
    assert_eq!(all(h, "access-control-allow-credentials"), ["true"]);
    assert!(varies_on_origin(h));
}

#[tokio::test]
async fn cors_router_layer_answers_carry_cors_headers_and_never_see_preflights() {
    static TIMEOUT_SEEN: AtomicUsize = AtomicUsize::new(0);
    static LIMIT_SEEN: AtomicUsize = AtomicUsize::new(0);
    let app = CorsRouter::new()
        .route("/slow", get(slow))
        .route("/upload", post(upload))
        .layer(Gate {
            rule: Rule::Timeout(Duration::from_millis(20)),
            seen: &TIMEOUT_SEEN,
        })
        .layer(Gate {
            rule: Rule::BodyLimit(4),
            seen: &LIMIT_SEEN,
        })
        .into_served();

    let (status, h, _) = send(app.clone(), request("GET", "/slow", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_decorated_for_app(&h);

    let big = Request::builder()
        .method("POST")
        .uri("/upload")
        .header("origin", APP)
        .header("content-length", "11")
        .body(Body::from("hello world"))
        .unwrap();
    let (status, h, body) = send(app.clone(), big).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "refused by the layer")
    );
    assert_decorated_for_app(&h);

    // A denied origin gets the layer's status without CORS headers, still with Vary.
    let (status, h, _) = send(app.clone(), request("GET", "/slow", &[("origin", EVIL)])).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert!(varies_on_origin(&h));

    let (timeouts, limits) = (
        TIMEOUT_SEEN.load(Ordering::SeqCst),
        LIMIT_SEEN.load(Ordering::SeqCst),
    );
    for (path, method) in [("/slow", "GET"), ("/upload", "POST")] {
        let (status, h, _) = send(
            app.clone(),
            preflight(path, APP, method, Some("content-type")),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
        assert_eq!(all(&h, "access-control-allow-headers"), ["content-type"]);
    }
    assert_eq!(
        TIMEOUT_SEEN.load(Ordering::SeqCst),
        timeouts,
        "a preflight reached the layer"
    );
    assert_eq!(
        LIMIT_SEEN.load(Ordering::SeqCst),
        limits,
        "a preflight reached the layer"
    );
}

#[tokio::test]
async fn method_router_layer_and_route_layer_answers_carry_cors_headers() {
    static LAYER_SEEN: AtomicUsize = AtomicUsize::new(0);
    static ROUTE_LAYER_SEEN: AtomicUsize = AtomicUsize::new(0);
    let app = CorsRouter::new()
        .route(
            "/slow",
            get(slow).layer(Gate {
                rule: Rule::Timeout(Duration::from_millis(20)),
                seen: &LAYER_SEEN,
            }),
        )
        .route(
            "/upload",
            post(upload).route_layer(Gate {
                rule: Rule::RateLimit(1),
                seen: &ROUTE_LAYER_SEEN,
            }),
        )
        .into_served();

    let (status, h, _) = send(app.clone(), request("GET", "/slow", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_decorated_for_app(&h);

    let first = send(app.clone(), request("POST", "/upload", &[("origin", APP)])).await;
    assert_eq!(first.0, StatusCode::OK);
    let (status, h, body) = send(app.clone(), request("POST", "/upload", &[("origin", APP)])).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "refused by the layer")
    );
    assert_decorated_for_app(&h);

    let seen = (
        LAYER_SEEN.load(Ordering::SeqCst),
        ROUTE_LAYER_SEEN.load(Ordering::SeqCst),
    );
    let (status, _, _) = send(app.clone(), preflight("/slow", APP, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, h, _) = send(app, preflight("/upload", APP, "POST", Some("content-type"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    assert_eq!(
        (
            LAYER_SEEN.load(Ordering::SeqCst),
            ROUTE_LAYER_SEEN.load(Ordering::SeqCst)
        ),
        seen,
        "a preflight reached a layer"
    );
}

#[tokio::test]
async fn a_layer_on_the_axum_router_sits_outside_cors() {
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    let app = CorsRouter::new()
        .route("/slow", get(slow))
        .into_router()
        .layer(Gate {
            rule: Rule::Timeout(Duration::from_millis(20)),
            seen: &SEEN,
        });
    let (status, h, _) = send(app, request("GET", "/slow", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(
        cors_headers(&h),
        Vec::<String>::new(),
        "the documented rule: use CorsRouter::layer for layers that answer on their own"
    );
}

#[tokio::test]
async fn a_timeout_answer_over_loopback_carries_cors_headers() {
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    let app = CorsRouter::new()
        .route("/slow", get(slow))
        .layer(Gate {
            rule: Rule::Timeout(Duration::from_millis(50)),
            seen: &SEEN,
        })
        .into_make_service();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let response = exchange(addr, &format!("GET /slow HTTP/1.1\r\nOrigin: {APP}\r\n")).await;
    assert_eq!(response.status, 408);
    assert_eq!(response.all("access-control-allow-origin"), [APP]);
    assert_eq!(response.all("access-control-allow-credentials"), ["true"]);
    assert_eq!(response.all("vary"), ["Origin"]);

    let seen = SEEN.load(Ordering::SeqCst);
    let response = exchange(
        addr,
        &format!(
            "OPTIONS /slow HTTP/1.1\r\nOrigin: {APP}\r\nAccess-Control-Request-Method: GET\r\n"
        ),
    )
    .await;
    assert_eq!(response.status, 204);
    assert_eq!(response.all("access-control-allow-origin"), [APP]);
    assert_eq!(
        SEEN.load(Ordering::SeqCst),
        seen,
        "the preflight reached the layer"
    );
    server.abort();
}

#[tokio::test]
async fn two_layered_routers_on_the_same_path_merge_as_with_axum() {
    static READ_SEEN: AtomicUsize = AtomicUsize::new(0);
    static WRITE_SEEN: AtomicUsize = AtomicUsize::new(0);
    let read = CorsRouter::new().route("/upload", get(upload)).layer(Gate {
        rule: Rule::RateLimit(0),
        seen: &READ_SEEN,
    });
    let write = CorsRouter::new()
        .route("/upload", post(upload))
        .layer(Gate {
            rule: Rule::BodyLimit(4),
            seen: &WRITE_SEEN,
        });
    let app = read.merge(write).into_served();
    let (status, h, _) = send(app.clone(), request("GET", "/upload", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_decorated_for_app(&h);
    let (status, h, body) = send(app.clone(), request("POST", "/upload", &[("origin", APP)])).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, ""));
    assert_decorated_for_app(&h);
    let (status, h, _) = send(app, request("PUT", "/upload", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_decorated_for_app(&h);
    assert_eq!(READ_SEEN.load(Ordering::SeqCst), 1);
    assert_eq!(WRITE_SEEN.load(Ordering::SeqCst), 1);
}
