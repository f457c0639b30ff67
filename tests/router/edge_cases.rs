//! Edge cases found by an adversarial review: the front of `CorsService` (`into_make_service`)
//! against the `axum::Router` of `into_router` on odd targets and `nest_service` prefixes,
//! decorated paths against the path service, isolation headers through the front, the default
//! policy's isolation keys for opted-out handlers, a nested router's `debug_reasons`, and
//! `route_layer` after nesting a router that only brings a fallback.

use super::*;

#[cors(origins = ["https://app.example.com"])]
async fn spa(axum::extract::Path(rest): axum::extract::Path<String>) -> String {
    format!("page {rest}")
}

#[cors(origins = ["https://app.example.com"])]
async fn page(axum::extract::Path(page): axum::extract::Path<String>) -> String {
    format!("page {page}")
}

fn asset_service() -> impl tower::Service<
    Request<Body>,
    Response = &'static str,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
       + Send
       + Sync
       + 'static {
    tower::service_fn(|_| async { Ok::<_, std::convert::Infallible>("asset") })
}

fn copy(req: &Request<Body>) -> Request<Body> {
    let mut copy = Request::builder().method(req.method()).uri(req.uri());
    *copy.headers_mut().unwrap() = req.headers().clone();
    copy.body(Body::empty()).unwrap()
}

async fn both(
    cors: CorsRouter,
    req: Request<Body>,
) -> (
    (StatusCode, HeaderMap, String),
    (StatusCode, HeaderMap, String),
) {
    let service = cors.clone().into_make_service();
    assert!(service.answers_preflights_in_front());
    let router = cors.into_router();
    let in_router = read(router.oneshot(copy(&req)).await.unwrap()).await;
    let in_front = read(service.oneshot(req).await.unwrap()).await;
    (in_front, in_router)
}

/// axum's `nest_service("/assets", ..)` also routes `/assets/` (a static path), which the front
/// does not insert: a CORS catch-all (an SPA's `/{*rest}`) then answers the preflight in front,
/// while axum routes it to the nested service, which refuses it.
#[tokio::test]
async fn nest_service_prefix_slash_is_not_answered_by_a_catch_all() {
    let cors = || {
        CorsRouter::new()
            .route("/{*rest}", get(spa))
            .nest_service("/assets", asset_service())
    };
    let (front, in_router) = both(cors(), preflight("/assets/", APP, "GET", None)).await;
    assert_eq!(front, in_router, "OPTIONS /assets/ preflight");
    // axum routes it to the nested service: no CORS, refused.
    assert_eq!(in_router.0, StatusCode::FORBIDDEN);
}

/// Same with a parameter route (`/{page}/`) and with a service nested inside a nested
/// `CorsRouter` (`/api` + `/static` → axum routes `/api/static/`).
#[tokio::test]
async fn nested_service_prefix_slash_is_not_answered_by_a_param_route() {
    let cors = CorsRouter::new()
        .route("/{page}/", get(page))
        .nest_service("/assets", asset_service());
    let (front, in_router) = both(cors, preflight("/assets/", APP, "GET", None)).await;
    assert_eq!(front, in_router, "OPTIONS /assets/ preflight, /{{page}}/");

    let cors = CorsRouter::new().route("/api/{*rest}", get(spa)).nest(
        "/api",
        CorsRouter::new().nest_service("/static", asset_service()),
    );
    let (front, in_router) = both(cors, preflight("/api/static/", APP, "GET", None)).await;
    assert_eq!(front, in_router, "OPTIONS /api/static/ preflight");
}

#[cors(origins = ["https://app.example.com"], headers = ["x-foo"], expose = ["x-a"])]
async fn json_in(Json(body): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(body)
}

#[cors(origins = ["https://admin.example.com"], credentials)]
async fn by_id(axum::extract::Path(id): axum::extract::Path<u32>) -> String {
    format!("{id}")
}

#[cors(none)]
async fn none_put() -> &'static str {
    "none"
}

