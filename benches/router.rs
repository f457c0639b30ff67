//! Per-request cost of CORS in-process, side by side: bare axum, tower-http's `CorsLayer` and
//! `CorsRouter`, with 1 and 10,000 allowed origins. `cargo bench -p cors-bench` (a few seconds).
//!
//! What keeps the comparison fair:
//! - every stack is what `axum::serve` is given: a `Router<()>` finished with `.with_state(())`
//!   (without it axum re-boxes the handler on every request), and for this project the
//!   `CorsService` of `into_make_service()`, which the README and the examples serve;
//! - requests are built before the clock starts, with `from_static` header values, the way hyper
//!   hands over headers that point into its read buffer; building and dropping the request is not
//!   timed, dropping the response is (a server does both);
//! - the stacks run interleaved: each round times every (stack, request) pair once, so a noisy
//!   neighbour on the machine slows all of them alike; the table shows the median of the rounds;
//! - tower-http with many origins is also given its best form, a `HashSet` predicate, not only
//!   its list (a linear scan).
//!
//! Allocations per request are counted by a wrapping global allocator over a whole batch, so
//! they are exact, not sampled.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use cors_runtime::routing::{get, on_with_policy, MethodFilter};
use cors_runtime::{cors, CorsRouter, CorsService, Policy};
use tower::Service;

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers every call to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const ORIGIN: &str = "https://app.example.com";
const ROUNDS: usize = 21;
/// Requests per (stack, request kind) in one round, at most; slow pairs (tower-http scanning a
/// list of 10,000 origins) get fewer, so that each batch takes about `BATCH_NANOS`.
const BATCH: usize = 2_000;
const BATCH_NANOS: f64 = 2_000_000.0;
const MANY: usize = 10_000;

#[cors(origins = ["https://app.example.com"], headers = ["content-type", "x-foo"])]
async fn annotated() -> &'static str {
    "ok"
}

async fn plain() -> &'static str {
    "ok"
}

/// `n` allowed origins; the one requests come from is the last, the worst place for a scan.
fn origins(n: usize) -> Vec<String> {
    let mut list: Vec<String> = (1..n)
        .map(|i| format!("https://app{i}.example.org"))
        .collect();
    list.push(ORIGIN.to_owned());
    list
}

fn bare() -> Router {
    Router::new()
        .route("/r", axum::routing::get(plain))
        .with_state(())
}

fn tower_http_layer(allow: tower_http::cors::AllowOrigin) -> Router {
    let layer = tower_http::cors::CorsLayer::new()
        .allow_origin(allow)
        .allow_headers([
            http::header::CONTENT_TYPE,
            http::HeaderName::from_static("x-foo"),
        ]);
    Router::new()
        .route("/r", axum::routing::get(plain))
        .layer(layer)
        .with_state(())
}

fn tower_http_list(n: usize) -> Router {
    let list: Vec<HeaderValue> = origins(n).iter().map(|o| o.parse().unwrap()).collect();
    tower_http_layer(tower_http::cors::AllowOrigin::list(list))
}

fn tower_http_set(n: usize) -> Router {
    let set: HashSet<Vec<u8>> = origins(n).into_iter().map(String::into_bytes).collect();
    tower_http_layer(tower_http::cors::AllowOrigin::predicate(
        move |origin: &HeaderValue, _| set.contains(origin.as_bytes()),
    ))
}

/// A stack as `axum::serve` runs it.
enum Stack {
    Router(Router),
    Service(CorsService),
}

/// The `#[cors]` handler, served as the README does.
fn ours() -> Stack {
    let cors = CorsRouter::new().route("/r", get(annotated));
    Stack::Service(cors.into_make_service())
}

