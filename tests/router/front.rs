//! The front of `CorsService` (`into_make_service`): it answers preflights before axum's routing,
//! and must answer exactly as the `axum::Router` of `into_router` does (status, every header,
//! `Vary` included, body), on every kind of path; everything else passes through untouched.

use std::sync::atomic::AtomicUsize;

use super::*;
use cors_runtime::routing::{get, MethodFilter};
use cors_runtime::CorsService;

static FRONT_OPTIONS_RAN: AtomicUsize = AtomicUsize::new(0);

async fn counted_options() -> StatusCode {
    FRONT_OPTIONS_RAN.fetch_add(1, Ordering::SeqCst);
    eprintln!("RAN {}", std::backtrace::Backtrace::force_capture());
    StatusCode::NO_CONTENT
}

#[cors(origins = ["https://app.example.com"], headers = ["x-foo"])]
async fn user(axum::extract::Path(id): axum::extract::Path<String>) -> String {
    format!("user {id}")
}

#[cors(origins = ["https://admin.example.com"])]
async fn file(axum::extract::Path(rest): axum::extract::Path<String>) -> String {
    format!("file {rest}")
}

async fn nested_404() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "nested 404")
}

async fn outer_404() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "outer 404")
}

fn cors() -> CorsRouter {
    CorsRouter::new()
        .route(
            "/users",
            get(list_users).post(list_users).delete(delete_user),
        )
        .route("/users/{id}", get(user))
        // More specific than `/users/{id}`: matchit prefers it, so must the front.
        .route("/users/me", get(public))
        .route("/files/{*rest}", get(file))
        .route("/with-options", get(public).merge(options(counted_options)))
        .route("/any", any(anything))
        .route("/plain", get(same_origin_only))
        .route(
            "/configured",
            cors_runtime::routing::on_with_policy(
                MethodFilter::GET,
                same_origin_only,
                cors_runtime::Policy::builder()
                    .origins([APP])
                    .build()
                    .unwrap(),
            ),
        )
        .nest(
            "/api",
            CorsRouter::new()
                .route("/", get(public))
                .route("/items/{id}", get(user).delete(delete_user))
                .fallback(nested_404),
        )
        .nest_service(
            "/assets",
            tower::service_fn(|_| async { Ok::<_, std::convert::Infallible>("asset") }),
        )
        .fallback(outer_404)
}

fn copy(req: &Request<Body>) -> Request<Body> {
    let mut copy = Request::builder().method(req.method()).uri(req.uri());
    *copy.headers_mut().unwrap() = req.headers().clone();
    copy.body(Body::empty()).unwrap()
}

/// The answer of the front and of the `axum::Router` to the same request.
async fn both(
    service: &CorsService,
    router: &axum::Router,
    req: Request<Body>,
) -> (
    (StatusCode, HeaderMap, String),
    (StatusCode, HeaderMap, String),
) {
    let in_router = read(router.clone().oneshot(copy(&req)).await.unwrap()).await;
    let in_front = read(service.clone().oneshot(req).await.unwrap()).await;
    (in_front, in_router)
}

const PATHS: &[&str] = &[
    "/users",
    "/users/",
    "/users/7",
    "/users/7/",
    "/users/me",
    "/files/a",
    "/files/a/b/c",
    "/files",
    "/files/",
    "/with-options",
    "/any",
    "/plain",
    "/configured",
    "/api",
    "/api/",
    "/api/items/3",
    "/api/items/3/",
    "/api/nope",
    "/assets",
    "/assets/x.css",
    "/nope",
    "/USERS",
    "/users%2F7",
    "//users",
];

/// Preflight header sets: allowed, refused for each reason the engine has, and malformed.
fn preflights(uri: &str) -> Vec<Request<Body>> {
    let mut out = Vec::new();
    for origin in [APP, ADMIN, EVIL, "null"] {
        for method in [
            "GET",
            "POST",
            "DELETE",
            "PUT",
            "PATCH",
            "get",
            "GET, POST",
            "",
        ] {
            for headers in [
                None,
                Some("x-foo"),
                Some("content-type,x-foo"),
                Some("x-bar"),
            ] {
                out.push(preflight(uri, origin, method, headers));
            }
        }
    }
    out.push(request(
        "OPTIONS",
        uri,
        &[
            ("origin", APP),
            ("origin", ADMIN),
            ("access-control-request-method", "GET"),
        ],
    ));
    out.push(request(
        "OPTIONS",
        uri,
        &[
            ("origin", APP),
            ("access-control-request-method", "GET"),
            ("access-control-request-private-network", "true"),
        ],
    ));
    out
}

