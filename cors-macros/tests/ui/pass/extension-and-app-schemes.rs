// Origins with the other schemes a browser really sends stay accepted: extension pages and
// custom app schemes (only `ws:`/`wss:` are refused, as no page has such an origin).
#![deny(warnings, clippy::pedantic)] // generated code never warns
use cors_runtime::cors;

#[cors(origins = [
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
    "moz-extension://0d2c9c5e-5b3c-4f4e-9f4e-1c2d3e4f5a6b",
    "tauri://localhost",
    "capacitor://localhost",
])]
async fn from_apps() {}

fn main() {
    let origins = find(&from_apps).expect("registered").policy.origins();
    assert_eq!(origins.len(), 4, "{origins:?}");
    assert!(origins.iter().any(|o| o == "tauri://localhost"), "{origins:?}");
}

fn find<H: 'static>(_: &H) -> Option<cors_runtime::engine::Annotated> {
    cors_runtime::engine::lookup::<H>()
}
