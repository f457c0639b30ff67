//! The axum integration, end to end: `CorsRouter` turned into a real `axum::Router`, driven with
//! `tower::ServiceExt::oneshot` (and once over a loopback TCP connection with a real HTTP client).

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use cors_runtime::routing::{any, delete, get, options, post, put};
use cors_runtime::{cors, CorsRouter, RouteError};
use tower::ServiceExt;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example.net";

// Each test uses its own handlers' counters, so tests running in parallel do not disturb each other.
static USERS_RAN: AtomicUsize = AtomicUsize::new(0);
static DELETE_RAN: AtomicUsize = AtomicUsize::new(0);
static OPTIONS_RAN: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type", "x-foo"],
       expose = ["x-a"], max_age = 600)]
async fn list_users() -> impl IntoResponse {
    USERS_RAN.fetch_add(1, Ordering::SeqCst);
    // A handler that sets its own CORS header and Vary: the policy's value wins, Vary is kept.
    (
        [
            ("access-control-allow-origin", "https://wrong.example"),
            ("vary", "accept-encoding"),
            ("x-a", "1"),
        ],
        "users",
    )
}

#[cors(origins = ["https://admin.example.com"], credentials)]
async fn delete_user() -> &'static str {
    DELETE_RAN.fetch_add(1, Ordering::SeqCst);
    "deleted"
}

#[cors(origins = ["*"], expose = ["x-a"])]
async fn public() -> impl IntoResponse {
    ([("x-a", "1")], "public")
}

async fn same_origin_only() -> &'static str {
    "plain"
}

async fn own_options() -> StatusCode {
    OPTIONS_RAN.fetch_add(1, Ordering::SeqCst);
    StatusCode::NO_CONTENT
}

#[cors(origins = ["https://app.example.com"], headers = ["content-type"])]
async fn create(Json(body): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(body)
}

#[cors(origins = ["https://app.example.com"])]
async fn fails() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, "boom")
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn get_only() -> &'static str {
    "get only"
}

#[cors(origins = ["https://app.example.com"], headers = ["x-foo"])]
async fn anything() -> &'static str {
    "any"
}

fn app() -> axum::Router {
    CorsRouter::new()
        .route(
            "/users",
            get(list_users).post(list_users).delete(delete_user),
        )
        .route("/public", get(public))
        .route("/plain", get(same_origin_only).post(same_origin_only))
        .route("/with-options", get(public).merge(options(own_options)))
        .route("/json", post(create))
        .route("/fails", get(fails))
        .route("/any", any(anything))
        .into_router()
}