#[tokio::test]
async fn the_front_answers_every_preflight_as_the_router_does_and_passes_the_rest() {
    let service = cors().into_make_service();
    assert!(service.answers_preflights_in_front());
    let router = cors().into_router();
    let (mut allowed, mut refused) = (0, 0);
    for path in PATHS {
        for req in preflights(path) {
            let what = format!("{path} {:?}", req.headers());
            let before = FRONT_OPTIONS_RAN.load(Ordering::SeqCst);
            let (front, in_router) = both(&service, &router, req).await;
            assert_eq!(front, in_router, "{what}");
            assert_eq!(FRONT_OPTIONS_RAN.load(Ordering::SeqCst), before, "{what}");
            assert_eq!(
                all(&front.1, "vary"),
                ["Origin, Access-Control-Request-Method, Access-Control-Request-Headers"],
                "{what}"
            );
            match front.0 {
                StatusCode::NO_CONTENT => allowed += 1,
                StatusCode::FORBIDDEN => refused += 1,
                other => panic!("{what}: {other}"),
            }
        }
    }
    // Both outcomes were exercised, on many paths.
    assert!(
        allowed > 30 && refused > 1000,
        "{allowed} allowed, {refused} refused"
    );
    assert_eq!(
        FRONT_OPTIONS_RAN.load(Ordering::SeqCst),
        0,
        "a preflight ran a handler"
    );

    // Everything but a preflight passes through untouched (in the same test as the above: both
    // read the counter of the `OPTIONS` handler).
    let mut requests = Vec::new();
    for path in PATHS {
        for method in ["GET", "POST", "DELETE", "HEAD", "PUT"] {
            requests.push(request(method, path, &[]));
            requests.push(request(method, path, &[("origin", APP)]));
            requests.push(request(method, path, &[("origin", EVIL)]));
        }
        // `OPTIONS` that is no preflight: no `Origin`, or no requested method.
        requests.push(request(
            "OPTIONS",
            path,
            &[("access-control-request-method", "GET")],
        ));
        requests.push(request("OPTIONS", path, &[("origin", APP)]));
    }
    for req in requests {
        let what = format!("{} {} {:?}", req.method(), req.uri(), req.headers());
        let (front, in_router) = both(&service, &router, req).await;
        assert_eq!(front, in_router, "{what}");
    }
    // The `OPTIONS` handler ran for each of those requests to its path, once per stack.
    assert_eq!(FRONT_OPTIONS_RAN.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn the_front_picks_the_path_axum_picks() {
    let service = cors().into_make_service();
    // `/users/me` is public (any origin), `/users/{id}` only the app's.
    let (status, h, _) = read(
        service
            .clone()
            .oneshot(preflight("/users/me", EVIL, "GET", None))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), ["*"]);
    let (status, ..) = read(
        service
            .clone()
            .oneshot(preflight("/users/7", EVIL, "GET", None))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A wildcard path answers with its own policy, the admin's.
    let (status, h, _) = read(
        service
            .oneshot(preflight("/files/a/b", ADMIN, "GET", None))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [ADMIN]);
}

#[tokio::test]
async fn a_router_with_plain_axum_routes_is_served_without_the_front() {
    // A front that knew only the CORS paths would answer `/users/admin` for `/users/{id}`;
    // axum routes it to the plain route: the front steps aside rather than answer wrongly.
    let plain = axum::Router::new().route("/users/admin", axum::routing::get(same_origin_only));
    let service = cors().merge(plain.clone()).into_make_service();
    assert!(!service.answers_preflights_in_front());
    let router = cors().merge(plain).into_router();
    for req in preflights("/users/admin") {
        let (front, in_router) = both(&service, &router, req).await;
        assert_eq!(front, in_router);
    }
    let (status, ..) = read(
        service
            .oneshot(preflight("/users/admin", APP, "GET", None))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::METHOD_NOT_ALLOWED,
        "the plain route's own 405"
    );
}

#[tokio::test]
async fn stateful_routers_and_debug_reasons_answer_alike() {
    #[derive(Clone)]
    struct Db;
    #[cors(origins = ["https://app.example.com"])]
    async fn with_db(axum::extract::State(_): axum::extract::State<Db>) -> &'static str {
        "db"
    }
    let cors = || {
        CorsRouter::new()
            .route("/db", get(with_db))
            .debug_reasons(true)
    };
    let service = cors().into_make_service_with_state(Db);
    let router = cors().with_state(Db);
    for req in preflights("/db") {
        let (front, in_router) = both(&service, &router, req).await;
        assert_eq!(front, in_router);
    }
    let (status, _, body) = read(
        service
            .oneshot(request("GET", "/db", &[("origin", APP)]))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "db"));
}
