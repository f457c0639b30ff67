#![deny(warnings, clippy::pedantic)] // generated code never warns
use cors_runtime::cors;

/// Documented handler.
#[must_use]
#[cors(origins = ["https://app.example.com"])]
#[allow(clippy::unused_async)]
#[cfg_attr(all(), inline(never))]
async fn handler() -> u32 {
    7
}

#[cfg(all())]
#[cors(origins = ["*"])]
#[deprecated = "still registered"]
fn legacy() {}

fn main() {
    assert!(cors_runtime::engine::lookup::<()>().is_none());
    assert_eq!(find(&handler).expect("registered").name, "handler");
    #[allow(deprecated)]
    let legacy_found = find(&legacy).expect("registered");
    assert_eq!(legacy_found.name, "legacy");
    let _ = handler();
}

fn find<H: 'static>(_: &H) -> Option<cors_runtime::engine::Annotated> {
    cors_runtime::engine::lookup::<H>()
}
