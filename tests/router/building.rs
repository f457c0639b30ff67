//! Building a `CorsRouter`: policy checks at routing time, nest/merge, the policy table, state.

use super::IntoServed;
use super::*;

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

    let app = cors.into_served();
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
    let app = cors.into_served();
    let (status, h, _) = send(app.clone(), preflight("/users", ADMIN, "DELETE", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-methods"), ["DELETE"]);
    let (status, h, _) = send(app, request("GET", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}
