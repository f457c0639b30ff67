//! Origin functions: the function sees only origins a browser could send, the answer echoes that
//! exact origin (never `*`), and `Vary: Origin` stays on every response.

use super::IntoServed;
use std::sync::{Arc, Mutex};

use cors_runtime::routing::{on_with_policy, MethodFilter};
use cors_runtime::{CorsRouter, Origin, Policy};

use super::{preflight, request, send};

async fn tenant_data() -> &'static str {
    "tenant"
}

/// A policy allowing `https://<tenant>.example.com` for the tenants listed, recording every origin
/// the function is asked about.
fn tenant_policy(seen: Arc<Mutex<Vec<String>>>) -> Policy {
    let tenants = ["acme.example.com", "globex.example.com"];
    Policy::builder()
        .origin_fn(move |origin: &Origin<'_>| {
            seen.lock().unwrap().push(origin.as_str().to_owned());
            origin.scheme() == "https"
                && origin.port().is_none()
                && tenants.contains(&origin.host())
        })
        .credentials(true)
        .headers(["content-type"])
        .build()
        .expect("valid policy")
}

fn app(seen: Arc<Mutex<Vec<String>>>) -> super::Served {
    CorsRouter::new()
        .route(
            "/data",
            on_with_policy(MethodFilter::GET, tenant_data, tenant_policy(seen)),
        )
        .into_served()
        .observed()
}

#[tokio::test]
async fn an_allowed_tenant_gets_its_exact_origin_echoed() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = app(seen.clone());
    let origin = "https://acme.example.com";
    let (status, h, _) = send(
        app.clone(),
        preflight("/data", origin, "GET", Some("content-type")),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(h["access-control-allow-origin"], origin);
    assert_eq!(h["access-control-allow-credentials"], "true");
    let (_, h, body) = send(app.clone(), request("GET", "/data", &[("origin", origin)])).await;
    assert_eq!(body, "tenant");
    assert_eq!(h["access-control-allow-origin"], origin);
    assert_eq!(h["vary"], "Origin");
    // A tenant not in the list: refused, and the response still varies by origin.
    let (_, h, _) = send(
        app,
        request("GET", "/data", &[("origin", "https://initech.example.com")]),
    )
    .await;
    assert!(h.get("access-control-allow-origin").is_none());
    assert_eq!(h["vary"], "Origin");
    assert_eq!(
        *seen.lock().unwrap(),
        [origin, origin, "https://initech.example.com"]
    );
}

#[tokio::test]
async fn the_function_never_sees_an_origin_a_browser_could_not_send() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = app(seen.clone());
    let long = format!("https://{}.example.com", "a".repeat(600));
    let hostile: Vec<&str> = vec![
        "null",
        "",
        "HTTPS://ACME.EXAMPLE.COM",
        "https://ACME.example.com",
        "https://acme.example.com/",
        "https://acme.example.com/path",
        "https://acme.example.com:443",
        "http://acme.example.com:80",
        "https://acme.example.com:0",
        "https://acme.example.com:065535",
        "https://user@acme.example.com",
        "https://acme.example.com?x",
        "https://acme..example.com",
        "https://acme.example.com.",
        " https://acme.example.com",
        "https://acme.example.com, https://globex.example.com",
        "acme.example.com",
        "*",
        &long,
    ];
    for origin in &hostile {
        for req in [
            request("GET", "/data", &[("origin", origin)]),
            preflight("/data", origin, "GET", None),
        ] {
            let (_, h, _) = send(app.clone(), req).await;
            assert!(h.get("access-control-allow-origin").is_none(), "{origin:?}");
            assert!(
                h.get("access-control-allow-credentials").is_none(),
                "{origin:?}"
            );
        }
    }
    // Bytes that are not even UTF-8.
    let mut raw = request("GET", "/data", &[]);
    raw.headers_mut().insert(
        "origin",
        http::HeaderValue::from_bytes(b"https://acme.\xffexample.com").unwrap(),
    );
    let (_, h, _) = send(app.clone(), raw).await;
    assert!(h.get("access-control-allow-origin").is_none());
    // Two Origin lines: neither is answered, the function is not asked.
    let (_, h, _) = send(
        app,
        request(
            "GET",
            "/data",
            &[
                ("origin", "https://acme.example.com"),
                ("origin", "https://globex.example.com"),
            ],
        ),
    )
    .await;
    assert!(h.get("access-control-allow-origin").is_none());
    let seen = seen.lock().unwrap();
    assert!(seen.is_empty(), "the function was asked about {seen:?}");
}

