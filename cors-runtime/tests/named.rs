//! Named policies (`cors_policy!`) and attributes extending them (`#[cors(policy = ...)]`): one
//! test per merge rule, read through the registry the routing functions use and through the
//! headers the policy sends.

use cors_runtime::engine::{lookup, RoutedMethods};
use cors_runtime::{cors, cors_policy, Policy};
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE, ORIGIN,
};
use http::{HeaderMap, HeaderValue};

static WRITES: Policy = cors_policy!(
    origins = ["https://app.example.com", "https://*.example.org"],
    credentials,
    headers = ["content-type"],
    expose = ["x-request-id"],
    max_age = 600,
);

static PUBLIC: Policy = cors_policy!(origins = ["*"], headers = ["*"], methods = [GET]);

mod nested {
    use super::*;
    pub static INTRANET: Policy = cors_policy!(origins = ["http://intranet.corp"]);
}

#[cors(policy = WRITES)]
async fn as_named() {}

#[cors(policy = WRITES, max_age = 60)]
async fn shorter_cache() {}

#[cors(policy = WRITES, headers = ["x-csrf-token"])]
async fn other_headers() {}

#[cors(policy = WRITES, origins = ["https://admin.example.com"])]
async fn other_origins() {}

#[cors(policy = WRITES, credentials = false, expose = ["*"])]
async fn without_credentials() {}

#[cors(policy = PUBLIC, methods = [GET, POST], expose = ["etag"])]
async fn public_with_methods() {}

#[cors(policy = PUBLIC, origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
async fn public_made_private() {}

#[cors(policy = nested::INTRANET, private_network = false)]
async fn by_path() {}

fn policy_of<H: 'static>(_: H) -> &'static Policy {
    lookup::<H>().expect("registered").policy
}

fn decorated(policy: &Policy, origin: &'static str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    policy.decorate(Some(&HeaderValue::from_static(origin)), &mut headers);
    headers
}

#[test]
fn the_named_policy_as_written() {
    assert_eq!(
        WRITES.origins(),
        ["https://app.example.com", "https://*.example.org"]
    );
    assert!(WRITES.credentials());
    assert_eq!(WRITES.allow_headers().names(), ["content-type"]);
    assert_eq!(WRITES.max_age(), Some(600));
    assert!(WRITES.allows_origin(b"https://a.example.org"));
    assert!(!WRITES.allows_origin(b"https://example.org"));
}

#[test]
fn no_override_is_the_named_policy() {
    let p = policy_of(as_named);
    assert_eq!(p.to_string(), WRITES.to_string());
    let h = decorated(p, "https://app.example.com");
    assert_eq!(h[ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com");
    assert_eq!(h[ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    assert_eq!(h[ACCESS_CONTROL_EXPOSE_HEADERS], "x-request-id");
}

#[test]
fn a_scalar_key_replaces_the_named_one() {
    let p = policy_of(shorter_cache);
    assert_eq!(p.max_age(), Some(60));
    assert_eq!(p.origins(), WRITES.origins());
    assert!(p.credentials());
    let mut request = HeaderMap::new();
    request.insert(ORIGIN, HeaderValue::from_static("https://app.example.com"));
    request.insert(
        http::header::ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_static("PUT"),
    );
    let answer = p.preflight(&request, RoutedMethods::Only(&[http::Method::PUT]));
    assert_eq!(answer.headers[ACCESS_CONTROL_MAX_AGE], "60");
}

#[test]
fn a_list_key_replaces_the_named_list_whole() {
    let p = policy_of(other_headers);
    assert_eq!(p.allow_headers().names(), ["x-csrf-token"]);
    assert_eq!(p.expose_headers().names(), ["x-request-id"]);
    let p = policy_of(other_origins);
    assert_eq!(p.origins(), ["https://admin.example.com"]);
    assert!(p.allows_origin(b"https://admin.example.com"));
    assert!(!p.allows_origin(b"https://app.example.com"));
    assert!(!p.allows_origin(b"https://a.example.org"));
    assert!(p.credentials());
}

#[test]
fn a_flag_can_be_turned_off() {
    let p = policy_of(without_credentials);
    assert!(!p.credentials());
    assert!(p.expose_headers().is_any());
    let h = decorated(p, "https://app.example.com");
    assert!(h.get(ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());
    assert_eq!(h[ACCESS_CONTROL_EXPOSE_HEADERS], "*");
}

#[test]
fn keys_not_given_stay_the_named_ones() {
    let p = policy_of(public_with_methods);
    assert_eq!(p.methods(), Some(&["GET".into(), "POST".into()][..]));
    assert!(p.allow_headers().is_any());
    assert!(!p.varies_by_origin());
    let h = decorated(p, "https://anyone.test");
    assert_eq!(h[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert_eq!(h[ACCESS_CONTROL_EXPOSE_HEADERS], "etag");
}

#[test]
fn every_conflicting_key_can_be_replaced_together() {
    let p = policy_of(public_made_private);
    assert!(p.credentials());
    assert!(p.varies_by_origin());
    assert_eq!(p.allow_headers().names(), ["content-type"]);
    let h = decorated(p, "https://app.example.com");
    assert_eq!(h[ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com");
}

#[test]
fn a_path_to_a_named_policy() {
    let p = policy_of(by_path);
    assert_eq!(p.origins(), ["http://intranet.corp"]);
    assert!(!p.private_network());
}
