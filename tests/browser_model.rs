//! Testing a CORS policy with the browser model (`cors_runtime::testing`, feature `testing`): what
//! a browser does with `fetch()` calls from other origins, in `cargo test`. This file is the example
//! of the README's "Testing your CORS policy" section.

use axum::http::{Method, StatusCode};
use axum::Json;
use cors_runtime::testing::{Browser, CorsErrorKind, Fetch};
use cors_runtime::{cors, routing::get, CorsRouter};

#[cors(origins = ["https://app.example.com"], credentials,
       headers = ["content-type"], expose = ["x-request-id"], max_age = 600)]
async fn list_users() -> ([(&'static str, &'static str); 2], Json<Vec<&'static str>>) {
    (
        [("x-request-id", "42"), ("x-internal", "1")],
        Json(vec!["ada"]),
    )
}

#[cors(origins = ["https://admin.example.com"], credentials)]
async fn delete_user() -> &'static str {
    "deleted"
}

fn browser() -> Browser {
    let app = CorsRouter::new()
        .route(
            "/users",
            get(list_users).post(list_users).delete(delete_user),
        )
        .into_router();
    Browser::new(app)
}

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";

#[tokio::test]
async fn the_app_reads_users_with_cookies_and_sees_only_exposed_headers() {
    let res = browser()
        .fetch(Fetch::new(APP, Method::GET, "/users").credentials(true))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.preflighted(), "a simple GET needs no preflight");
    assert_eq!(res.headers()["x-request-id"], "42");
    assert!(res.headers().get("x-internal").is_none(), "not exposed");
    assert_eq!(res.text(), r#"["ada"]"#);
}

#[tokio::test]
async fn a_json_post_is_preflighted_once_per_max_age() {
    let browser = browser();
    let post = || {
        Fetch::new(APP, Method::POST, "/users")
            .header("content-type", "application/json")
            .body(r#"{"name":"grace"}"#)
    };
    assert!(browser.fetch(post()).await.unwrap().preflighted());
    assert!(
        !browser.fetch(post()).await.unwrap().preflighted(),
        "max_age = 600: cached"
    );
}

#[tokio::test]
async fn only_the_admin_console_may_delete() {
    let err = browser()
        .fetch(Fetch::new(APP, Method::DELETE, "/users").credentials(true))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), CorsErrorKind::PreflightMissingAllowOriginHeader);
    assert_eq!(
        err.to_string(),
        "Access to fetch at '/users' from origin 'https://app.example.com' has been blocked by \
         CORS policy: Response to preflight request doesn't pass access control check: No \
         'Access-Control-Allow-Origin' header is present on the requested resource."
    );

    let res = browser()
        .fetch(Fetch::new(ADMIN, Method::DELETE, "/users").credentials(true))
        .await
        .unwrap();
    assert_eq!(res.text(), "deleted");
}

#[tokio::test]
async fn an_unlisted_header_is_refused_before_the_handler_runs() {
    let err = browser()
        .fetch(Fetch::new(APP, Method::GET, "/users").header("x-trace", "1"))
        .await
        .unwrap_err();
    assert!(err.kind().is_preflight());
}
