// `#[cors(none)]`: no policy on purpose, under `deny(warnings)`.
#![deny(warnings)]

use cors_runtime::cors;

#[cors(none)]
async fn internal() {}

#[cors(none, crate = "::cors_runtime")]
async fn internal_too() {}

fn main() {
    // Registered, but with no policy: `lookup` finds none.
    fn found<H: 'static>(_: H) -> bool {
        cors_runtime::engine::lookup::<H>().is_some()
    }
    assert!(!found(internal));
    assert!(!found(internal_too));
}