#[test]
fn listed_origins_are_matched_before_the_function_and_never_star() {
    let calls = Arc::new(Mutex::new(0));
    let counter = calls.clone();
    let policy = Policy::builder()
        .origins(["https://app.example.com"])
        .origin_fn(move |_: &Origin<'_>| {
            *counter.lock().unwrap() += 1;
            true
        })
        .build()
        .unwrap();
    assert!(policy.allows_origin(b"https://app.example.com"));
    assert_eq!(*calls.lock().unwrap(), 0);
    assert!(policy.allows_origin(b"https://anyone.test"));
    assert_eq!(*calls.lock().unwrap(), 1);
    assert!(policy.varies_by_origin());
    let mut headers = http::HeaderMap::new();
    policy.decorate(
        Some(&http::HeaderValue::from_static("https://anyone.test")),
        &mut headers,
    );
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://anyone.test"
    );
    assert!(policy.to_string().contains("origin_fn"));
}

#[test]
fn without_origins_or_a_function_the_builder_still_refuses() {
    assert!(Policy::builder().build().is_err());
    // The other keys are still checked beside a function.
    let err = Policy::builder()
        .origin_fn(|_: &Origin<'_>| true)
        .headers(["cookie"])
        .build()
        .unwrap_err();
    assert_eq!(err.problems().len(), 1);
}

#[test]
fn the_documentation_names_the_function() {
    let table = CorsRouter::<()>::new()
        .route(
            "/data",
            on_with_policy(
                MethodFilter::GET,
                tenant_data,
                tenant_policy(Default::default()),
            ),
        )
        .table();
    let md = cors_runtime::docs::markdown(&table);
    assert!(md.contains("| origin function | yes |"), "{md}");
    let json = cors_runtime::docs::json(&table);
    assert!(json.contains("\"originFn\": true"), "{json}");
    assert!(table.to_string().contains("origin_fn"), "{table}");
}

/// The attribute and named-policy form: a plain fn.
fn is_tenant(origin: &Origin<'_>) -> bool {
    origin.scheme() == "https" && origin.host().ends_with(".tenants.example.com")
}

#[cors_runtime::cors(origin_fn = is_tenant, credentials)]
async fn by_attribute() -> &'static str {
    "attr"
}

#[cors_runtime::cors(origins = ["https://app.example.com"], origin_fn = is_tenant)]
async fn listed_and_fn() {}

static TENANTS: Policy =
    cors_runtime::cors_policy!(origin_fn = is_tenant, credentials, max_age = 60);

#[cors_runtime::cors(policy = TENANTS)]
async fn by_named() {}

#[cors_runtime::cors(policy = TENANTS, max_age = 5)]
async fn named_override_keeps_fn() {}

#[cors_runtime::cors(policy = TENANTS, origins = ["https://app.example.com"])]
async fn named_origins_replace_fn() {}

fn policy_of<H: 'static>(_: H) -> &'static Policy {
    cors_runtime::engine::lookup::<H>().unwrap().policy
}

#[tokio::test]
async fn the_attribute_and_named_forms() {
    let p = policy_of(by_attribute);
    assert!(p.has_origin_fn());
    assert!(p.origins().is_empty());
    assert!(p.allows_origin(b"https://acme.tenants.example.com"));
    assert!(!p.allows_origin(b"https://acme.tenants.example.com.evil.test"));
    assert!(
        !p.allows_origin(b"https://example.com"),
        "the stand-in never matches"
    );
    let p = policy_of(listed_and_fn);
    assert!(p.allows_origin(b"https://app.example.com"));
    assert!(p.allows_origin(b"https://b.tenants.example.com"));
    for p in [policy_of(by_named), policy_of(named_override_keeps_fn)] {
        assert!(p.has_origin_fn());
        assert!(p.allows_origin(b"https://c.tenants.example.com"));
    }
    assert_eq!(policy_of(named_override_keeps_fn).max_age(), Some(5));
    let p = policy_of(named_origins_replace_fn);
    assert!(!p.has_origin_fn());
    assert!(!p.allows_origin(b"https://c.tenants.example.com"));

    let app = CorsRouter::new()
        .route("/t", cors_runtime::routing::get(by_attribute))
        .into_served();
    let origin = "https://z.tenants.example.com";
    let (_, h, body) = send(app, request("GET", "/t", &[("origin", origin)])).await;
    assert_eq!(body, "attr");
    assert_eq!(h["access-control-allow-origin"], origin);
    assert_eq!(h["access-control-allow-credentials"], "true");
}
