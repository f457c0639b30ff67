//! Per-request cost of CORS in-process: bare axum, tower-http's `CorsLayer`, and `CorsRouter`,
//! with 1, 100 and 10,000 allowed origins. Run with `cargo bench --bench router`.
//!
//! Besides criterion's timings it prints the heap allocations of one request for each set-up
//! (counted by a wrapping global allocator), since allocation is where CORS layers usually pay.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use cors_runtime::routing::{get, on_with_policy, MethodFilter};
use cors_runtime::{cors, CorsRouter, Policy};
use criterion::{criterion_group, criterion_main, Criterion};
use tower::ServiceExt;

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

#[cors(origins = ["https://app.example.com"], headers = ["content-type", "x-foo"])]
async fn annotated() -> &'static str {
    "ok"
}

async fn plain() -> &'static str {
    "ok"
}

/// `n` allowed origins, the last of which is the one requests come from.
fn origins(n: usize) -> Vec<String> {
    let mut list: Vec<String> = (1..n)
        .map(|i| format!("https://app{i}.example.org"))
        .collect();
    list.push(ORIGIN.to_owned());
    list
}

fn tower_http(n: usize) -> Router {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let list: Vec<_> = origins(n).iter().map(|o| o.parse().unwrap()).collect();
    let layer = CorsLayer::new()
        .allow_origin(AllowOrigin::list(list))
        .allow_headers([
            http::header::CONTENT_TYPE,
            http::HeaderName::from_static("x-foo"),
        ]);
    Router::new()
        .route("/r", axum::routing::get(plain))
        .layer(layer)
}

fn ours(n: usize) -> Router {
    if n == 1 {
        return CorsRouter::new().route("/r", get(annotated)).into_router();
    }
    let list = origins(n);
    let policy = Policy::builder()
        .origins(list.iter().map(String::as_str))
        .headers(["content-type", "x-foo"])
        .build()
        .expect("valid policy");
    let policy: &'static Policy = Box::leak(Box::new(policy));
    CorsRouter::new()
        .route("/r", on_with_policy(MethodFilter::GET, plain, policy))
        .into_router()
}

type MakeRequest = fn() -> Request<Body>;

fn requests() -> [(&'static str, MakeRequest); 3] {
    [
        ("actual", || {
            Request::get("/r")
                .header("origin", ORIGIN)
                .body(Body::empty())
                .unwrap()
        }),
        ("no-origin", || {
            Request::get("/r").body(Body::empty()).unwrap()
        }),
        ("preflight", || {
            Request::options("/r")
                .header("origin", ORIGIN)
                .header("access-control-request-method", "GET")
                .header("access-control-request-headers", "content-type,x-foo")
                .body(Body::empty())
                .unwrap()
        }),
    ]
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut apps: Vec<(String, Router)> = vec![(
        "bare-axum".into(),
        Router::new().route("/r", axum::routing::get(plain)),
    )];
    for n in [1, 100, 10_000] {
        apps.push((format!("tower-http/{n}"), tower_http(n)));
        apps.push((format!("cors-runtime/{n}"), ours(n)));
    }
    for (kind, make) in requests() {
        let mut group = c.benchmark_group(kind);
        for (name, app) in &apps {
            if kind == "preflight" && name == "bare-axum" {
                continue;
            }
            // One request first, so one-time set-up is not counted.
            rt.block_on(app.clone().oneshot(make())).unwrap();
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            let status = rt.block_on(app.clone().oneshot(make())).unwrap().status();
            let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
            assert!(
                status == StatusCode::OK || status == StatusCode::NO_CONTENT,
                "{name} {kind}: {status}"
            );
            println!("{kind:>10} {name:<20} {allocations} allocations per request");
            group.bench_function(name.as_str(), |b| {
                b.iter(|| rt.block_on(app.clone().oneshot(make())).unwrap())
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
