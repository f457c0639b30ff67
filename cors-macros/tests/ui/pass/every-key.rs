#![deny(warnings, clippy::pedantic)] // generated code never warns
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com", "https://*.example.com", "http://localhost:*"],
    credentials,
    methods = [GET, POST, PATCH, DELETE, "M-SEARCH", PROPFIND],
    headers = ["content-type", "authorization", "X-Requested-With"],
    expose = ["x-request-id", "ETag"],
    max_age = 86400,
    private_network,
    crate = "cors_runtime",
)]
async fn handler() {}

fn main() {
    let policy = find(&handler).expect("registered").policy;
    assert!(policy.credentials());
    assert!(policy.private_network());
    assert_eq!(policy.max_age(), Some(86400));
    assert_eq!(policy.methods().map(<[_]>::len), Some(6));
}

fn find<H: 'static>(_: &H) -> Option<cors_runtime::engine::Annotated> {
    cors_runtime::engine::lookup::<H>()
}
