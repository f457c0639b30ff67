// Every accepted shape of value, and handlers in every position a free fn can take.
#![deny(warnings, clippy::pedantic)] // generated code never warns
use cors_runtime::cors;

#[cors(origins = ["*"])]
fn sync_handler() {}

#[cors(origins = ["*"], methods = [*], headers = ["*"], expose = ["*"], max_age = 0)]
pub async fn wildcards() {}

#[cors(origins = ["http://localhost:3000", "http://*.localhost:*", "http://127.0.0.1:8080", "http://[::1]:*"], credentials)]
pub(crate) async fn loopback_with_credentials() {}

#[cors(origins = ["http://intranet.example.com"], credentials, dangerously_allow_insecure_origins)]
async fn insecure_opt_out() {}

#[cors(origins = ["https://xn--bcher-kva.example", "https://*.example.com:8443", "https://[2001:db8::1]"])]
async fn unusual_hosts() {}

#[cors(origins = ["https://app.example.com"], headers = ["*", "Authorization"])] // `*` never covers it
async fn star_and_authorization() {}

#[cors(origins = ["https://app.example.com"], credentials = true, private_network = false)]
async fn flags_written_as_booleans() {}

#[cors(origins = ["https://*.com"])] // a public-suffix pattern is fine without credentials
async fn public_suffix_without_credentials() {}

#[cors(origins = ["https://app.example.com",], methods = [GET, r#PUT,], headers = [], expose = [],)]
async fn trailing_commas_and_empty_lists() {}

#[cors(origins = ["https://app.example.com"], max_age = 600u32)]
async fn suffixed_integer() {}

#[cors(origins = ["https://app.example.com"])]
async fn takes_arguments(a: u32, (b, c): (u8, u8), _: &str) -> u32 {
    a + u32::from(b) + u32::from(c)
}

#[cors(origins = ["https://app.example.com"])]
async unsafe fn unsafe_handler() {}

mod nested {
    use cors_runtime::cors;

    #[cors(origins = ["https://nested.example.com"])]
    pub async fn handler() {}
}

fn main() {
    #[cors(origins = ["https://local.example.com"])]
    async fn local() {}

    for (name, found) in [
        ("sync_handler", find(&sync_handler)),
        ("wildcards", find(&wildcards)),
        ("loopback_with_credentials", find(&loopback_with_credentials)),
        ("insecure_opt_out", find(&insecure_opt_out)),
        ("unusual_hosts", find(&unusual_hosts)),
        ("star_and_authorization", find(&star_and_authorization)),
        ("flags_written_as_booleans", find(&flags_written_as_booleans)),
        ("public_suffix_without_credentials", find(&public_suffix_without_credentials)),
        ("trailing_commas_and_empty_lists", find(&trailing_commas_and_empty_lists)),
        ("suffixed_integer", find(&suffixed_integer)),
        ("takes_arguments", find(&takes_arguments)),
        ("unsafe_handler", find(&unsafe_handler)),
        ("handler", find(&nested::handler)),
        ("local", find(&local)),
    ] {
        assert_eq!(found.map(|f| f.name), Some(name));
    }
    sync_handler();
    let _ = takes_arguments(1, (2, 3), "x");
}

fn find<H: 'static>(_: &H) -> Option<cors_runtime::engine::Annotated> {
    cors_runtime::engine::lookup::<H>()
}
