// A crate known under an alias Cargo.toml does not list is named with `crate = "..."`.
#![deny(warnings, clippy::pedantic)] // generated code never warns
extern crate cors_runtime as my_cors;

use my_cors::cors;

#[cors(origins = ["https://app.example.com"], crate = "my_cors")]
async fn handler() {}

#[cors(origins = ["https://app.example.com"], crate = "::my_cors")]
async fn absolute() {}

fn main() {
    assert!(my_cors::engine::lookup::<fn_type_of::Handler>().is_none());
    assert_eq!(find(&handler).expect("registered").name, "handler");
    assert_eq!(find(&absolute).expect("registered").name, "absolute");
}

fn find<H: 'static>(_: &H) -> Option<my_cors::engine::Annotated> {
    my_cors::engine::lookup::<H>()
}

mod fn_type_of {
    pub struct Handler;
}
