//! The quickstart routes every `#[cors]` handler it declares: the check the README recommends,
//! on the example itself.

// The example file itself, so that a handler added there without a route fails here.
#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

#[test]
fn every_cors_handler_is_routed() {
    quickstart::routes().check_coverage().unwrap();
}
