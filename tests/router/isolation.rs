//! Cross-origin isolation headers (`resource_policy`, `opener_policy`, `embedder_policy` and the
//! report-only forms): on every response of the handler that sets them (errors, extractor
//! rejections, `route_layer` and `CorsRouter::layer` answers included), never on its preflights,
//! on other routes or on 404s; router defaults, nesting, and per-handler overrides.

use super::*;
use cors_runtime::routing::MethodFilter;
use cors_runtime::{cors_policy, EmbedderPolicy, Isolation, OpenerPolicy, Policy, ResourcePolicy};

const CORP: &str = "cross-origin-resource-policy";
const COOP: &str = "cross-origin-opener-policy";
const COEP: &str = "cross-origin-embedder-policy";
const COOP_RO: &str = "cross-origin-opener-policy-report-only";
const COEP_RO: &str = "cross-origin-embedder-policy-report-only";
const ISOLATION: [&str; 5] = [CORP, COOP, COEP, COOP_RO, COEP_RO];

fn isolation_headers(h: &HeaderMap) -> Vec<(String, Vec<String>)> {
    ISOLATION
        .iter()
        .filter(|n| h.contains_key(**n))
        .map(|n| {
            (
                n.to_string(),
                all(h, n).iter().map(|v| v.to_string()).collect(),
            )
        })
        .collect()
}

fn one(h: &HeaderMap, name: &str) -> Option<String> {
    let values = all(h, name);
    assert!(
        values.len() <= 1,
        "{name} sent {} times: {values:?}",
        values.len()
    );
    values.first().map(|v| v.to_string())
}

#[cors(
    origins = ["https://app.example.com"],
    resource_policy = "cross-origin",
    opener_policy(policy = "same-origin", report_to = "coop-endpoint"),
    embedder_policy = "require-corp",
)]
async fn isolated_page() -> impl IntoResponse {
    // The handler's own header of the same name is replaced by the policy's.
    ([(CORP, "same-origin"), (COOP, "unsafe-none")], "page")
}

#[cors(resource_policy = "cross-origin")]
async fn image() -> &'static str {
    "png"
}

#[cors(
    none,
    opener_policy = "same-origin",
    embedder_policy = "credentialless"
)]
async fn opted_out_document() -> &'static str {
    "doc"
}

#[cors(
    opener_policy_report_only(policy = "same-origin", report_to = "coop"),
    embedder_policy_report_only = "require-corp"
)]
async fn trial() -> &'static str {
    "trial"
}

#[cors(origins = ["https://app.example.com"], embedder_policy = "require-corp")]
async fn broken() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, "boom")
}

#[cors(origins = ["https://app.example.com"], embedder_policy = "require-corp")]
async fn takes_json(Json(body): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(body)
}

#[cors(resource_policy = "same-site")]
async fn guarded() -> &'static str {
    "secret"
}

async fn plain() -> &'static str {
    "plain"
}

