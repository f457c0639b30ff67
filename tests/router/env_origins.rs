//! `#[cors(origins = env("..."), ...)]`: origins read when the router is built, every problem
//! reported at once by `try_into_router` (variable, value, reason, fix), never a panic mid-request.
//! Each test uses its own variable, so tests running in parallel do not see each other's values.

use super::IntoServed;
use cors_runtime::routing::{get, post};
use cors_runtime::{cors, CorsRouter, PolicySource};

use super::{preflight, request, send, APP};

#[cors(origins = env("CORS_TEST_OK"), credentials, headers = ["content-type"])]
async fn ok() -> &'static str {
    "ok"
}

#[cors(origins = env("CORS_TEST_UNSET"))]
async fn unset() {}

#[cors(origins = env("CORS_TEST_EMPTY"))]
async fn empty() {}

#[cors(origins = env("CORS_TEST_BAD"), credentials)]
async fn bad() {}

#[cors(origins = env("CORS_TEST_BAD"), credentials)]
async fn bad_too() {}

// A variable of its own: tests run in parallel, and `CORS_TEST_BAD` holds other values meanwhile.
#[cors(origins = env("CORS_TEST_PANIC"), credentials)]
async fn bad_for_panic() {}

#[cors(origins = env("CORS_TEST_STAR"))]
async fn star_without_credentials() -> &'static str {
    "public"
}

fn set(var: &str, value: &str) {
    // Each test owns its variable; nothing else reads it concurrently.
    std::env::set_var(var, value);
}

#[tokio::test]
async fn origins_are_split_at_commas_and_whitespace_and_served() {
    set(
        "CORS_TEST_OK",
        " https://app.example.com,\n https://*.example.org  http://localhost:* ",
    );
    let cors = CorsRouter::new().route("/ok", get(ok));
    let table = cors.table();
    let row = &table.routes()[0];
    assert_eq!(
        row.source,
        PolicySource::Env {
            var: "CORS_TEST_OK",
            dangerously_allow_insecure_origins: false
        }
    );
    assert_eq!(
        row.policy.as_ref().unwrap().origins(),
        [
            "https://app.example.com",
            "https://*.example.org",
            "http://localhost:*"
        ]
    );
    assert!(table.to_string().contains("(env(CORS_TEST_OK))"), "{table}");
    let app = cors.try_into_router().expect("valid origins");
    let (status, h, _) = send(
        app.clone(),
        preflight("/ok", "https://a.example.org", "GET", Some("content-type")),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(h["access-control-allow-origin"], "https://a.example.org");
    let (_, h, body) = send(app.clone(), request("GET", "/ok", &[("origin", APP)])).await;
    assert_eq!(body, "ok");
    assert_eq!(h["access-control-allow-credentials"], "true");
    // The stand-in the attribute was compiled with never answers.
    let (_, h, _) = send(
        app,
        request("GET", "/ok", &[("origin", "https://example.com")]),
    )
    .await;
    assert!(h.get("access-control-allow-origin").is_none());
}

#[test]
fn an_unset_variable_is_named() {
    std::env::remove_var("CORS_TEST_UNSET");
    let err = CorsRouter::<()>::new()
        .route("/u", get(unset))
        .try_into_router()
        .unwrap_err();
    let [problem] = err.problems() else {
        panic!("{err}")
    };
    assert_eq!(problem.var, "CORS_TEST_UNSET");
    assert_eq!(problem.handlers, ["unset"]);
    assert!(problem.message.contains("is not set"), "{err}");
    assert!(
        err.to_string()
            .contains("set CORS_TEST_UNSET to the allowed origins"),
        "{err}"
    );
}

#[test]
fn an_empty_variable_is_an_error() {
    set("CORS_TEST_EMPTY", " , \t");
    let err = CorsRouter::<()>::new()
        .route("/e", get(empty))
        .try_into_router()
        .unwrap_err();
    assert_eq!(err.problems().len(), 1);
    assert!(err.to_string().contains("CORS_TEST_EMPTY"), "{err}");
    assert!(err.to_string().contains("is empty"), "{err}");
}

#[test]
fn every_bad_value_is_reported_at_once_with_its_reason_and_fix() {
    set(
        "CORS_TEST_BAD",
        "https://app.example.com/, null, *, https://*.github.io, http://plain.example, HTTPS://UP.EXAMPLE",
    );
    let err = CorsRouter::<()>::new()
        .route("/b", get(bad).merge(post(bad_too)))
        .try_into_router()
        .unwrap_err();
    let text = err.to_string();
    let about = |value: &str| {
        err.problems()
            .iter()
            .filter(|p| p.value.as_deref() == Some(value))
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(
        about("https://app.example.com/").contains("trailing `/`"),
        "{text}"
    );
    assert!(about("null").contains("null"), "{text}");
    assert!(about("*").contains("`credentials`"), "{text}");
    assert!(
        about("https://*.github.io").contains("public suffix"),
        "{text}"
    );
    assert!(
        about("http://plain.example").contains("not https"),
        "{text}"
    );
    assert!(about("HTTPS://UP.EXAMPLE").contains("uppercase"), "{text}");
    // Each problem once, naming both handlers that read the variable.
    for p in err.problems() {
        assert_eq!(p.var, "CORS_TEST_BAD");
        assert_eq!(p.handlers, ["bad", "bad_too"], "{text}");
        assert!(p.help.is_some(), "{text}");
    }
    assert!(
        text.starts_with(&format!("{} problems", err.problems().len())),
        "{text}"
    );
    // The table shows the route without a policy rather than the stand-in.
    let table = CorsRouter::<()>::new().route("/b", get(bad)).table();
    assert!(table.routes()[0].policy.is_none());
    assert!(
        table
            .to_string()
            .contains("env(CORS_TEST_BAD) holds no valid origins"),
        "{table}"
    );
}

#[test]
fn into_router_panics_with_the_same_message() {
    set("CORS_TEST_PANIC", "null");
    let expected = CorsRouter::<()>::new()
        .route("/b", get(bad_for_panic))
        .try_into_router()
        .unwrap_err()
        .to_string();
    let panic = std::panic::catch_unwind(|| {
        CorsRouter::<()>::new()
            .route("/b", get(bad_for_panic))
            .into_served()
    })
    .unwrap_err();
    assert_eq!(panic.downcast_ref::<String>(), Some(&expected));
}

#[tokio::test]
async fn star_without_credentials_is_valid() {
    set("CORS_TEST_STAR", "*");
    let app = CorsRouter::new()
        .route("/s", get(star_without_credentials))
        .try_into_router()
        .unwrap();
    let (_, h, _) = send(app, request("GET", "/s", &[("origin", "https://any.test")])).await;
    assert_eq!(h["access-control-allow-origin"], "*");
}

#[test]
fn the_engine_never_sees_the_stand_in() {
    fn found<H: 'static>(_: H) -> bool {
        cors_runtime::engine::lookup::<H>().is_some()
    }
    assert!(!found(ok));
}

#[test]
fn the_example_refuses_star_with_credentials_before_serving() {
    set("APP_CORS_ORIGINS", "*");
    let err = super::env_origins_example::app().unwrap_err();
    assert!(
        err.to_string().contains("APP_CORS_ORIGINS entry \"*\""),
        "{err}"
    );
    set("APP_CORS_ORIGINS", "https://app.example.com");
    assert!(super::env_origins_example::app().is_ok());
}
