// Every form of named policy, under `deny(warnings)` with decoy names in scope.
#![deny(warnings)]
#![allow(dead_code, non_camel_case_types)]

use ::cors_runtime::{cors, cors_policy};

struct Option;
struct Some;
struct None;
struct Cow;
struct bool;
struct u8;
struct u32;
mod core {}
mod std {}

static WRITES: ::cors_runtime::Policy = cors_policy!(
    origins = ["https://app.example.com", "https://*.example.com:*", "http://localhost:*"],
    credentials,
    methods = [GET, POST],
    headers = ["content-type"],
    expose = ["x-request-id"],
    max_age = 600,
    private_network,
);

static PUBLIC: ::cors_runtime::Policy = cors_policy!(origins = ["*"], headers = ["*"], expose = ["*"]);

static INTRANET: ::cors_runtime::Policy = cors_policy!(
    origins = ["http://intranet.corp"],
    credentials,
    dangerously_allow_insecure_origins,
);

pub mod shared {
    pub static READS: ::cors_runtime::Policy =
        ::cors_runtime::cors_policy!(origins = ["https://app.example.com"], crate = "::cors_runtime");
}

#[cors(policy = WRITES)]
async fn plain() {}

#[cors(policy = WRITES, max_age = 60, methods = [PUT], headers = ["x-csrf-token"], expose = ["etag"])]
async fn overrides() {}

#[cors(policy = WRITES, credentials = false, private_network = false, origins = ["*"], headers = ["*"])]
async fn made_public() {}

#[cors(policy = PUBLIC, origins = ["https://app.example.com"], credentials, headers = ["content-type"], expose = ["etag"])]
async fn made_private() {}

#[cors(policy = INTRANET, origins = ["http://other.corp"], credentials, dangerously_allow_insecure_origins)]
async fn insecure_again() {}

#[cors(policy = shared::READS)]
async fn by_path() {}

#[cors(policy = crate::shared::READS, crate = "::cors_runtime")]
async fn by_crate_path() {}

fn registered<H: 'static>(_: &H) -> ::core::primitive::bool {
    ::cors_runtime::engine::lookup::<H>().is_some()
}

fn main() {
    assert!(registered(&plain));
    assert!(registered(&overrides));
    assert!(registered(&made_public));
    assert!(registered(&made_private));
    assert!(registered(&insecure_again));
    assert!(registered(&by_path));
    assert!(registered(&by_crate_path));
}
