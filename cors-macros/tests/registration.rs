//! Every accepted form of `#[cors]`, checked at run time: the registry finds each handler's policy
//! from the handler value alone, with the fields the attribute computed.

use std::borrow::Cow;

// The runtime under an alias Cargo.toml does not know, so the macro cannot find it by itself and
// `crate = "..."` must name it. (A dependency renamed in Cargo.toml is found without it: see the
// renamed-dependency fixture crate.)
extern crate cors_runtime as cors_renamed;

use cors_runtime::engine::Annotated;
use cors_runtime::{cors, HeaderNames};

fn find<H: 'static>(_: &H) -> Option<Annotated> {
    cors_runtime::engine::lookup::<H>()
}

fn strs<'a>(list: &'a [Cow<'static, str>]) -> Vec<&'a str> {
    list.iter().map(|s| &**s).collect()
}

fn header_list(names: &HeaderNames) -> Option<Vec<&str>> {
    match names {
        HeaderNames::Any => None,
        HeaderNames::List(list) => Some(strs(list)),
    }
}

#[cors(
    origins = ["https://b.example.com", "https://*.example.com", "https://a.example.com"],
    credentials,
    methods = [PUT, GET, "M-SEARCH"],
    headers = ["X-Custom", "content-type", "authorization"],
    expose = ["X-Request-Id", "etag"],
    max_age = 600,
)]
async fn everything() -> &'static str {
    "everything"
}

#[cors(origins = ["*"])]
fn minimal() {}

#[cors(origins = ["*"], methods = [*], headers = ["*"], expose = ["*"])]
async fn wildcards() {}

#[cors(origins = ["http://localhost:*", "http://127.0.0.1:8080", "http://[::1]:3000"], credentials)]
async fn loopback_with_credentials() {}

#[cors(
    origins = ["http://intranet.example.com"],
    credentials,
    dangerously_allow_insecure_origins
)]
async fn insecure_opt_out() {}

#[cors(origins = ["https://app.example.com"], private_network, max_age = 0)]
async fn private_network() {}

#[cors(origins = ["https://app.example.com"], crate = "cors_renamed")]
async fn renamed_crate() {}

#[cors(origins = ["https://app.example.com"],)]
async fn trailing_comma() {}

#[allow(clippy::unused_async)]
#[cors(origins = ["https://app.example.com"])]
#[inline(never)]
async fn with_other_attributes(x: u32) -> u32 {
    x + 1
}

#[test]
fn full_policy() {
    let found = find(&everything).expect("registered");
    assert_eq!(found.name, "everything");
    let p = found.policy;
    assert_eq!(
        strs(p.origins()),
        [
            "https://b.example.com",
            "https://*.example.com",
            "https://a.example.com"
        ]
    );
    assert!(p.credentials());
    assert_eq!(p.methods().map(strs), Some(vec!["PUT", "GET", "M-SEARCH"]));
    assert_eq!(
        header_list(p.allow_headers()),
        Some(vec!["authorization", "content-type", "x-custom"])
    );
    assert_eq!(
        header_list(p.expose_headers()),
        Some(vec!["etag", "x-request-id"])
    );
    assert_eq!(p.max_age(), Some(600));
    assert!(!p.private_network());
    assert!(p.varies_by_origin());
}

#[test]
fn defaults_and_wildcards() {
    let p = find(&minimal).expect("registered").policy;
    assert_eq!(strs(p.origins()), ["*"]);
    assert!(!p.credentials());
    assert_eq!(p.methods(), None);
    assert_eq!(header_list(p.allow_headers()), Some(vec![]));
    assert_eq!(header_list(p.expose_headers()), Some(vec![]));
    assert_eq!(p.max_age(), None);
    assert!(!p.varies_by_origin());

    let p = find(&wildcards).expect("registered").policy;
    assert_eq!(p.methods().map(strs), Some(vec!["*"]));
    assert!(matches!(p.allow_headers(), HeaderNames::Any));
    assert!(matches!(p.expose_headers(), HeaderNames::Any));
}

#[test]
fn flags() {
    let p = find(&loopback_with_credentials).expect("registered").policy;
    assert!(p.credentials());
    assert_eq!(p.origins().len(), 3);

    let p = find(&insecure_opt_out).expect("registered").policy;
    assert_eq!(strs(p.origins()), ["http://intranet.example.com"]);
    assert!(p.credentials());

    let p = find(&private_network).expect("registered").policy;
    assert!(p.private_network());
    assert_eq!(p.max_age(), Some(0));
}

#[test]
fn other_forms() {
    assert_eq!(
        find(&renamed_crate).expect("registered").name,
        "renamed_crate"
    );
    assert_eq!(
        find(&trailing_comma).expect("registered").name,
        "trailing_comma"
    );
    assert_eq!(
        find(&with_other_attributes).expect("registered").name,
        "with_other_attributes"
    );
}

#[test]
fn functions_stay_callable() {
    minimal();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    assert_eq!(rt.block_on(everything()), "everything");
    assert_eq!(rt.block_on(with_other_attributes(1)), 2);
}

#[test]
fn unannotated_is_absent() {
    async fn plain() {}
    assert!(find(&plain).is_none());
    // A closure or another type is not a handler either.
    assert!(find(&42u8).is_none());
}

#[test]
fn local_handler() {
    #[cors(origins = ["https://local.example"])]
    fn inside_a_function() {}
    assert_eq!(
        find(&inside_a_function).expect("registered").name,
        "inside_a_function"
    );
}

#[cors(origins = ["https://app.example.com"], headers = ["Authorization", "*"])]
async fn star_and_authorization() {}

#[test]
fn star_beside_authorization_keeps_both() {
    let policy = find(&star_and_authorization).expect("registered").policy;
    assert_eq!(
        header_list(policy.allow_headers()),
        Some(vec!["*", "authorization"])
    );
}

#[cors(origins = ["https://app.example.com"], credentials = true, private_network = false)]
async fn boolean_flags() {}

#[test]
fn flags_take_true_or_false() {
    let policy = find(&boolean_flags).expect("registered").policy;
    assert!(policy.credentials());
    assert!(!policy.private_network());
}
