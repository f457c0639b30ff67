// `origins = env("...")`, under `deny(warnings)`.
#![deny(warnings)]

use cors_runtime::cors;

#[cors(origins = env("APP_CORS_ORIGINS"), credentials, headers = ["content-type"], max_age = 600)]
async fn from_env() {}

#[cors(origins = env("PUBLIC_ORIGINS"), methods = [GET], expose = ["etag"])]
async fn public() {}

fn main() {
    // Not in the engine's registry: its origins exist once a router has read them.
    fn found<H: 'static>(_: H) -> bool {
        cors_runtime::engine::lookup::<H>().is_some()
    }
    assert!(!found(from_env));
    assert!(!found(public));
}
