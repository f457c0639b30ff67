// The cross-origin isolation keys in every accepted form, on `#[cors]` and `cors_policy!`, with
// the decoys of `decoy-names-deny-warnings.rs`: generated code names everything by absolute paths.
#![deny(warnings)]
#![allow(dead_code, non_camel_case_types)]

use ::cors_runtime::{cors, cors_policy};

struct Option;
struct Some;
struct None;
struct Isolation;
struct ResourcePolicy;
struct OpenerPolicy;
struct EmbedderPolicy;
struct Reporting;
struct str;
mod inventory {}
mod core {}
mod std {}

#[cors(
    origins = ["https://app.example.com"],
    resource_policy = "cross-origin",
    opener_policy = "same-origin",
    embedder_policy = "require-corp",
    opener_policy_report_only = "noopener-allow-popups",
    embedder_policy_report_only = "credentialless",
)]
async fn every_key() {}

// The list form names a reporting endpoint; `report_to` may come first.
#[cors(
    origins = ["https://app.example.com"],
    opener_policy(policy = "same-origin-allow-popups", report_to = "coop-endpoint"),
    embedder_policy(report_to = "coep_1.main*", policy = "credentialless"),
    opener_policy_report_only(policy = "same-origin", report_to = "*"),
    embedder_policy_report_only(policy = "require-corp"),
)]
async fn reporting() {}

// Without `origins`: no CORS, the headers only.
#[cors(resource_policy = "cross-origin")]
async fn image() {}

#[cors(resource_policy = "same-origin", opener_policy = "unsafe-none")]
async fn same_origin_only() {}

// Beside `none`.
#[cors(none, opener_policy = "same-origin", embedder_policy = "require-corp")]
async fn document() {}

// `same-site` beside listed origins, `cross-origin` beside any origin.
#[cors(origins = ["https://app.example.com"], resource_policy = "same-site")]
async fn same_site() {}

#[cors(origins = ["*"], resource_policy = "cross-origin")]
async fn public() {}

static SHARED: ::cors_runtime::Policy = cors_policy!(
    origins = ["https://app.example.com"],
    opener_policy(policy = "same-origin", report_to = "coop"),
    resource_policy = "same-site",
);

// A named policy's keys, and the handler's own over them.
#[cors(policy = SHARED)]
async fn shared() {}

#[cors(policy = SHARED, embedder_policy = "require-corp", opener_policy = "unsafe-none")]
async fn shared_overridden() {}

fn main() {
    let _ = &SHARED;
}
