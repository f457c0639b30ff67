// `origin_fn = path`, in the attribute and a named policy, under `deny(warnings)`.
#![deny(warnings)]
#![allow(non_camel_case_types, dead_code)]

use ::cors_runtime::{cors, cors_policy, Origin};

struct Option;
struct Some;
struct None;
struct bool;
mod core {}

mod tenants {
    pub fn allowed(origin: &::cors_runtime::Origin<'_>) -> ::core::primitive::bool {
        origin.host().ends_with(".tenants.example.com")
    }
}

fn local(origin: &Origin<'_>) -> ::core::primitive::bool {
    origin.port().is_none()
}

#[cors(origin_fn = tenants::allowed, credentials)]
async fn only_fn() {}

#[cors(origins = ["https://app.example.com"], origin_fn = local)]
async fn both() {}

static TENANTS: ::cors_runtime::Policy = cors_policy!(origin_fn = tenants::allowed, credentials);

#[cors(policy = TENANTS, origin_fn = local, max_age = 60)]
async fn other_fn() {}

fn main() {
    let _ = (only_fn, both, other_fn);
}
