//! Policies other than a handler's own `#[cors(...)]`: named policies (`cors_policy!`, extended
//! by `#[cors(policy = ...)]`) and policies built at run time, owned or in an `Arc`.

use super::IntoServed;
use std::sync::Arc;

use cors_runtime::routing::{get, on_with_policy, MethodFilter};
use cors_runtime::{cors, cors_policy, CorsRouter, Policy, PolicySource};

use super::{preflight, request, send, APP, EVIL};

static WRITES: Policy = cors_policy!(
    origins = ["https://app.example.com"],
    credentials,
    headers = ["content-type"],
    max_age = 600,
);

#[cors(policy = WRITES)]
async fn create() -> &'static str {
    "created"
}

#[cors(policy = WRITES, max_age = 60, headers = ["x-csrf-token"])]
async fn remove() -> &'static str {
    "removed"
}

async fn unannotated() -> &'static str {
    "configured"
}

fn staging() -> Policy {
    Policy::builder()
        .origins(["https://staging.example.com"])
        .credentials(true)
        .build()
        .unwrap()
}

#[tokio::test]
async fn handlers_sharing_a_named_policy_answer_with_their_merged_keys() {
    let app = CorsRouter::new()
        .route("/items", get(create).delete(remove))
        .into_served();
    let (status, h, _) = send(
        app.clone(),
        preflight("/items", APP, "GET", Some("content-type")),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(h["access-control-allow-origin"], APP);
    assert_eq!(h["access-control-allow-credentials"], "true");
    assert_eq!(h["access-control-max-age"], "600");
    // DELETE's policy replaced `headers` whole: `content-type` is no longer granted.
    let (_, h, _) = send(
        app.clone(),
        preflight("/items", APP, "DELETE", Some("content-type")),
    )
    .await;
    assert!(h.get("access-control-allow-origin").is_none());
    let (status, h, _) = send(
        app.clone(),
        preflight("/items", APP, "DELETE", Some("x-csrf-token")),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(h["access-control-max-age"], "60");
    let (_, h, body) = send(app, request("DELETE", "/items", &[("origin", EVIL)])).await;
    assert_eq!(body, "removed");
    assert!(h.get("access-control-allow-origin").is_none());
    assert_eq!(h["vary"], "Origin");
}

#[tokio::test]
async fn an_owned_runtime_policy_needs_no_static_lifetime() {
    let app = CorsRouter::new()
        .route(
            "/config",
            on_with_policy(MethodFilter::GET, unannotated, staging()),
        )
        .into_served();
    let origin = "https://staging.example.com";
    let (status, h, _) = send(app.clone(), preflight("/config", origin, "GET", None)).await;
    assert_eq!(status, 204);
    assert_eq!(h["access-control-allow-origin"], origin);
    let (_, h, body) = send(app, request("GET", "/config", &[("origin", origin)])).await;
    assert_eq!(body, "configured");
    assert_eq!(h["access-control-allow-credentials"], "true");
}

#[tokio::test]
async fn an_arc_policy_is_shared_and_freed_with_the_router() {
    let policy = Arc::new(staging());
    let cors = CorsRouter::new()
        .route(
            "/a",
            on_with_policy(MethodFilter::GET, unannotated, policy.clone()),
        )
        .route(
            "/b",
            on_with_policy(MethodFilter::POST, unannotated, policy.clone()),
        );
    let table = cors.table();
    assert_eq!(table.len(), 2);
    assert!(table.routes()[0]
        .policy
        .as_ref()
        .unwrap()
        .ptr_eq(table.routes()[1].policy.as_ref().unwrap()));
    drop(table);
    let app = cors.into_served();
    let origin = "https://staging.example.com";
    let (_, h, _) = send(app.clone(), request("POST", "/b", &[("origin", origin)])).await;
    assert_eq!(h["access-control-allow-origin"], origin);
    // Serving did not keep any reference: the router holds the only ones besides ours.
    let held = Arc::strong_count(&policy);
    assert!(held > 1);
    drop(app);
    assert_eq!(Arc::strong_count(&policy), 1, "nothing leaked");
}

#[test]
fn the_table_says_which_named_policy_a_route_uses() {
    let cors = CorsRouter::<()>::new()
        .route("/items", get(create).delete(remove))
        .route(
            "/config",
            on_with_policy(MethodFilter::GET, unannotated, staging()),
        );
    let sources: Vec<PolicySource> = cors.table().iter().map(|r| r.source).collect();
    assert_eq!(
        sources,
        [
            PolicySource::Builder,
            PolicySource::Named {
                name: "WRITES",
                overridden: false
            },
            PolicySource::Named {
                name: "WRITES",
                overridden: true
            },
        ]
    );
}