fn request(method: &str, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

fn preflight(uri: &str, origin: &str, method: &str, headers: Option<&str>) -> Request<Body> {
    let mut h = vec![
        ("origin", origin),
        ("access-control-request-method", method),
    ];
    if let Some(headers) = headers {
        h.push(("access-control-request-headers", headers));
    }
    request("OPTIONS", uri, &h)
}

async fn send(router: axum::Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = router.oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn all<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

fn varies_on_origin(headers: &HeaderMap) -> bool {
    all(headers, "vary")
        .iter()
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case("origin"))
}

#[tokio::test]
async fn preflight_is_answered_from_the_policy_and_never_runs_the_handler() {
    let before = USERS_RAN.load(Ordering::SeqCst);
    let (status, h, body) = send(
        app(),
        preflight("/users", APP, "POST", Some("content-type,x-foo")),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    assert_eq!(all(&h, "access-control-allow-credentials"), ["true"]);
    assert_eq!(
        all(&h, "access-control-allow-headers"),
        ["content-type,x-foo"]
    );
    assert_eq!(all(&h, "access-control-max-age"), ["600"]);
    assert!(
        h.get("access-control-allow-methods").is_none(),
        "POST is safelisted: not echoed"
    );
    assert!(body.is_empty());
    assert_eq!(
        USERS_RAN.load(Ordering::SeqCst),
        before,
        "the handler ran for a preflight"
    );
}

#[tokio::test]
async fn each_method_of_a_path_answers_with_its_own_policy() {
    let before = DELETE_RAN.load(Ordering::SeqCst);
    let (status, h, _) = send(app(), preflight("/users", ADMIN, "DELETE", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [ADMIN]);
    assert_eq!(all(&h, "access-control-allow-methods"), ["DELETE"]);

    // The GET/POST policy's origin is not the DELETE policy's.
    let (status, h, body) = send(app(), preflight("/users", APP, "DELETE", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert!(body.is_empty());
    assert_eq!(DELETE_RAN.load(Ordering::SeqCst), before);
}

#[tokio::test]
async fn preflight_for_a_method_without_handler_or_policy_is_rejected() {
    for (uri, method) in [
        ("/users", "PATCH"),
        ("/users", "patch"), // methods compare case-sensitively
        ("/users", "PUT"),
        ("/plain", "POST"), // a handler without #[cors]: same-origin only
        ("/plain", "GET"),
    ] {
        let (status, h, body) = send(app(), preflight(uri, APP, method, Some("x-foo"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{method} {uri}");
        assert!(body.is_empty());
    }
}

#[tokio::test]
async fn options_that_is_not_a_preflight_goes_to_the_user_or_gets_405() {
    // No user OPTIONS handler: axum's 405 with Allow.
    let (status, h, _) = send(app(), request("OPTIONS", "/users", &[])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let allow = all(&h, "allow").join(",");
    assert!(allow.contains("GET") && allow.contains("DELETE"), "{allow}");

    // Origin without Access-Control-Request-Method is not a preflight either.
    let before = OPTIONS_RAN.load(Ordering::SeqCst);
    let (status, _, _) = send(
        app(),
        request("OPTIONS", "/with-options", &[("origin", APP)]),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(OPTIONS_RAN.load(Ordering::SeqCst), before + 1);

    // A real preflight on that path never reaches the user's OPTIONS handler.
    let (status, h, _) = send(app(), preflight("/with-options", APP, "PUT", Some("x-foo"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert_eq!(OPTIONS_RAN.load(Ordering::SeqCst), before + 1);
}

#[tokio::test]
async fn unknown_paths_stay_404() {
    for req in [
        preflight("/nowhere", APP, "GET", Some("x-foo")),
        request("GET", "/nowhere", &[("origin", APP)]),
    ] {
        let (status, h, _) = send(app(), req).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(cors_headers(&h), Vec::<String>::new());
    }
}

#[tokio::test]
async fn actual_response_gets_exactly_one_allow_origin_and_keeps_the_handlers_vary() {
    let (status, h, body) = send(app(), request("GET", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "users");
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    assert_eq!(all(&h, "access-control-allow-credentials"), ["true"]);
    assert_eq!(all(&h, "access-control-expose-headers"), ["x-a"]);
    assert!(varies_on_origin(&h));
    assert!(all(&h, "vary").join(",").contains("accept-encoding"));

    // HEAD follows GET.
    let (status, h, _) = send(app(), request("HEAD", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[tokio::test]
async fn disallowed_and_originless_requests_run_the_handler_without_cors_headers() {
    for headers in [&[("origin", EVIL)][..], &[][..]] {
        let before = USERS_RAN.load(Ordering::SeqCst);
        let (status, h, body) = send(app(), request("GET", "/users", headers)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "users");
        assert!(USERS_RAN.load(Ordering::SeqCst) > before);
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{headers:?}");
        assert!(
            varies_on_origin(&h),
            "Vary: Origin is needed on every response: {headers:?}"
        );
    }
}

#[tokio::test]
async fn any_origin_without_credentials_sends_star_and_no_vary() {
    let (_, h, _) = send(app(), request("GET", "/public", &[("origin", EVIL)])).await;
    assert_eq!(all(&h, "access-control-allow-origin"), ["*"]);
    assert!(h.get("access-control-allow-credentials").is_none());
    assert!(!varies_on_origin(&h));
}

#[tokio::test]
async fn errors_rejections_and_405s_are_decorated() {
    let (status, h, _) = send(app(), request("GET", "/fails", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);

    // A Json extractor rejection is produced before the handler body runs.
    let req = Request::builder()
        .method("POST")
        .uri("/json")
        .header("origin", APP)
        .header("content-type", "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let (status, h, _) = send(app(), req).await;
    assert!(status.is_client_error(), "{status}");
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);

    // A method the path does not route: axum's 405, readable by an allowed origin.
    let (status, h, _) = send(app(), request("PUT", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    let (status, h, _) = send(app(), request("PUT", "/users", &[("origin", ADMIN)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        all(&h, "access-control-allow-origin"),
        [ADMIN],
        "the DELETE policy allows admin"
    );
    let (_, h, _) = send(app(), request("PUT", "/users", &[("origin", EVIL)])).await;
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert!(varies_on_origin(&h));

    // A path without any annotated handler keeps a bare 405.
    let (status, h, _) = send(app(), request("PUT", "/plain", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
}

#[tokio::test]
async fn any_handler_answers_preflights_for_every_method() {
    for method in ["PUT", "DELETE", "PATCH"] {
        let (status, h, _) = send(app(), preflight("/any", APP, method, Some("x-foo"))).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{method}");
        assert_eq!(all(&h, "access-control-allow-methods"), [method]);
    }
    let (status, h, _) = send(app(), request("PATCH", "/any", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    // An extension method is not routed by `any`: axum's 405, still readable by the page.
    let (status, h, _) = send(app(), request("FOO", "/any", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[tokio::test]
async fn route_layer_wraps_handlers_but_not_preflights() {
    async fn deny(_req: axum::extract::Request, _next: axum::middleware::Next) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }
    let app = CorsRouter::new()
        .route("/users", get(list_users).post(list_users))
        .route_layer(axum::middleware::from_fn(deny))
        .into_router();
    let (status, h, _) = send(app.clone(), preflight("/users", APP, "POST", Some("x-foo"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    let (status, _, _) = send(app, request("GET", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[test]
fn explicit_methods_must_include_the_routed_method() {
    let err = CorsRouter::<()>::new()
        .try_route("/only", post(get_only))
        .unwrap_err();
    assert!(
        matches!(
            &err,
            RouteError::MethodNotInPolicy {
                handler: "get_only",
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    for part in ["get_only", "/only", "POST"] {
        assert!(message.contains(part), "{message}");
    }
    assert!(CorsRouter::<()>::new()
        .try_route("/only", get(get_only))
        .is_ok());

    let panic = std::panic::catch_unwind(|| CorsRouter::<()>::new().route("/only", put(get_only)))
        .unwrap_err();
    let text = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        text.contains("get_only") && text.contains("/only") && text.contains("PUT"),
        "{text}"
    );
}

#[test]
fn a_method_routed_twice_on_a_path_is_an_error() {
    let router = CorsRouter::<()>::new().route("/users", get(list_users));
    let err = router.try_route("/users", get(public)).unwrap_err();
    assert!(matches!(err, RouteError::Overlap { .. }), "{err:?}");
}

#[tokio::test]
async fn nest_and_merge_keep_policies_and_prefix_the_table() {
    let api = CorsRouter::new()
        .route("/users", get(list_users))
        .route("/", get(public));
    let plain = axum::Router::new().route("/health", axum::routing::get(|| async { "ok" }));
    let cors = CorsRouter::new()
        .nest("/api", api)
        .merge(CorsRouter::new().route("/fails", get(fails)))
        .merge(plain)
        .fallback(|| async { (StatusCode::NOT_FOUND, "custom 404") });
    let paths: Vec<String> = cors
        .table()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(paths, ["GET /api", "GET /api/users", "GET /fails"]);

    let app = cors.into_router();
    let (status, h, _) = send(
        app.clone(),
        preflight("/api/users", APP, "GET", Some("x-foo")),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    let (status, h, body) = send(app.clone(), request("GET", "/health", &[("origin", APP)])).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    assert_eq!(
        cors_headers(&h),
        Vec::<String>::new(),
        "plain axum routes get no CORS"
    );
    let (status, h, body) = send(app, request("GET", "/missing", &[("origin", APP)])).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::NOT_FOUND, "custom 404")
    );
    assert_eq!(cors_headers(&h), Vec::<String>::new());
}

#[test]
fn the_table_lists_every_route_in_a_stable_order() {
    let cors = CorsRouter::<()>::new()
        .route("/users", delete(delete_user).get(list_users))
        .route("/plain", post(same_origin_only))
        .route("/any", any(anything));
    let rows: Vec<(String, String, &str, bool)> = cors
        .table()
        .iter()
        .map(|r| {
            (
                r.path.clone(),
                r.method.to_string(),
                r.handler,
                r.policy.is_some(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("/any".into(), "ANY".into(), "anything", true),
            ("/plain".into(), "POST".into(), "same_origin_only", false),
            ("/users".into(), "GET".into(), "list_users", true),
            ("/users".into(), "DELETE".into(), "delete_user", true),
        ]
    );
    let text = cors.table().to_string();
    assert!(
        text.contains(
            "GET     /users  list_users        origins=[https://app.example.com] credentials"
        ),
        "{text}"
    );
    assert!(text.contains("max_age=600"), "{text}");
    assert!(
        text.contains("POST    /plain  same_origin_only  no CORS (same-origin only)"),
        "{text}"
    );
    let row = cors.table().routes()[0].to_string();
    assert_eq!(
        row,
        "ANY      /any  anything  origins=[https://app.example.com] headers=[x-foo]"
    );
}

#[derive(Clone)]
struct Greeting(&'static str);

#[cors(origins = ["https://app.example.com"])]
async fn greet(axum::extract::State(g): axum::extract::State<Greeting>) -> &'static str {
    g.0
}

#[tokio::test]
async fn with_state_serves_stateful_handlers() {
    let app: axum::Router = CorsRouter::new()
        .route("/greet", get(greet))
        .with_state(Greeting("hi"));
    let (status, h, body) = send(app, request("GET", "/greet", &[("origin", APP)])).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "hi"));
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[tokio::test]
async fn over_a_real_loopback_connection() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app()).await });
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap();

    let response = client
        .request(reqwest::Method::OPTIONS, format!("http://{addr}/users"))
        .header("origin", APP)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "x-foo")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(response.headers()["access-control-allow-origin"], APP);
    assert_eq!(response.headers()["access-control-allow-headers"], "x-foo");

    let response = client
        .get(format!("http://{addr}/users"))
        .header("origin", APP)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get_all("access-control-allow-origin")
            .iter()
            .count(),
        1
    );
    assert_eq!(response.text().await.unwrap(), "users");
    server.abort();
}

#[tokio::test]
async fn routing_a_path_twice_adds_to_it() {
    let cors = CorsRouter::new()
        .route("/users", get(list_users))
        .route("/public", get(public))
        .route("/users", delete(delete_user));
    let rows: Vec<String> = cors
        .table()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(rows, ["GET /public", "GET /users", "DELETE /users"]);
    let app = cors.into_router();
    let (status, h, _) = send(app.clone(), preflight("/users", ADMIN, "DELETE", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-methods"), ["DELETE"]);
    let (status, h, _) = send(app, request("GET", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[cors(origins = ["https://app.example.com"], methods = [*])]
async fn every_method() -> &'static str {
    "every"
}

#[cors(origins = ["https://app.example.com"], methods = [GET], headers = ["x-foo"])]
async fn listed_get() -> &'static str {
    "get"
}

#[tokio::test]
async fn a_plain_router_on_the_same_path_keeps_the_preflight_answers() {
    let plain = axum::Router::new().route("/users", axum::routing::post(|| async { "plain post" }));
    for app in [
        CorsRouter::new()
            .route("/users", get(list_users))
            .merge(plain.clone())
            .into_router(),
        CorsRouter::from(plain)
            .merge(CorsRouter::new().route("/users", get(list_users)))
            .into_router(),
    ] {
        let (status, h, _) =
            send(app.clone(), preflight("/users", APP, "GET", Some("x-foo"))).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
        // The plain POST handler is same-origin only.
        let (status, h, _) =
            send(app.clone(), preflight("/users", APP, "POST", Some("x-foo"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(cors_headers(&h), Vec::<String>::new());
        let (status, h, body) =
            send(app.clone(), request("POST", "/users", &[("origin", APP)])).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "plain post"));
        assert_eq!(cors_headers(&h), Vec::<String>::new());
        let (status, h, _) = send(app, request("DELETE", "/users", &[("origin", APP)])).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    }
}

#[tokio::test]
async fn what_a_route_layer_answers_is_decorated_too() {
    async fn deny(_req: axum::extract::Request, _next: axum::middleware::Next) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }
    let app = CorsRouter::new()
        .route("/users", get(list_users))
        .route_layer(axum::middleware::from_fn(deny))
        .into_router();
    let (status, h, _) = send(app, request("GET", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        all(&h, "access-control-allow-origin"),
        [APP],
        "the page must be able to read the 401"
    );
    assert!(varies_on_origin(&h));
}

#[tokio::test]
async fn star_methods_route_and_head_follows_a_listed_get() {
    let app = CorsRouter::new()
        .try_route("/every", get(every_method))
        .unwrap()
        .route("/listed", get(listed_get))
        .into_router();
    let (status, _, _) = send(app.clone(), preflight("/every", APP, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, h, _) = send(app, preflight("/listed", APP, "HEAD", Some("x-foo"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[tokio::test]
async fn any_grants_in_preflights_only_what_it_serves() {
    for method in ["PURGE", "TRACE", "CONNECT", "patch"] {
        let (status, h, _) = send(app(), preflight("/any", APP, method, Some("x-foo"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{method}");
    }
}

#[tokio::test]
async fn any_origin_without_credentials_answers_originless_requests_the_same_way() {
    // A shared cache may store this response and serve it to any page: it must carry `*`.
    let (_, h, _) = send(app(), request("GET", "/public", &[])).await;
    assert_eq!(all(&h, "access-control-allow-origin"), ["*"]);
    assert_eq!(all(&h, "access-control-expose-headers"), ["x-a"]);
    assert!(!varies_on_origin(&h));
}

#[tokio::test]
async fn two_origin_lines_are_never_answered() {
    let req = request("GET", "/users", &[("origin", APP), ("origin", APP)]);
    let (status, h, _) = send(app(), req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert!(varies_on_origin(&h));
}

#[tokio::test]
async fn every_preflight_answer_of_a_path_carries_the_same_vary() {
    const VARY: &str = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    let cases = [
        // Allowed, refused by origin, refused by header, and a method with no handler at all.
        (
            "/users",
            APP,
            "POST",
            Some("content-type"),
            StatusCode::NO_CONTENT,
        ),
        ("/users", EVIL, "POST", None, StatusCode::FORBIDDEN),
        ("/users", APP, "POST", Some("x-nope"), StatusCode::FORBIDDEN),
        ("/users", ADMIN, "DELETE", None, StatusCode::NO_CONTENT),
        ("/users", APP, "PATCH", None, StatusCode::FORBIDDEN),
        ("/users", APP, "patch", Some("x-foo"), StatusCode::FORBIDDEN),
        // The `*` policy echoes the requested method and headers: its answer varies on them.
        (
            "/public",
            EVIL,
            "GET",
            Some("x-anything"),
            StatusCode::FORBIDDEN,
        ),
        ("/public", EVIL, "GET", None, StatusCode::NO_CONTENT),
        ("/public", EVIL, "PUT", None, StatusCode::FORBIDDEN),
        // A path without any policy.
        ("/plain", APP, "GET", None, StatusCode::FORBIDDEN),
    ];
    for (uri, origin, method, headers, status) in cases {
        let (got, h, _) = send(app(), preflight(uri, origin, method, headers)).await;
        assert_eq!(got, status, "{method} {uri} from {origin}");
        assert_eq!(all(&h, "vary"), [VARY], "{method} {uri} from {origin}");
    }
}

#[tokio::test]
async fn private_network_request_on_two_lines_is_a_refused_preflight() {
    for lines in [["false", "true"], ["true", "true"]] {
        let req = request(
            "OPTIONS",
            "/users",
            &[
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-private-network", lines[0]),
                ("access-control-request-private-network", lines[1]),
            ],
        );
        let (status, h, _) = send(app(), req).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{lines:?}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{lines:?}");
    }
    // One line saying false asks for nothing: the same preflight is allowed.
    let req = request(
        "OPTIONS",
        "/users",
        &[
            ("origin", APP),
            ("access-control-request-method", "POST"),
            ("access-control-request-private-network", "false"),
        ],
    );
    let (status, _, _) = send(app(), req).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[cors(origins = ["https://app.example.com"], credentials)]
async fn panics() -> &'static str {
    panic!("this handler always panics")
}

/// Until `CorsRouter::layer` exists (issue 10), `route_layer` is where a panic-catching layer goes
/// so that the 500 it makes is still the route's response, decorated like any other.
#[tokio::test]
async fn a_caught_panic_is_a_decorated_500() {
    let app = CorsRouter::new()
        .route("/panics", get(panics))
        .route_layer(tower_http::catch_panic::CatchPanicLayer::new())
        .into_router();
    let (status, h, _) = send(app.clone(), request("GET", "/panics", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    assert_eq!(all(&h, "access-control-allow-credentials"), ["true"]);
    assert!(varies_on_origin(&h));
    let (status, h, _) = send(app, request("GET", "/panics", &[("origin", EVIL)])).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert!(varies_on_origin(&h));
}
