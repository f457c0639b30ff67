//! The engine alone, without axum: a preflight answer and an actual-response decoration, for
//! policies of 1, 100 and 10,000 allowed origins. Lookup is a binary search, so the cost should
//! barely move with the size of the policy.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use http::{HeaderMap, HeaderValue};

use cors_runtime::engine::RoutedMethods;
use cors_runtime::Policy;

const SIZES: [usize; 3] = [1, 100, 10_000];

fn origin(i: usize) -> String {
    format!("https://app{i}.example.org")
}

fn policy(n: usize) -> Policy {
    Policy::builder()
        .origins((0..n).map(origin))
        .origins(["https://*.example.net"])
        .credentials(true)
        .headers(["content-type", "x-request-id"])
        .expose(["x-request-id"])
        .max_age(600)
        .build()
        .expect("benchmark policy is valid")
}

fn preflight_request(origin: &str) -> HeaderMap {
    let mut request = HeaderMap::new();
    request.insert("origin", HeaderValue::from_str(origin).expect("origin"));
    request.insert(
        "access-control-request-method",
        HeaderValue::from_static("PUT"),
    );
    request.insert(
        "access-control-request-headers",
        HeaderValue::from_static("content-type,x-request-id"),
    );
    request
}

fn handler_response() -> HeaderMap {
    let mut response = HeaderMap::new();
    response.insert("content-type", HeaderValue::from_static("application/json"));
    response.insert("vary", HeaderValue::from_static("Accept-Encoding"));
    response
}

fn bench(c: &mut Criterion) {
    let routed = [http::Method::GET, http::Method::HEAD, http::Method::PUT];
    for n in SIZES {
        let policy = policy(n);
        let last = origin(n - 1);
        let cases = [
            ("exact", last.as_str()),
            ("pattern", "https://eu.api.example.net"),
            ("denied", "https://app0.example.org.evil.net"),
        ];

        let mut group = c.benchmark_group("preflight");
        for (what, origin) in cases {
            let request = preflight_request(origin);
            group.bench_with_input(BenchmarkId::new(what, n), &request, |b, request| {
                b.iter(|| policy.preflight(black_box(request), RoutedMethods::Only(&routed)))
            });
        }
        group.finish();

        let mut group = c.benchmark_group("decorate");
        for (what, origin) in cases {
            let origin = HeaderValue::from_str(origin).expect("origin");
            group.bench_with_input(BenchmarkId::new(what, n), &origin, |b, origin| {
                b.iter_batched_ref(
                    handler_response,
                    |response| policy.decorate(Some(black_box(origin)), response),
                    BatchSize::SmallInput,
                )
            });
        }
        group.bench_function(BenchmarkId::new("no-origin", n), |b| {
            b.iter_batched_ref(
                handler_response,
                |response| policy.decorate(None, response),
                BatchSize::SmallInput,
            )
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
