//! Snapshots of the three documentation formats for the routes of `examples/conformance.rs`, and
//! the OpenAPI merge on a document with extra, missing and parameterised paths.
//!
//! The snapshots live in `tests/snapshots/` and are compared with the crate's own staleness check:
//! `CORS_DOCS=overwrite cargo test --test docs_conformance` rewrites them. They live in the root
//! package, beside the example they document.

use cors_runtime::{docs, PolicyTable, RouteMethod};
use serde_json::{json, Value};

// The example file itself, so the snapshots document exactly the routes the browser suite drives.
#[allow(dead_code)]
#[path = "../examples/conformance.rs"]
mod conformance;

fn table() -> PolicyTable {
    conformance::routes().table()
}

fn snapshot(name: &str) -> String {
    format!("{}/tests/snapshots/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn markdown_snapshot() {
    docs::check_or_update(snapshot("conformance.md"), &docs::markdown(&table())).unwrap();
}

#[test]
fn json_snapshot() {
    docs::check_or_update(snapshot("conformance.json"), &docs::json(&table())).unwrap();
}

/// The document a team might have written for the conformance server: some paths it describes
/// are not routed, some routes it does not describe, and one parameter has another name.
fn openapi_document() -> Value {
    let op =
        |id: &str| json!({ "operationId": id, "responses": { "200": { "description": "ok" } } });
    json!({
        "openapi": "3.1.0",
        "info": { "title": "conformance", "version": "1" },
        "paths": {
            "/public": { "get": op("public"), "head": op("public_head") },
            "/private": {
                "summary": "one path, two policies",
                "get": op("private_get"), "post": op("private_post"), "delete": op("private_delete")
            },
            "/status/{statusCode}": {
                "parameters": [{ "name": "statusCode", "in": "path", "required": true,
                                 "schema": { "type": "integer" } }],
                "get": op("status")
            },
            "/same-origin": { "get": op("same_origin") },
            "/json": { "post": op("json_echo"), "x-internal": true },
            "/legacy/{id}": { "get": op("not_routed") },
            "x-paths-extension": { "get": "not a path" }
        }
    })
}

#[test]
fn openapi_snapshot() {
    let mut document = openapi_document();
    let merge = docs::merge_openapi(&mut document, &table());
    let mut rendered = serde_json::to_string_pretty(&document).unwrap();
    rendered.push('\n');
    docs::check_or_update(snapshot("conformance.openapi.json"), &rendered).unwrap();

    // public GET + HEAD (answered by GET), private GET/POST/DELETE, status, json.
    assert_eq!(merge.annotated, 7);
    let missing: Vec<(&str, String, &str)> = merge
        .missing
        .iter()
        .map(|r| (r.path.as_str(), r.method.to_string(), r.handler))
        .collect();
    let expected = [
        ("/__log", "GET", "take_log"),
        ("/any-headers", "PUT", "any_headers"),
        ("/private", "PUT", "private"),
        ("/redirect", "GET", "redirect"),
        ("/same-origin", "POST", "same_origin"),
        ("/sub", "GET", "sub"),
        ("/sub", "PUT", "sub"),
    ];
    assert_eq!(missing.len(), expected.len(), "{missing:?}");
    for ((path, method, handler), (p, m, h)) in missing.iter().zip(expected) {
        assert_eq!((*path, method.as_str(), *handler), (p, m, h));
    }
    assert!(!merge.is_complete());
}

#[test]
fn openapi_merge_leaves_unrouted_and_unannotated_operations_alone() {
    let original = openapi_document();
    let mut document = original.clone();
    let _ = docs::merge_openapi(&mut document, &table());
    let paths = &document["paths"];
    for untouched in ["/same-origin", "/legacy/{id}", "x-paths-extension"] {
        assert_eq!(
            paths[untouched], original["paths"][untouched],
            "{untouched}"
        );
    }
    // Only `x-cors` was added: the rest of each operation and path item is as it was.
    let mut stripped = document.clone();
    for item in stripped["paths"].as_object_mut().unwrap().values_mut() {
        for op in item.as_object_mut().unwrap().values_mut() {
            if let Some(op) = op.as_object_mut() {
                op.remove("x-cors");
            }
        }
    }
    assert_eq!(stripped, original);

    // The parameter is named differently in the document; the operation still gets its policy.
    let status = &paths["/status/{statusCode}"]["get"]["x-cors"];
    assert_eq!(
        *status,
        json!({
            "allowOrigins": ["http://localhost:8700"],
            "allowCredentials": false,
            "allowMethods": ["GET", "HEAD"],
            "allowHeaders": [],
            "exposeHeaders": [],
            "allowPrivateNetwork": false
        })
    );
    // Per method on one path: DELETE has the admin policy, POST the app's.
    assert_eq!(
        paths["/private"]["delete"]["x-cors"]["allowOrigins"],
        json!(["http://admin.localhost:8700"])
    );
    assert_eq!(
        paths["/private"]["post"]["x-cors"]["allowMethods"],
        json!(["POST"])
    );
    assert_eq!(paths["/private"]["post"]["x-cors"]["maxAge"], 600);
}

#[test]
fn merging_twice_gives_the_same_document() {
    let mut once = openapi_document();
    let _ = docs::merge_openapi(&mut once, &table());
    let mut twice = once.clone();
    let second = docs::merge_openapi(&mut twice, &table());
    assert_eq!(once, twice);
    assert_eq!(second.annotated, 7);
}

#[test]
fn the_table_is_the_conformance_servers() {
    let t = table();
    assert_eq!(t.len(), 14);
    let unannotated: Vec<_> = t
        .iter()
        .filter(|r| r.policy.is_none())
        .map(|r| r.handler)
        .collect();
    assert_eq!(unannotated, ["take_log", "same_origin", "same_origin"]);
    assert!(t.iter().all(|r| r.method != RouteMethod::Any));
}

/// Cross-origin isolation headers in the three formats, on a router of its own (the conformance
/// server's routes are the browser suite's).
mod isolation {
    use cors_runtime::routing::get;
    use cors_runtime::{cors, docs, CorsRouter, EmbedderPolicy, Isolation, OpenerPolicy};
    use serde_json::json;

    use super::snapshot;

    #[cors(
        origins = ["https://app.example.com"],
        resource_policy = "cross-origin",
        opener_policy_report_only(policy = "same-origin", report_to = "coop"),
    )]
    async fn api() {}

    #[cors(resource_policy = "same-site")]
    async fn image() {}

    async fn page() {}

    #[cors(none)]
    async fn internal() {}

    fn routes() -> CorsRouter {
        let plain = CorsRouter::new().route("/internal", get(internal));
        CorsRouter::new()
            .route("/api", get(api))
            .route("/image", get(image))
            .route("/", get(page))
            .merge(plain)
            .isolation(
                Isolation::new()
                    .opener_policy(OpenerPolicy::SameOrigin)
                    .embedder_policy(EmbedderPolicy::RequireCorp),
            )
    }

    #[test]
    fn snapshots() {
        let table = routes().table();
        let markdown = docs::markdown(&table);
        docs::check_or_update(snapshot("isolation.md"), &markdown).unwrap();
        docs::check_or_update(snapshot("isolation.json"), &docs::json(&table)).unwrap();
        assert!(
            markdown.contains("| Isolation |")
                && markdown.contains("CORP `same-site`, COOP `same-origin`, COEP `require-corp` |"),
            "{markdown}"
        );
        // Without any isolation header, the Markdown table keeps its columns.
        let bare = docs::markdown(&CorsRouter::<()>::new().route("/", get(page)).table());
        assert!(!bare.contains("Isolation"), "{bare}");
    }

    #[test]
    fn json_and_openapi_carry_the_header_values() {
        let table = routes().table();
        let doc: serde_json::Value = serde_json::from_str(&docs::json(&table)).unwrap();
        let route = |path: &str| {
            doc["routes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["path"] == path)
                .unwrap()
                .clone()
        };
        assert_eq!(
            route("/api")["isolation"],
            json!({
                "resourcePolicy": "cross-origin",
                "openerPolicy": "same-origin",
                "embedderPolicy": "require-corp",
                "openerPolicyReportOnly": "same-origin; report-to=\"coop\""
            })
        );
        assert_eq!(route("/image")["cors"], json!(null));
        assert_eq!(route("/image")["isolation"]["resourcePolicy"], "same-site");

        let op = || json!({ "responses": { "200": { "description": "ok" } } });
        let mut openapi = json!({
            "openapi": "3.1.0",
            "info": { "title": "isolation", "version": "1" },
            "paths": { "/api": { "get": op() }, "/image": { "get": op() }, "/": { "get": op() } }
        });
        let merge = docs::merge_openapi(&mut openapi, &table);
        assert_eq!(merge.annotated, 1, "only /api has CORS");
        let mut rendered = serde_json::to_string_pretty(&openapi).unwrap();
        rendered.push('\n');
        docs::check_or_update(snapshot("isolation.openapi.json"), &rendered).unwrap();
        let paths = &openapi["paths"];
        assert_eq!(
            paths["/image"]["get"]["x-cross-origin-isolation"]["resourcePolicy"],
            "same-site"
        );
        assert!(paths["/image"]["get"].get("x-cors").is_none());
        assert_eq!(
            paths["/api"]["get"]["x-cross-origin-isolation"]["embedderPolicy"],
            "require-corp"
        );
        assert_eq!(
            paths["/api"]["get"]["x-cors"]["allowOrigins"],
            json!(["https://app.example.com"])
        );
    }
}
