//! What CORS adds to a request, counted in allocations: the same routes served by bare axum and by
//! `CorsRouter`, the same requests, and a counting global allocator (this file is its own test
//! binary, so the allocator counts nothing else). Allocation counts are deterministic, unlike
//! timings, which live in `benches/router.rs`.
//!
//! Targets (issue 14): no added allocation for a request without `Origin` or from a disallowed
//! origin; at most one for an allowed actual request (the response's header map growing to hold
//! the CORS headers); a preflight costs at most one more than bare axum's 405 for the same request.
//! A policy built at run time (`on_with_policy`) travels with its handler (an `Arc`), which axum
//! clones into a box per request: one allocation more, on every request of that route.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use axum::body::Body;
use axum::response::Response;
use axum::Router;
use cors_runtime::routing::{get, on_with_policy, MethodFilter};
use cors_runtime::{cors, CorsRouter, Policy};
use http::{HeaderValue, Method, Request, StatusCode};
use tower::Service;

struct Counting;

thread_local! {
    // Per thread: the test harness may run other threads (its own) while a test counts.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: defers every call to the system allocator; it only counts, in a const-initialised
// thread local, which itself never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const ALLOWED: &str = "https://app.example.com";

#[cors(origins = ["https://app.example.com", "https://*.example.org"], credentials, headers = ["content-type", "x-foo"], expose = ["x-total"])]
async fn annotated() -> &'static str {
    "ok"
}

async fn plain() -> &'static str {
    "ok"
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    NoOrigin,
    Disallowed,
    Allowed,
    Preflight,
}

fn request(kind: Kind) -> Request<Body> {
    // `from_static` values, as hyper hands over header values sharing its read buffer: cloning
    // them allocates nothing, so the count is what the stack does, not how the test built them.
    let get = Request::get("/r");
    let builder = match kind {
        Kind::NoOrigin => get,
        Kind::Disallowed => get.header(
            "origin",
            HeaderValue::from_static("https://evil.example.net"),
        ),
        Kind::Allowed => get.header("origin", HeaderValue::from_static(ALLOWED)),
        Kind::Preflight => Request::builder()
            .method(Method::OPTIONS)
            .uri("/r")
            .header("origin", HeaderValue::from_static(ALLOWED))
            .header(
                "access-control-request-method",
                HeaderValue::from_static("GET"),
            )
            .header(
                "access-control-request-headers",
                HeaderValue::from_static("content-type,x-foo"),
            ),
    };
    builder.body(Body::empty()).unwrap()
}

/// Every handler here is ready at once: polling with a no-op waker runs the whole stack.
fn call<A>(app: &mut A, request: Request<Body>) -> Response
where
    A: Service<Request<Body>, Response = Response, Error = Infallible>,
{
    let mut future = pin!(app.call(request));
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(response) = future.as_mut().poll(&mut cx) {
            return response.unwrap();
        }
    }
}

/// Allocations of one request, from the call to dropping the response, after warm-up (one-time
/// set-up, such as the registry's first lookup, is not a per-request cost). The request is built
/// before counting; several runs must agree, or the count is not a property of the stack.
fn allocations<A>(app: &mut A, kind: Kind, status: StatusCode) -> usize
where
    A: Service<Request<Body>, Response = Response, Error = Infallible>,
{
    for _ in 0..3 {
        assert_eq!(call(app, request(kind)).status(), status, "{kind:?}");
    }
    let counts: Vec<usize> = (0..5)
        .map(|_| {
            let request = request(kind);
            let before = ALLOCATIONS.with(Cell::get);
            drop(call(app, request));
            ALLOCATIONS.with(Cell::get) - before
        })
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] == w[1]),
        "{kind:?}: {counts:?}"
    );
    counts[0]
}

fn bare() -> Router {
    Router::new()
        .route("/r", axum::routing::get(plain))
        .with_state(())
}

