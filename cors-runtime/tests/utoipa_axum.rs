//! `cors_routes!` and `CorsOpenApiRouter`: handlers declared with `#[utoipa::path]` get their
//! OpenAPI operations and their CORS routes from the same declaration.
//! Run with `cargo test -p cors-runtime --features utoipa-axum --test utoipa_axum`.
#![cfg(feature = "utoipa-axum")]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cors_runtime::utoipa_axum::CorsOpenApiRouter;
use cors_runtime::{cors, cors_routes, docs};
use tower::ServiceExt;

#[utoipa::path(get, path = "/users")]
#[cors(origins = ["https://app.example.com"], credentials)]
async fn list_users() -> &'static str {
    "users"
}

mod admin {
    use cors_runtime::cors;

    #[utoipa::path(delete, path = "/users")]
    #[cors(origins = ["https://admin.example.com"], credentials)]
    pub async fn delete_users() -> &'static str {
        "deleted"
    }
}

#[utoipa::path(get, path = "/health")]
#[cors(origins = ["*"])]
async fn health() -> &'static str {
    "ok"
}

fn request(method: &str, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn the_document_and_the_table_list_the_same_handlers() {
    let (cors, mut openapi) = CorsOpenApiRouter::<()>::new()
        .routes(cors_routes!(list_users, admin::delete_users))
        .nest(
            "/api",
            CorsOpenApiRouter::new().routes(cors_routes!(health)),
        )
        .split_for_parts();

    let rows: Vec<String> = cors
        .table()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r.method,
                r.path,
                r.handler,
                r.policy.is_some()
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "GET /api/health health true",
            "GET /users list_users true",
            "DELETE /users delete_users true",
        ]
    );
    let mut documented: Vec<&str> = openapi.paths.paths.keys().map(String::as_str).collect();
    documented.sort();
    assert_eq!(documented, ["/api/health", "/users"]);
    let users = &openapi.paths.paths["/users"];
    assert!(users.get.is_some() && users.delete.is_some());
    cors.check_coverage().unwrap();

    // The policies are in force, per method, on the same path.
    let app = cors.clone().into_router();
    let preflight = |origin: &'static str, method: &'static str| {
        request(
            "OPTIONS",
            "/users",
            &[
                ("origin", origin),
                ("access-control-request-method", method),
            ],
        )
    };
    let response = app
        .clone()
        .oneshot(preflight("https://admin.example.com", "DELETE"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://admin.example.com"
    );
    let response = app
        .clone()
        .oneshot(preflight("https://app.example.com", "DELETE"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let response = app
        .oneshot(request(
            "GET",
            "/api/health",
            &[("origin", "https://x.test")],
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");

    // And the document can carry them too.
    let merged = docs::merge_utoipa(&mut openapi, &cors.table());
    assert!(merged.is_complete(), "{:?}", merged.missing);
    assert_eq!(merged.annotated, 3);
    let json = serde_json::to_value(&openapi).unwrap();
    assert_eq!(
        json["paths"]["/users"]["delete"]["x-cors"]["allowOrigins"],
        serde_json::json!(["https://admin.example.com"])
    );
}
