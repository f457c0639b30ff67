// `#[cors(none)]`: no policy on purpose, under `deny(warnings)`.
#![deny(warnings)]

use cors_runtime::cors;

#[cors(none)]
async fn internal() {}

#[cors(none, crate = "::cors_runtime")]
async fn internal_too() {}

fn main() {
    // Registered, but with no policy: `lookup` finds none.
    assert!(cors_runtime::lookup::<fn()>().is_none());
    let _ = (internal, internal_too);
}
