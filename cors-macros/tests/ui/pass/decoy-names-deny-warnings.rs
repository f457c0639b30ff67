// Generated code must name everything by absolute paths: these decoys would break any path that
// relied on the prelude or on a crate-relative name.
#![deny(warnings)]
#![allow(dead_code, non_camel_case_types)]

use ::cors_runtime::cors;

struct Result;
struct Option;
struct Vec;
struct Some;
struct None;
struct String;
struct Cow;
struct TypeId;
struct Policy;
struct bool;
struct u32;
mod http {}
mod inventory {}
mod core {}
mod std {}
mod cors_runtime {}

#[cors(
    origins = ["https://app.example.com", "https://*.example.com:*"],
    credentials,
    methods = [GET, POST],
    headers = ["content-type"],
    expose = ["x-request-id"],
    max_age = 600,
    private_network,
)]
async fn handler() {}

fn registered<H: 'static>(_: &H) -> ::core::primitive::bool {
    ::cors_runtime::engine::lookup::<H>().is_some()
}

fn main() {
    assert!(registered(&handler));
}
