//! Provenance: the table, its `Display` and every route documentation format say where each
//! route's policy came from.

use cors_runtime::routing::{get, on_with_policy, post, MethodFilter};
use cors_runtime::{cors, cors_policy, docs, CorsRouter, Policy};

static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"], credentials);

#[cors(policy = WRITES)]
async fn shared() {}

#[cors(policy = WRITES, max_age = 60)]
async fn tuned() {}

#[cors(origins = ["https://app.example.com"])]
async fn own() {}

#[cors(none)]
async fn internal() {}

async fn plain() {}

fn router() -> CorsRouter {
    let built = Policy::builder()
        .origins(["https://staging.example.com"])
        .build()
        .unwrap();
    CorsRouter::new()
        .route("/a", get(shared).post(tuned))
        .route("/b", get(own))
        .route("/c", get(internal))
        .route("/d", get(plain))
        .route("/e", on_with_policy(MethodFilter::GET, plain, built))
        .route("/f", post(plain))
        .default_policy(&WRITES)
}

#[test]
fn the_table_display_names_each_source() {
    let text = router().table().to_string();
    let line = |path: &str, method: &str| {
        text.lines()
            .find(|l| l.starts_with(method) && l.contains(&format!(" {path} ")))
            .unwrap_or_else(|| panic!("no {method} {path} in\n{text}"))
            .to_owned()
    };
    assert!(
        line("/a", "GET").ends_with("(named policy WRITES)"),
        "{text}"
    );
    assert!(
        line("/a", "POST").ends_with("(named policy WRITES, overridden)"),
        "{text}"
    );
    assert!(
        line("/b", "GET").ends_with("origins=[https://app.example.com]"),
        "{text}"
    );
    assert!(
        line("/c", "GET").ends_with("no CORS (same-origin only, #[cors(none)])"),
        "{text}"
    );
    assert!(line("/d", "GET").ends_with("(router default)"), "{text}");
    assert!(line("/e", "GET").ends_with("(builder)"), "{text}");
}

#[test]
fn json_and_markdown_carry_the_source() {
    let table = router().table();
    let doc = docs::Document::new(&table);
    let source = |path: &str, method: &str| {
        doc.routes
            .iter()
            .find(|r| r.path == path && r.method == method)
            .unwrap()
            .source
            .clone()
    };
    assert_eq!(source("/a", "GET").as_deref(), Some("named policy WRITES"));
    assert_eq!(
        source("/a", "POST").as_deref(),
        Some("named policy WRITES, overridden")
    );
    assert_eq!(source("/b", "GET"), None);
    assert_eq!(source("/c", "GET").as_deref(), Some("#[cors(none)]"));
    assert_eq!(source("/d", "GET").as_deref(), Some("router default"));
    assert_eq!(source("/e", "GET").as_deref(), Some("builder"));
    let json = docs::json(&table);
    assert!(json.contains("\"source\": \"router default\""), "{json}");

    let md = docs::markdown(&table);
    assert!(
        md.contains("| `/a` | GET | `shared` (named policy WRITES) |"),
        "{md}"
    );
    assert!(md.contains("| `/b` | GET | `own` |"), "{md}");
    assert!(
        md.contains("| `/c` | GET | `internal` (#[cors(none)]) | *same-origin only*"),
        "{md}"
    );
    assert!(md.contains("| `/e` | GET | `plain` (builder) |"), "{md}");
}

#[test]
fn openapi_x_cors_carries_the_source() {
    let table = router().table();
    let mut document = serde_json::json!({
        "openapi": "3.1.0",
        "paths": {
            "/a": { "get": {}, "post": {} },
            "/b": { "get": {} },
            "/d": { "get": {} },
        }
    });
    let merged = docs::merge_openapi(&mut document, &table);
    // `/c` (no policy), `/e` and `/f` are not in the document.
    assert!(!merged.is_complete());
    let x = |path: &str, method: &str| document["paths"][path][method]["x-cors"].clone();
    assert_eq!(x("/a", "get")["source"], "named policy WRITES");
    assert_eq!(x("/a", "post")["source"], "named policy WRITES, overridden");
    assert_eq!(x("/d", "get")["source"], "router default");
    assert!(x("/b", "get").get("source").is_none());
    assert_eq!(x("/b", "get")["allowOrigins"][0], "https://app.example.com");
}

/// `explain` reports the same source as the table, the router default and the environment
/// included, and its fix names the place to change.
#[test]
fn explain_reports_the_source_of_the_policy_it_consulted() {
    use cors_runtime::{Decision, PolicySource};

    let preflight = |path: &str, method: &str| {
        http::Request::options(path)
            .header("origin", "https://evil.example")
            .header("access-control-request-method", method)
            .body(())
            .unwrap()
    };
    let cors = router();
    let cases: &[(&str, &str, Option<PolicySource>, &str)] = &[
        (
            "/a",
            "GET",
            Some(PolicySource::Named {
                name: "WRITES",
                overridden: false,
            }),
            "the named policy `WRITES`",
        ),
        (
            "/a",
            "POST",
            Some(PolicySource::Named {
                name: "WRITES",
                overridden: true,
            }),
            "the named policy `WRITES`",
        ),
        (
            "/b",
            "GET",
            Some(PolicySource::Attribute),
            "the #[cors(...)] of `own`",
        ),
        (
            "/d",
            "GET",
            Some(PolicySource::RouterDefault),
            "the router's default_policy",
        ),
        (
            "/e",
            "GET",
            Some(PolicySource::Builder),
            "the policy given to on_with_policy",
        ),
        // Opted out: no policy is consulted, even with a router default.
        ("/c", "GET", None, ""),
    ];
    for (path, method, source, place) in cases {
        let explanation = cors.explain(&preflight(path, method));
        assert!(
            matches!(explanation.decision, Decision::Refused(_)),
            "{path} {method}: {explanation}"
        );
        assert_eq!(
            explanation.policy.as_ref().map(|(_, s)| *s),
            *source,
            "{path} {method}: {explanation}"
        );
        if source.is_some() {
            let fix = explanation.fix().unwrap();
            assert!(fix.contains(place), "{path} {method}: {fix}");
        }
    }
    // The default travels into the explanation's text too.
    let text = cors.explain(&preflight("/d", "GET")).to_string();
    assert!(text.contains("(router default, for `plain`)"), "{text}");
}