/// A policy built at run time from `list` (travelling with its handler: one allocation per
/// request that a `#[cors]` handler does not pay), served as the README does.
fn ours_configured(list: &[String]) -> Stack {
    let policy = Policy::builder()
        .origins(list.iter().map(String::as_str))
        .headers(["content-type", "x-foo"])
        .build()
        .expect("valid policy");
    let cors = CorsRouter::new().route("/r", on_with_policy(MethodFilter::GET, plain, policy));
    Stack::Service(cors.into_make_service())
}

/// `n` subdomain patterns; requests come from a subdomain of the last.
fn patterns(n: usize) -> Vec<String> {
    let mut list: Vec<String> = (1..n)
        .map(|i| format!("https://*.site{i}.example.org"))
        .collect();
    list.push("https://*.example.com".to_owned());
    list
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Actual,
    NoOrigin,
    Disallowed,
    Preflight,
}

const KINDS: [(Kind, &str); 4] = [
    (Kind::Actual, "allowed actual GET"),
    (Kind::NoOrigin, "GET without Origin"),
    (Kind::Disallowed, "GET from a disallowed origin"),
    (Kind::Preflight, "preflight allowed (2 headers)"),
];

fn request(kind: Kind) -> Request<Body> {
    let builder = match kind {
        Kind::Actual => Request::get("/r").header("origin", HeaderValue::from_static(ORIGIN)),
        Kind::NoOrigin => Request::get("/r"),
        Kind::Disallowed => Request::get("/r").header(
            "origin",
            HeaderValue::from_static("https://evil.example.net"),
        ),
        Kind::Preflight => Request::builder()
            .method(Method::OPTIONS)
            .uri("/r")
            .header("origin", HeaderValue::from_static(ORIGIN))
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

/// The status each stack must answer with, so that a broken stack cannot look fast.
fn expected(stack: &str, kind: Kind) -> StatusCode {
    match (stack, kind) {
        // Bare axum has no preflight answer: its 405 is the baseline a preflight is compared to.
        ("bare axum", Kind::Preflight) => StatusCode::METHOD_NOT_ALLOWED,
        (_, Kind::Preflight) if stack.starts_with("tower-http") => StatusCode::OK,
        (_, Kind::Preflight) => StatusCode::NO_CONTENT,
        _ => StatusCode::OK,
    }
}

/// Runs the router's future to completion. Every handler here is ready at once, so polling with
/// a no-op waker measures the stack, not an executor.
fn call(app: &mut Stack, request: Request<Body>) -> Response {
    match app {
        Stack::Router(router) => run(router.call(request)),
        Stack::Service(service) => run(service.call(request)),
    }
}

fn run<F: Future<Output = Result<Response, std::convert::Infallible>>>(future: F) -> Response {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(response) = future.as_mut().poll(&mut cx) {
            return response.unwrap();
        }
    }
}

/// Nanoseconds per request and allocations per request for one batch.
fn batch(app: &mut Stack, kind: Kind, size: usize) -> (f64, f64) {
    let requests: Vec<Request<Body>> = (0..size).map(|_| request(kind)).collect();
    let allocations = ALLOCATIONS.load(Ordering::Relaxed);
    let start = Instant::now();
    for request in requests {
        drop(call(app, request));
    }
    let elapsed = start.elapsed().as_nanos() as f64;
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - allocations;
    // The Vec's own buffer was allocated before the count started and freed (not counted) after.
    (elapsed / size as f64, allocations as f64 / size as f64)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing we need: one round.
    let rounds = if std::env::args().any(|a| a == "--bench") {
        ROUNDS
    } else {
        1
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _context = runtime.enter();

    let mut stacks: Vec<(&str, Stack)> = vec![
        ("bare axum", Stack::Router(bare())),
        ("tower-http, 1 origin", Stack::Router(tower_http_list(1))),
        ("tower-http, 10k list", Stack::Router(tower_http_list(MANY))),
        (
            "tower-http, 10k HashSet",
            Stack::Router(tower_http_set(MANY)),
        ),
        ("cors-runtime, 1 origin", ours()),
        ("cors-runtime, run-time 1", ours_configured(&origins(1))),
        (
            "cors-runtime, run-time 10k",
            ours_configured(&origins(MANY)),
        ),
        ("cors-runtime, 1 pattern", ours_configured(&patterns(1))),
        (
            "cors-runtime, 10k patterns",
            ours_configured(&patterns(MANY)),
        ),
    ];

    // One request of each kind first: checks the answer and keeps one-time set-up out of the
    // figures. Then a short batch sizes the timed ones.
    let mut sizes = vec![vec![BATCH; KINDS.len()]; stacks.len()];
    for (s, (name, app)) in stacks.iter_mut().enumerate() {
        for (k, (kind, label)) in KINDS.iter().enumerate() {
            let status = call(app, request(*kind)).status();
            assert_eq!(status, expected(name, *kind), "{name}: {label}");
            let (ns, _) = batch(app, *kind, 10);
            sizes[s][k] = ((BATCH_NANOS / ns) as usize).clamp(10, BATCH);
        }
    }

    // times[stack][kind] over the rounds; allocations are the same every round.
    let mut times = vec![vec![Vec::with_capacity(rounds); KINDS.len()]; stacks.len()];
    let mut allocs = vec![vec![0.0; KINDS.len()]; stacks.len()];
    for _ in 0..rounds {
        for (k, (kind, _)) in KINDS.iter().enumerate() {
            for (s, (_, app)) in stacks.iter_mut().enumerate() {
                let (ns, a) = batch(app, *kind, sizes[s][k]);
                times[s][k].push(ns);
                allocs[s][k] = a;
            }
        }
    }
    let med: Vec<Vec<f64>> = times
        .iter_mut()
        .map(|per_kind| per_kind.iter_mut().map(|t| median(t)).collect())
        .collect();

    println!(
        "\n{rounds} interleaved rounds of up to {BATCH} requests per stack and kind; \
         median ns per request (allocations per request)\n"
    );
    print!("| |");
    for (name, _) in &stacks {
        print!(" {name} |");
    }
    println!();
    println!("|---|{}", "---|".repeat(stacks.len()));
    for (k, (_, label)) in KINDS.iter().enumerate() {
        print!("| {label} |");
        for s in 0..stacks.len() {
            print!(" {:.0} ns ({:.1}) |", med[s][k], allocs[s][k]);
        }
        println!();
    }

    let [bare, th1, th_list, th_set, ours1, run1, run_many, pat1, pat_many] =
        [0, 1, 2, 3, 4, 5, 6, 7, 8];
    println!("\nRatios (lower is better for this project):\n");
    for k in [0, 1, 2] {
        let label = KINDS[k].1;
        let overhead = |s: usize| med[s][k] - med[bare][k];
        println!(
            "  {label}: CORS overhead {:+.0} ns (ours) vs {:+.0} ns (tower-http) = {:.2}x; \
             allocations {:+.1} vs {:+.1}",
            overhead(ours1),
            overhead(th1),
            overhead(ours1) / overhead(th1),
            allocs[ours1][k] - allocs[bare][k],
            allocs[th1][k] - allocs[bare][k],
        );
    }
    let p = 3;
    println!(
        "  preflight: ours / tower-http = {:.2}x time ({:.2}x throughput); ours / bare axum's 405 = {:.2}x",
        med[ours1][p] / med[th1][p],
        med[th1][p] / med[ours1][p],
        med[ours1][p] / med[bare][p],
    );
    for k in [0, 2, 3] {
        let label = KINDS[k].1;
        println!(
            "  {label}, 10k / 1: ours exact {:.2}x, ours patterns {:.2}x, \
             tower-http list {:.2}x, tower-http HashSet {:.2}x",
            med[run_many][k] / med[run1][k],
            med[pat_many][k] / med[pat1][k],
            med[th_list][k] / med[th1][k],
            med[th_set][k] / med[th1][k],
        );
    }
}
