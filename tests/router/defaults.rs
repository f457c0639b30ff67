//! `CorsRouter::default_policy` and `#[cors(none)]`: which handlers a router's default reaches,
//! and how defaults of nested and merged routers combine (the innermost wins).

use super::IntoServed;
use std::sync::Arc;

use cors_runtime::routing::{get, on_with_policy, post, MethodFilter};
use cors_runtime::{cors, cors_policy, CorsRouter, Policy, PolicySource};

use super::{preflight, request, send, APP};

static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"], credentials);
static PARTNERS: Policy = cors_policy!(origins = ["https://partner.example.org"]);

async fn plain() -> &'static str {
    "plain"
}

async fn inner_plain() -> &'static str {
    "inner"
}

#[cors(none)]
async fn internal() -> &'static str {
    "internal"
}

#[cors(origins = ["https://admin.example.com"])]
async fn own() -> &'static str {
    "own"
}

fn source_of(cors: &CorsRouter, path: &str) -> PolicySource {
    let table = cors.table();
    let row = table.iter().find(|r| r.path == path).expect("routed");
    row.source
}

#[tokio::test]
async fn the_default_reaches_only_handlers_without_a_policy() {
    let staging = Arc::new(
        Policy::builder()
            .origins(["https://staging.example.com"])
            .build()
            .unwrap(),
    );
    let cors = CorsRouter::new()
        .route("/plain", get(plain))
        .route("/internal", get(internal))
        .route("/own", get(own))
        .route(
            "/configured",
            on_with_policy(MethodFilter::GET, plain, staging),
        )
        .default_policy(&WRITES);
    assert_eq!(source_of(&cors, "/plain"), PolicySource::RouterDefault);
    assert_eq!(source_of(&cors, "/internal"), PolicySource::OptedOut);
    assert_eq!(source_of(&cors, "/own"), PolicySource::Attribute);
    assert_eq!(source_of(&cors, "/configured"), PolicySource::Builder);
    let printed = cors.table().to_string();
    assert!(
        printed.contains("no CORS (same-origin only, #[cors(none)])"),
        "{printed}"
    );
    let app = cors.into_served();

    let (status, h, _) = send(app.clone(), preflight("/plain", APP, "GET", None)).await;
    assert_eq!(status, 204);
    assert_eq!(h["access-control-allow-credentials"], "true");
    let (_, h, body) = send(app.clone(), request("GET", "/plain", &[("origin", APP)])).await;
    assert_eq!(body, "plain");
    assert_eq!(h["access-control-allow-origin"], APP);

    // Opted out: the default does not reach it; preflights are refused, responses bare.
    let (status, h, _) = send(app.clone(), preflight("/internal", APP, "GET", None)).await;
    assert_ne!(status, 204);
    assert!(h.get("access-control-allow-origin").is_none());
    let (_, h, body) = send(app.clone(), request("GET", "/internal", &[("origin", APP)])).await;
    assert_eq!(body, "internal");
    assert!(h.get("access-control-allow-origin").is_none());

    // A handler's own policy is not replaced by the default.
    let (_, h, _) = send(app.clone(), request("GET", "/own", &[("origin", APP)])).await;
    assert!(h.get("access-control-allow-origin").is_none());
    let (_, h, _) = send(app, request("GET", "/configured", &[("origin", APP)])).await;
    assert!(h.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn the_innermost_default_wins() {
    let inner = CorsRouter::new()
        .route("/partner", get(inner_plain))
        .route("/internal", post(internal))
        .default_policy(&PARTNERS);
    let no_default = CorsRouter::new().route("/bare", get(inner_plain));
    let cors = CorsRouter::new()
        .route("/plain", get(plain))
        .nest("/api", inner)
        .nest("/other", no_default)
        .default_policy(Policy::builder().origins([APP]).build().unwrap());
    let table = cors.table();
    let policy_origins = |path: &str| {
        let row = table.iter().find(|r| r.path == path).unwrap();
        row.policy.as_ref().map(|p| p.origins().to_vec())
    };
    assert_eq!(
        policy_origins("/api/partner").unwrap(),
        ["https://partner.example.org"]
    );
    assert_eq!(policy_origins("/plain").unwrap(), [APP]);
    // The nested router had no default: the outer one reaches its handlers.
    assert_eq!(policy_origins("/other/bare").unwrap(), [APP]);
    assert_eq!(policy_origins("/api/internal"), None);
    assert_eq!(source_of(&cors, "/api/internal"), PolicySource::OptedOut);
    assert_eq!(
        source_of(&cors, "/api/partner"),
        PolicySource::RouterDefault
    );

    let app = cors.into_served();
    let partner = "https://partner.example.org";
    let (_, h, _) = send(
        app.clone(),
        request("GET", "/api/partner", &[("origin", partner)]),
    )
    .await;
    assert_eq!(h["access-control-allow-origin"], partner);
    let (_, h, _) = send(
        app.clone(),
        request("GET", "/api/partner", &[("origin", APP)]),
    )
    .await;
    assert!(h.get("access-control-allow-origin").is_none());
    let (_, h, _) = send(app, request("GET", "/other/bare", &[("origin", APP)])).await;
    assert_eq!(h["access-control-allow-origin"], APP);
}

#[test]
fn without_a_default_an_unannotated_handler_stays_same_origin() {
    let cors = CorsRouter::<()>::new().route("/plain", get(plain));
    assert_eq!(source_of(&cors, "/plain"), PolicySource::None);
    assert!(cors.table().routes()[0].policy.is_none());
}

#[test]
#[should_panic(expected = "without POST")]
fn a_default_listing_methods_is_checked_against_the_routes_it_reaches() {
    static GET_ONLY: Policy = cors_policy!(origins = ["https://app.example.com"], methods = [GET]);
    let _ = CorsRouter::<()>::new()
        .route("/p", post(plain))
        .default_policy(&GET_ONLY)
        .into_served();
}
