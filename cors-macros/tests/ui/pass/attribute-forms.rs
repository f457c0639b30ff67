// Forms of the attribute and of its values that are accepted as written.
#![deny(warnings, clippy::pedantic)] // generated code never warns
#![allow(non_camel_case_types)]

use cors_runtime::cors;

struct Api;

// A free handler right after an `impl` block whose body holds braces in literals.
impl Api {
    #[allow(dead_code)]
    fn braces(s: &'static str) -> (char, &'static str) {
        ('{', if s.is_empty() { "}" } else { r#"{"# })
    }
}

/// A raw identifier as the handler's name.
#[cors(origins = ["https://app.example.com"])]
async fn r#match() {}

/// Through `cfg_attr`.
#[cfg_attr(all(), cors(origins = ["https://app.example.com"], max_age = 60))]
async fn conditional() {}

#[cors(
    // Comments inside the attribute are fine.
    origins = [
        "https://app.example.com", // the front end
        /* the admin console */ "https://admin.example.com",
    ],
    credentials,
)]
async fn commented() {}

/// Raw strings and a hexadecimal `max_age`.
#[cors(origins = [r"https://app.example.com", r#"https://*.example.com"#], max_age = 0x258)]
async fn raw_strings() {}

/// Extension methods are sent as written, so lowercase ones are allowed as written.
#[cors(origins = ["https://app.example.com"], methods = [GET, purge, "m-search", PROPFIND])]
async fn extension_methods() {}

fn main() {
    let router: cors_runtime::CorsRouter = cors_runtime::CorsRouter::new()
        .route("/match", cors_runtime::routing::get(r#match))
        .route("/conditional", cors_runtime::routing::get(conditional))
        .route("/commented", cors_runtime::routing::get(commented))
        .route("/raw", cors_runtime::routing::get(raw_strings))
        .route("/purge", cors_runtime::routing::get(extension_methods));
    assert_eq!(router.table().len(), 5);
}
