//! The rest of axum's Router API: `Clone`, `From<CorsRouter> for axum::Router`,
//! `route_service_with_policy`, `MethodRouter::with_state`.

use super::IntoServed;
use cors_runtime::Policy;

use super::*;

#[derive(Clone)]
struct Greeting(&'static str);

#[cors(origins = ["https://app.example.com"])]
async fn greet_with_state(axum::extract::State(g): axum::extract::State<Greeting>) -> &'static str {
    g.0
}

#[tokio::test]
async fn a_cors_router_clones_and_converts_into_an_axum_router() {
    let cors = CorsRouter::new().route("/public", get(public));
    let copy = cors.clone();
    assert_eq!(copy.table().len(), cors.table().len());
    let app: axum::Router = axum::Router::new()
        .route("/plain", axum::routing::get(|| async { "plain" }))
        .merge(copy);
    let (status, h, _) = send(app, request("GET", "/public", &[("origin", EVIL)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all(&h, "access-control-allow-origin"), ["*"]);
    let app: axum::Router = cors.into();
    let (status, h, _) = send(app, preflight("/public", EVIL, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), ["*"]);
}

#[tokio::test]
async fn a_service_can_be_given_a_policy() {
    static POLICY: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    let policy = POLICY.get_or_init(|| {
        Policy::builder()
            .origins(["https://app.example.com"])
            .build()
            .unwrap()
    });
    let svc = tower::service_fn(|_req: axum::extract::Request| async {
        Ok::<_, std::convert::Infallible>("from a service".into_response())
    });
    let cors = CorsRouter::new().route_service_with_policy("/svc", svc, policy);
    assert!(cors.table().routes()[0].policy.is_some());
    let app = cors.into_served();
    let (status, h, body) = send(app.clone(), request("GET", "/svc", &[("origin", APP)])).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "from a service"));
    assert_eq!(cors_headers(&h), ["access-control-allow-origin"]);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    let (status, h, _) = send(app, preflight("/svc", APP, "PUT", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[tokio::test]
async fn a_method_router_takes_its_state() {
    let app = CorsRouter::<()>::new()
        .route("/greet", get(greet_with_state).with_state(Greeting("hi")))
        .into_served();
    let (status, h, body) = send(app, request("GET", "/greet", &[("origin", APP)])).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "hi"));
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}