/// `carried`: allocations the route adds to every request by carrying data (a policy built at
/// run time) in the handler axum clones per request; a `#[cors]` handler carries none.
fn check(ours: &mut Router, what: &str, carried: usize) {
    let mut bare = bare();
    let base = |kind, status| allocations(&mut bare.clone(), kind, status);
    let ok = StatusCode::OK;
    for kind in [Kind::NoOrigin, Kind::Disallowed] {
        let (b, o) = (base(kind, ok), allocations(ours, kind, ok));
        assert_eq!(
            o,
            b + carried,
            "{what}, {kind:?}: {o} allocations, bare axum {b}"
        );
    }
    let (b, o) = (
        base(Kind::Allowed, ok),
        allocations(ours, Kind::Allowed, ok),
    );
    assert!(
        o <= b + carried + 1,
        "{what}, allowed: {o} allocations, bare axum {b}"
    );
    // Bare axum answers the preflight with its 405. Ours is answered by the path's fallback in
    // the same place, whose boxed route holds the path's table: cloning it per request is the
    // one allocation more.
    let b = allocations(&mut bare, Kind::Preflight, StatusCode::METHOD_NOT_ALLOWED);
    let o = allocations(ours, Kind::Preflight, StatusCode::NO_CONTENT);
    assert!(
        o <= b + 1,
        "{what}, preflight: {o} allocations, bare axum's 405 {b}"
    );
}

#[test]
fn cors_adds_no_allocation_but_header_growth() {
    let mut annotated = CorsRouter::new()
        .route("/r", get(annotated))
        .into_router()
        .with_state(());
    check(&mut annotated, "#[cors] handler", 0);

    // Without a policy, the handler's responses only lose CORS headers it set itself.
    let mut unannotated = CorsRouter::new()
        .route("/r", get(plain))
        .into_router()
        .with_state(());
    let mut bare = bare();
    for kind in [Kind::NoOrigin, Kind::Disallowed, Kind::Allowed] {
        let b = allocations(&mut bare, kind, StatusCode::OK);
        let o = allocations(&mut unannotated, kind, StatusCode::OK);
        assert_eq!(o, b, "no policy, {kind:?}: {o} allocations, bare axum {b}");
    }

    let policy = Policy::builder()
        .origins((0..1000).map(|i| format!("https://app{i}.example.com")))
        .origins([ALLOWED])
        .headers(["content-type", "x-foo"])
        .build()
        .unwrap();
    // Owned: the router shares it through an `Arc`, nothing leaked.
    let mut configured = CorsRouter::new()
        .route("/r", on_with_policy(MethodFilter::GET, plain, policy))
        .into_router()
        .with_state(());
    check(&mut configured, "configured policy, 1001 origins", 1);

    // A router default reaches the handler when the router is built: the handler is routed
    // again then, carrying it (a `&'static` policy, still not zero-sized).
    static DEFAULT: Policy = cors_runtime::cors_policy!(
        origins = ["https://app.example.com"],
        headers = ["content-type", "x-foo"]
    );
    let mut defaulted = CorsRouter::new()
        .route("/r", get(plain))
        .default_policy(&DEFAULT)
        .into_router()
        .with_state(());
    check(&mut defaulted, "router default", 1);
}

#[test]
fn the_front_adds_nothing_and_answers_preflights_cheaper_than_axums_405() {
    // What `axum::serve(listener, cors.into_make_service())` runs.
    let mut served = CorsRouter::new()
        .route("/r", get(annotated))
        .into_make_service();
    let mut bare = bare();
    for kind in [Kind::NoOrigin, Kind::Disallowed] {
        let b = allocations(&mut bare, kind, StatusCode::OK);
        let o = allocations(&mut served, kind, StatusCode::OK);
        assert_eq!(o, b, "front, {kind:?}: {o} allocations, bare axum {b}");
    }
    let b = allocations(&mut bare, Kind::Allowed, StatusCode::OK);
    let o = allocations(&mut served, Kind::Allowed, StatusCode::OK);
    assert!(o <= b + 1, "front, allowed: {o} allocations, bare axum {b}");
    // Answered before axum's routing: none of the allocations of its path lookup, route and
    // future, only the answer's header map.
    let b = allocations(&mut bare, Kind::Preflight, StatusCode::METHOD_NOT_ALLOWED);
    let o = allocations(&mut served, Kind::Preflight, StatusCode::NO_CONTENT);
    assert!(
        o < b,
        "front, preflight: {o} allocations, bare axum's 405 {b}"
    );
    assert!(o <= 2, "front, preflight: {o} allocations");
}
