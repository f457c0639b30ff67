//! `examples/CORS.md` is the quickstart's route documentation, checked in so that it can be read
//! on the forge. This test fails when it no longer matches the quickstart's policies;
//! `CORS_DOCS=overwrite cargo test --test docs_quickstart` rewrites it.

// The example file itself, not a copy of its routes, so the documentation cannot drift from the
// code; `cors_docs` is what `--cors-docs` prints. The rest of the example is unused here.
#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use cors_runtime::docs;
use serde_json::Value;

#[test]
fn examples_cors_md_matches_the_quickstart() {
    let markdown = quickstart::cors_docs("markdown").unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/CORS.md");
    docs::check_or_update(path, &markdown).unwrap();
}

#[test]
fn the_json_flag_documents_every_route() {
    let json: Value = serde_json::from_str(&quickstart::cors_docs("json").unwrap()).unwrap();
    assert_eq!(json["version"], 1);
    let rows: Vec<(&str, &str, &str, &Value)> = json["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap();
            (
                field("path"),
                field("method"),
                field("handler"),
                &r["cors"]["allowOrigins"],
            )
        })
        .collect();
    let app = ["https://app.example.com", "https://*.preview.example.com"];
    assert_eq!(
        rows,
        [
            ("/health", "GET", "health", &serde_json::json!(["*"])),
            ("/users", "GET", "list_users", &serde_json::json!(app)),
            ("/users", "POST", "create_user", &serde_json::json!(app)),
            (
                "/users/{id}",
                "GET",
                "get_user",
                &serde_json::json!(["https://app.example.com"])
            ),
            (
                "/users/{id}",
                "DELETE",
                "delete_user",
                &serde_json::json!(["https://admin.example.com"])
            ),
        ]
    );
}

#[test]
fn other_formats_are_refused() {
    for format in ["", "yaml", "Markdown", "--cors-docs"] {
        assert_eq!(quickstart::cors_docs(format), None, "{format:?}");
    }
}