#[tokio::test]
async fn a_handlers_keys_go_on_its_responses_and_replace_its_own() {
    let app = CorsRouter::new()
        .route("/page", get(isolated_page))
        .route("/plain", get(plain))
        .into_router();
    let (status, h, body) = send(app.clone(), request("GET", "/page", &[("origin", APP)])).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "page"));
    assert_eq!(one(&h, CORP).as_deref(), Some("cross-origin"));
    assert_eq!(
        one(&h, COOP).as_deref(),
        Some("same-origin; report-to=\"coop-endpoint\"")
    );
    assert_eq!(one(&h, COEP).as_deref(), Some("require-corp"));
    assert_eq!(one(&h, COOP_RO), None);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);

    // Without `Origin` too: a document load is not a CORS request.
    let (_, h, _) = send(app.clone(), request("GET", "/page", &[])).await;
    assert_eq!(one(&h, COEP).as_deref(), Some("require-corp"));

    // Not on its preflights, not on another route, not on a 404.
    let (status, h, _) = send(app.clone(), preflight("/page", APP, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(isolation_headers(&h), vec![]);
    let (_, h, _) = send(app.clone(), request("GET", "/plain", &[("origin", APP)])).await;
    assert_eq!(isolation_headers(&h), vec![]);
    let (status, h, _) = send(app, request("GET", "/missing", &[])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(isolation_headers(&h), vec![]);
}

#[tokio::test]
async fn keys_without_origins_and_with_none_send_the_headers_without_cors() {
    let app = CorsRouter::new()
        .route("/image", get(image))
        .route("/doc", get(opted_out_document))
        .route("/trial", get(trial))
        .default_policy(Policy::builder().origins([APP]).build().unwrap())
        .into_router();
    let (_, h, _) = send(app.clone(), request("GET", "/image", &[("origin", APP)])).await;
    assert_eq!(one(&h, CORP).as_deref(), Some("cross-origin"));
    // Same-origin only: no CORS headers, and the router default does not apply.
    assert_eq!(cors_headers(&h), Vec::<String>::new());

    let (_, h, _) = send(app.clone(), request("GET", "/doc", &[])).await;
    assert_eq!(
        isolation_headers(&h),
        vec![
            (COOP.into(), vec!["same-origin".into()]),
            (COEP.into(), vec!["credentialless".into()])
        ]
    );
    let (_, h, _) = send(app.clone(), request("GET", "/doc", &[("origin", APP)])).await;
    assert_eq!(cors_headers(&h), Vec::<String>::new());

    let (_, h, _) = send(app, request("GET", "/trial", &[])).await;
    assert_eq!(
        isolation_headers(&h),
        vec![
            (
                COOP_RO.into(),
                vec!["same-origin; report-to=\"coop\"".into()]
            ),
            (COEP_RO.into(), vec!["require-corp".into()])
        ]
    );
}

#[tokio::test]
async fn errors_rejections_and_layer_answers_carry_them() {
    async fn deny(_req: axum::extract::Request, _next: axum::middleware::Next) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }
    let app = CorsRouter::new()
        .route("/broken", get(broken))
        .route("/json", post(takes_json))
        .into_router();
    let (status, h, _) = send(app.clone(), request("GET", "/broken", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(one(&h, COEP).as_deref(), Some("require-corp"));

    // No JSON content type: `Json` rejects before the handler runs.
    let (status, h, _) = send(app, request("POST", "/json", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(one(&h, COEP).as_deref(), Some("require-corp"));

    let app = CorsRouter::new()
        .route("/guarded", get(guarded))
        .route_layer(axum::middleware::from_fn(deny))
        .into_router();
    let (status, h, _) = send(app, request("GET", "/guarded", &[])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(one(&h, CORP).as_deref(), Some("same-site"));

    let app = CorsRouter::new()
        .route("/guarded", get(guarded))
        .layer(axum::middleware::from_fn(deny))
        .into_router();
    let (status, h, _) = send(app, request("GET", "/guarded", &[])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(one(&h, CORP).as_deref(), Some("same-site"));
}

static SHARED: Policy = cors_policy!(
    origins = ["https://app.example.com"],
    opener_policy = "same-origin",
    embedder_policy = "credentialless",
);

#[cors(policy = SHARED)]
async fn shared() -> &'static str {
    "shared"
}

#[cors(policy = SHARED, opener_policy = "same-origin-allow-popups", resource_policy = "same-site")]
async fn shared_overridden() -> &'static str {
    "overridden"
}

#[tokio::test]
async fn a_named_policy_carries_its_keys_and_the_handler_overrides_them_key_by_key() {
    let app = CorsRouter::new()
        .route("/shared", get(shared))
        .route("/overridden", get(shared_overridden))
        .into_router();
    let (_, h, _) = send(app.clone(), request("GET", "/shared", &[("origin", APP)])).await;
    assert_eq!(one(&h, COOP).as_deref(), Some("same-origin"));
    assert_eq!(one(&h, COEP).as_deref(), Some("credentialless"));
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    let (_, h, _) = send(app, request("GET", "/overridden", &[])).await;
    assert_eq!(one(&h, COOP).as_deref(), Some("same-origin-allow-popups"));
    assert_eq!(one(&h, COEP).as_deref(), Some("credentialless"));
    assert_eq!(one(&h, CORP).as_deref(), Some("same-site"));
}

#[cors(none)]
async fn none_at_all() -> &'static str {
    "none"
}

fn isolated() -> Isolation {
    Isolation::new()
        .opener_policy(OpenerPolicy::SameOrigin)
        .embedder_policy(EmbedderPolicy::RequireCorp)
}

#[tokio::test]
async fn a_router_default_reaches_every_handler_and_yields_to_inner_ones() {
    let inner = CorsRouter::new()
        .route("/plain", get(plain))
        .isolation(Isolation::new().embedder_policy(EmbedderPolicy::Credentialless));
    let app = CorsRouter::new()
        .route("/plain", get(plain))
        .route("/none", get(none_at_all))
        .route("/page", get(isolated_page))
        .route("/image", get(image))
        .nest("/inner", inner)
        .isolation(isolated().resource_policy(ResourcePolicy::SameSite));
    let table = app.table();
    let row = |path: &str| {
        table
            .routes()
            .iter()
            .find(|r| r.path == path)
            .unwrap()
            .isolation
            .to_string()
    };
    assert_eq!(
        row("/plain"),
        "resource_policy=same-site opener_policy=same-origin embedder_policy=require-corp"
    );
    assert_eq!(
        row("/inner/plain"),
        "resource_policy=same-site opener_policy=same-origin embedder_policy=credentialless"
    );
    assert!(
        table.to_string().contains("[resource_policy=same-site"),
        "{table}"
    );
    let app = app.into_router();

    let expect = |h: &HeaderMap, corp: &str, coop: &str, coep: &str| {
        assert_eq!(one(h, CORP).as_deref(), Some(corp));
        assert_eq!(one(h, COOP).as_deref(), Some(coop));
        assert_eq!(one(h, COEP).as_deref(), Some(coep));
    };
    // Without `#[cors]`, with `#[cors(none)]`: the default.
    for path in ["/plain", "/none"] {
        let (_, h, _) = send(app.clone(), request("GET", path, &[])).await;
        expect(&h, "same-site", "same-origin", "require-corp");
    }
    // The handler's own keys win, key by key.
    let (_, h, _) = send(app.clone(), request("GET", "/page", &[("origin", APP)])).await;
    expect(
        &h,
        "cross-origin",
        "same-origin; report-to=\"coop-endpoint\"",
        "require-corp",
    );
    let (_, h, _) = send(app.clone(), request("GET", "/image", &[])).await;
    expect(&h, "cross-origin", "same-origin", "require-corp");
    // The nested router's default wins over the outer one.
    let (_, h, _) = send(app.clone(), request("GET", "/inner/plain", &[])).await;
    expect(&h, "same-site", "same-origin", "credentialless");
    // Still nothing on 404s and preflights.
    let (_, h, _) = send(app.clone(), request("GET", "/nowhere", &[])).await;
    assert_eq!(isolation_headers(&h), vec![]);
    let (_, h, _) = send(app, preflight("/page", APP, "GET", None)).await;
    assert_eq!(isolation_headers(&h), vec![]);
}

#[tokio::test]
async fn a_default_same_origin_resource_policy_beside_cors_origins_is_a_route_error() {
    let build = || {
        CorsRouter::<()>::new()
            .route("/broken", get(broken))
            .isolation(Isolation::new().resource_policy(ResourcePolicy::SameOrigin))
            .into_router()
    };
    let message = std::panic::catch_unwind(build)
        .err()
        .and_then(|e| e.downcast_ref::<String>().cloned())
        .expect("into_router must refuse the combination");
    assert!(
        message.contains("handler `broken` routed on GET /broken")
            && message.contains("resource_policy = \"same-origin\""),
        "{message}"
    );
    // The same default on a handler without CORS origins is fine.
    let app = CorsRouter::<()>::new()
        .route("/plain", get(plain))
        .isolation(Isolation::new().resource_policy(ResourcePolicy::SameOrigin))
        .into_router();
    let (_, h, _) = send(app, request("GET", "/plain", &[])).await;
    assert_eq!(one(&h, CORP).as_deref(), Some("same-origin"));
    // A default policy allowing every origin makes `same-site` a contradiction too.
    let any = Policy::builder().origins(["*"]).build().unwrap();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        CorsRouter::<()>::new()
            .route("/plain", get(plain))
            .default_policy(any)
            .isolation(Isolation::new().resource_policy(ResourcePolicy::SameSite))
            .into_router()
    }));
    assert!(result.is_err());
}

#[tokio::test]
async fn builder_policies_carry_isolation_and_refuse_bad_values() {
    let policy = Policy::builder()
        .origins([APP])
        .resource_policy("cross-origin")
        .opener_policy_with_report_to("same-origin", "coop")
        .embedder_policy_report_only("require-corp")
        .build()
        .unwrap();
    assert_eq!(
        policy.isolation().unwrap().to_string(),
        "resource_policy=cross-origin opener_policy=same-origin; report-to=\"coop\" \
         embedder_policy_report_only=require-corp"
    );
    let app = CorsRouter::new()
        .route(
            "/plain",
            cors_runtime::routing::on_with_policy(MethodFilter::GET, plain, policy),
        )
        .into_router();
    let (_, h, _) = send(app, request("GET", "/plain", &[("origin", APP)])).await;
    assert_eq!(one(&h, CORP).as_deref(), Some("cross-origin"));
    assert_eq!(
        one(&h, COOP).as_deref(),
        Some("same-origin; report-to=\"coop\"")
    );
    assert_eq!(one(&h, COEP_RO).as_deref(), Some("require-corp"));
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);

    let error = Policy::builder()
        .origins([APP])
        .resource_policy("same-origin")
        .opener_policy("same_origin")
        .embedder_policy_with_report_to("require-corp", "Reports")
        .opener_policy_report_only("unsafe-none")
        .build()
        .unwrap_err();
    let text = error.to_string();
    for piece in [
        "resource_policy: `resource_policy = \"same-origin\"` blocks the `no-cors` loads",
        "opener_policy: `same_origin` is not a Cross-Origin-Opener-Policy value",
        "embedder_policy.report_to: `Reports` is not a reporting endpoint name",
        "write \"reports\"",
        "opener_policy_report_only: `opener_policy_report_only = \"unsafe-none\"` never reports",
    ] {
        assert!(text.contains(piece), "{piece:?} not in {text}");
    }
    assert_eq!(error.problems().len(), 4, "{text}");
}