/// Exploratory: a path whose handlers decorate their own responses answers every request as
/// the same path kept in its path service (here by an identity layer) does.
#[tokio::test]
async fn decorated_paths_answer_as_the_path_service() {
    let routes = || {
        CorsRouter::new()
            .route("/j", post(json_in).get(list_users).put(none_put))
            .route("/n/{id}", get(by_id).delete(delete_user))
            .route("/p", get(same_origin_only))
            .route("/d", get(same_origin_only))
            .default_policy(
                cors_runtime::Policy::builder()
                    .origins([APP])
                    .build()
                    .unwrap(),
            )
    };
    let simple = routes().into_router();
    let kept = routes()
        .layer(tower::layer::util::Identity::new())
        .into_router();
    let mut diffs = Vec::new();
    for path in ["/j", "/n/1", "/n/x", "/p", "/d"] {
        for method in [
            "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
        ] {
            for origin in [None, Some(APP), Some(ADMIN), Some(EVIL)] {
                for ct in [None, Some("application/json")] {
                    let mut h = Vec::new();
                    if let Some(o) = origin {
                        h.push(("origin", o));
                    }
                    if let Some(c) = ct {
                        h.push(("content-type", c));
                    }
                    let req = request(method, path, &h);
                    let a = read(simple.clone().oneshot(copy(&req)).await.unwrap()).await;
                    let b = read(kept.clone().oneshot(req).await.unwrap()).await;
                    if a != b {
                        diffs.push(format!(
                            "{method} {path} {h:?}\n simple {a:?}\n kept   {b:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[cors(
    origins = ["https://app.example.com"],
    opener_policy = "same-origin",
    embedder_policy = "require-corp"
)]
async fn iso_page(Json(body): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(body)
}

#[cors(origins = ["https://app.example.com"], opener_policy = "same-origin")]
async fn iso_get() -> &'static str {
    "iso"
}

/// Exploratory: isolation headers through `into_make_service`: on every response of the
/// handler, on nothing else.
#[tokio::test]
async fn isolation_through_the_front() {
    use cors_runtime::{EmbedderPolicy, Isolation};
    let routes = || {
        CorsRouter::new()
            .route("/iso", post(iso_page).get(iso_get).delete(delete_user))
            .route("/other", get(public))
            .nest(
                "/in",
                CorsRouter::new()
                    .route("/x", get(iso_get))
                    .isolation(Isolation::new().embedder_policy(EmbedderPolicy::Credentialless)),
            )
            .isolation(Isolation::new().embedder_policy(EmbedderPolicy::RequireCorp))
            .fallback(outer_fallback)
    };
    async fn outer_fallback() -> StatusCode {
        StatusCode::NOT_FOUND
    }
    let service = routes().into_make_service();
    assert!(service.answers_preflights_in_front());
    let router = routes().into_router();
    let coop = |h: &HeaderMap| all(h, "cross-origin-opener-policy").join("|");
    let coep = |h: &HeaderMap| all(h, "cross-origin-embedder-policy").join("|");
    let mut diffs = Vec::new();
    let cases: Vec<(Request<Body>, &str, &str)> = vec![
        (
            request("POST", "/iso", &[("origin", APP)]),
            "same-origin",
            "require-corp",
        ),
        (
            request(
                "POST",
                "/iso",
                &[("origin", EVIL), ("content-type", "application/json")],
            ),
            "same-origin",
            "require-corp",
        ),
        (
            request("GET", "/iso", &[("origin", APP)]),
            "same-origin",
            "require-corp",
        ),
        (
            request("HEAD", "/iso", &[("origin", APP)]),
            "same-origin",
            "require-corp",
        ),
        (
            request("DELETE", "/iso", &[("origin", ADMIN)]),
            "",
            "require-corp",
        ),
        (request("PUT", "/iso", &[("origin", APP)]), "", ""),
        (request("OPTIONS", "/iso", &[("origin", APP)]), "", ""),
        (preflight("/iso", APP, "POST", Some("content-type")), "", ""),
        (preflight("/iso", APP, "GET", None), "", ""),
        (
            request("GET", "/other", &[("origin", APP)]),
            "",
            "require-corp",
        ),
        (
            request("GET", "/in/x", &[("origin", APP)]),
            "same-origin",
            "credentialless",
        ),
        (preflight("/in/x", APP, "GET", None), "", ""),
        (request("GET", "/in/nope", &[("origin", APP)]), "", ""),
        (request("GET", "/nope", &[("origin", APP)]), "", ""),
    ];
    for (req, want_coop, want_coep) in cases {
        let what = format!("{} {} {:?}", req.method(), req.uri(), req.headers());
        let in_router = read(router.clone().oneshot(copy(&req)).await.unwrap()).await;
        let in_front = read(service.clone().oneshot(req).await.unwrap()).await;
        if in_front != in_router {
            diffs.push(format!("{what}: front {in_front:?} router {in_router:?}"));
        }
        if (coop(&in_front.1).as_str(), coep(&in_front.1).as_str()) != (want_coop, want_coep) {
            diffs.push(format!("{what}: {:?} {:?}", in_front.0, in_front.1));
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[cors(none)]
async fn opted_out() -> &'static str {
    "none"
}

async fn unannotated() -> &'static str {
    "unannotated"
}

/// README, "Cross-origin isolation headers", *Where they go*: "else the router defaults
/// (`CorsRouter::isolation`, and the keys of `default_policy`'s policy) ... `#[cors(none)]`
/// handlers and handlers without `#[cors]` get the router defaults too." A `#[cors(none)]`
/// handler gets the `CorsRouter::isolation` keys but not those of the default policy.
#[tokio::test]
async fn cors_none_handlers_get_the_default_policys_isolation_keys() {
    let policy = cors_runtime::Policy::builder()
        .origins([APP])
        .opener_policy("same-origin")
        .build()
        .unwrap();
    let app = CorsRouter::new()
        .route("/none", get(opted_out))
        .route("/unannotated", get(unannotated))
        .default_policy(policy)
        .into_make_service();
    let (_, h, _) = read(
        app.clone()
            .oneshot(request("GET", "/unannotated", &[]))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(all(&h, "cross-origin-opener-policy"), ["same-origin"]);
    let (_, h, _) = read(app.oneshot(request("GET", "/none", &[])).await.unwrap()).await;
    assert_eq!(
        all(&h, "cross-origin-opener-policy"),
        ["same-origin"],
        "GET /none: a #[cors(none)] handler gets the router defaults, default_policy's keys included"
    );
}

/// Exploratory: odd request targets, front vs router.
#[tokio::test]
async fn odd_targets_front_vs_router() {
    async fn fb() -> (StatusCode, &'static str) {
        (StatusCode::NOT_FOUND, "fb")
    }
    let routes = || {
        CorsRouter::new()
            .route("/{*rest}", get(spa))
            .route("/u/{id}", get(by_id))
            .route("/u/me", get(public))
            .route("/", get(public))
            .nest(
                "/api",
                CorsRouter::new()
                    .route("/", get(list_users))
                    .route("/{x}", get(page))
                    .fallback(fb),
            )
            .nest_service("/s", asset_service())
            .fallback(fb)
    };
    let service = routes().into_make_service();
    assert!(service.answers_preflights_in_front());
    let router = routes().into_router();
    let mut diffs = Vec::new();
    for uri in [
        "*",
        "/",
        "http://h.example",
        "http://h.example/",
        "http://h.example/u/7",
        "h.example:443",
        "/u/7?x=1",
        "/u//7",
        "//u/7",
        "/u/7/",
        "/u/me/",
        "/u/%6De",
        "/api",
        "/api/",
        "/api/x",
        "/api/x/",
        "/api//",
        "/s",
        "/s/a",
        "/s//",
        "/%2F",
        "/u/7%2F8",
        "/api?",
        "/api/?q",
    ] {
        for origin in [APP, ADMIN, "null"] {
            let Ok(req) = Request::builder()
                .method("OPTIONS")
                .uri(uri)
                .header("origin", origin)
                .header("access-control-request-method", "GET")
                .body(Body::empty())
            else {
                continue;
            };
            let in_router = read(router.clone().oneshot(copy(&req)).await.unwrap()).await;
            let in_front = read(service.clone().oneshot(req).await.unwrap()).await;
            if in_front != in_router {
                diffs.push(format!(
                    "{uri} {origin}: front {in_front:?}\n router {in_router:?}"
                ));
            }
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// `debug_reasons(true)` on a router that is then nested (or merged) is dropped: the outer
/// router's setting (off) decides, and the nested routes answer without `x-cors-reason`.
#[tokio::test]
async fn debug_reasons_of_a_nested_router_is_kept() {
    let inner = CorsRouter::new()
        .route("/x", get(iso_get))
        .debug_reasons(true);
    // The inner router on its own says why.
    let alone = inner.clone().into_make_service();
    let (status, h, _) = read(
        alone
            .oneshot(preflight("/x", EVIL, "GET", None))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(h.contains_key("x-cors-reason"));
    for app in [
        CorsRouter::new().nest("/in", inner.clone()),
        CorsRouter::new().merge(CorsRouter::new().nest("/in", inner.clone())),
    ] {
        let app = app.into_make_service();
        let (status, h, _) = read(
            app.oneshot(preflight("/in/x", EVIL, "GET", None))
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(
            h.contains_key("x-cors-reason"),
            "OPTIONS /in/x from {EVIL}: the nested router's debug_reasons(true) was dropped: {h:?}"
        );
    }
}

/// `route_layer` after nesting a router that has a fallback (and no nested service): the plain
/// part then holds no routes, only the nested fallback, and axum's `route_layer` panics on it.
#[tokio::test]
async fn route_layer_after_nesting_a_router_with_a_fallback() {
    async fn fb() -> StatusCode {
        StatusCode::NOT_FOUND
    }
    let result = std::panic::catch_unwind(|| {
        CorsRouter::<()>::new()
            .route("/a", get(iso_get))
            .nest(
                "/api",
                CorsRouter::new().route("/x", get(iso_get)).fallback(fb),
            )
            .route_layer(tower::layer::util::Identity::new())
            .into_make_service()
    });
    let app = result.expect("a route_layer on a router with routes must not panic");
    let (status, ..) = read(app.oneshot(request("GET", "/a", &[])).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
}

/// Exploratory: building the front (its probe preflight) calls no origin function.
#[tokio::test]
async fn building_the_front_calls_no_origin_function() {
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorder = seen.clone();
    let policy = cors_runtime::Policy::builder()
        .origin_fn(move |origin: &cors_runtime::Origin<'_>| {
            recorder.lock().unwrap().push(origin.as_str().to_owned());
            true
        })
        .build()
        .unwrap();
    let service = CorsRouter::new()
        .route(
            "/d",
            cors_runtime::routing::on_with_policy(
                cors_runtime::routing::MethodFilter::GET,
                same_origin_only,
                policy,
            ),
        )
        .into_make_service();
    assert!(service.answers_preflights_in_front());
    assert_eq!(*seen.lock().unwrap(), Vec::<String>::new());
}
