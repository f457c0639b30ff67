//! `docs::merge_utoipa`: the same merge as `merge_openapi`, on utoipa's typed document.
//! Run with `cargo test -p cors-runtime --features utoipa --test docs_utoipa`.
#![cfg(feature = "utoipa")]

use cors_runtime::routing::get;
use cors_runtime::{cors, docs, CorsRouter};
use serde_json::{json, Value};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
use utoipa::openapi::{OpenApi, OpenApiBuilder, PathsBuilder};

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"], max_age = 600)]
async fn get_user() {}

#[cors(origins = ["https://admin.example.com"], credentials)]
async fn delete_user() {}

async fn health() {}

fn document() -> OpenApi {
    let op = |id: &str| OperationBuilder::new().operation_id(Some(id)).build();
    let mut user = PathItem::new(HttpMethod::Get, op("get_user"));
    user.delete = Some(op("delete_user"));
    OpenApiBuilder::new()
        .paths(
            PathsBuilder::new()
                .path("/users/{userId}", user)
                .path("/legacy", PathItem::new(HttpMethod::Get, op("legacy"))),
        )
        .build()
}

#[test]
fn typed_merge_matches_the_json_merge() {
    let table = CorsRouter::<()>::new()
        .route("/users/{id}", get(get_user).delete(delete_user))
        .route("/health", get(health))
        .table();

    let mut typed = document();
    let typed_merge = docs::merge_utoipa(&mut typed, &table);
    let mut untyped = serde_json::to_value(document()).unwrap();
    let untyped_merge = docs::merge_openapi(&mut untyped, &table);

    let typed = serde_json::to_value(&typed).unwrap();
    assert_eq!(typed, untyped);
    assert_eq!((typed_merge.annotated, untyped_merge.annotated), (2, 2));
    let missing: Vec<_> = typed_merge.missing.iter().map(|r| r.handler).collect();
    assert_eq!(missing, ["health"]);

    let user = &typed["paths"]["/users/{userId}"];
    assert_eq!(
        user["get"]["x-cors"],
        json!({
            "allowOrigins": ["https://app.example.com"],
            "allowCredentials": true,
            "allowMethods": ["GET", "HEAD"],
            "allowHeaders": ["content-type"],
            "exposeHeaders": [],
            "maxAge": 600,
            "allowPrivateNetwork": false
        })
    );
    assert_eq!(
        user["delete"]["x-cors"]["allowOrigins"],
        json!(["https://admin.example.com"])
    );
    assert_eq!(
        typed["paths"]["/legacy"]["get"].get("x-cors"),
        None::<&Value>
    );
}

#[cors(resource_policy = "cross-origin")]
async fn avatar() {}

#[test]
fn isolation_headers_go_in_their_own_extension_as_with_json() {
    use cors_runtime::{Isolation, OpenerPolicy};
    let table = CorsRouter::<()>::new()
        .route("/users/{id}", get(get_user).delete(delete_user))
        .route("/legacy", get(avatar))
        .isolation(Isolation::new().opener_policy(OpenerPolicy::SameOrigin))
        .table();
    let mut typed = document();
    let _ = docs::merge_utoipa(&mut typed, &table);
    let mut untyped = serde_json::to_value(document()).unwrap();
    let _ = docs::merge_openapi(&mut untyped, &table);
    let typed = serde_json::to_value(&typed).unwrap();
    assert_eq!(typed, untyped);
    let legacy = &typed["paths"]["/legacy"]["get"];
    assert_eq!(legacy.get("x-cors"), None::<&Value>);
    assert_eq!(
        legacy["x-cross-origin-isolation"],
        json!({ "resourcePolicy": "cross-origin", "openerPolicy": "same-origin" })
    );
    assert_eq!(
        typed["paths"]["/users/{userId}"]["delete"]["x-cross-origin-isolation"],
        json!({ "openerPolicy": "same-origin" })
    );
}