#[cors(origins = env("CORS_TEST_ISOLATION"), resource_policy = "same-site", embedder_policy = "require-corp")]
async fn from_env() -> &'static str {
    "env"
}

#[tokio::test]
async fn origins_from_the_environment_keep_the_keys_and_their_checks() {
    // This test owns the variable; nothing else reads it concurrently.
    std::env::set_var("CORS_TEST_ISOLATION", "https://app.example.com");
    let router = || CorsRouter::<()>::new().route("/env", get(from_env));
    let (_, h, _) = send(
        router().try_into_router().unwrap(),
        request("GET", "/env", &[("origin", APP)]),
    )
    .await;
    assert_eq!(one(&h, CORP).as_deref(), Some("same-site"));
    assert_eq!(one(&h, COEP).as_deref(), Some("require-corp"));
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);

    // `same-site` beside every origin is refused once the variable says `*`.
    std::env::set_var("CORS_TEST_ISOLATION", "*");
    let error = router().try_into_router().unwrap_err().to_string();
    assert!(
        error.contains("`resource_policy = \"same-site\"` with `\"*\"` origins"),
        "{error}"
    );
}

static SAME_SITE: Policy = cors_policy!(
    origins = ["https://app.example.com"],
    resource_policy = "same-site",
);

#[cors(policy = SAME_SITE, origins = ["*"])]
async fn widened() {}

#[test]
fn a_merge_that_meets_star_origins_is_refused_when_routed() {
    let result = std::panic::catch_unwind(|| {
        CorsRouter::<()>::new()
            .route("/widened", get(widened))
            .into_router()
    });
    let message = result
        .err()
        .and_then(|e| e.downcast_ref::<String>().cloned())
        .expect("the merged policy's `*` origins contradict SAME_SITE's resource policy");
    assert!(message.contains("handler `widened`"), "{message}");
}
