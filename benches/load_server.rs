//! One of three servers with the same routes, for scripts/load-compare.sh:
//!
//! ```sh
//! load-server bare|tower-http|cors-runtime PORT
//! ```
//!
//! Routes: the quickstart's `GET /users` and `POST /users`, with its policy (two origins, one a
//! subdomain pattern, credentials, `content-type`, `x-request-id` exposed, max age 600).
//! tower-http gets the equivalent layer; its pattern origin is a predicate, as users write it.
//! Binds 127.0.0.1 only.

use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::Router;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouter, CorsService};

async fn plain_list() -> &'static str {
    r#"[{"id":1,"name":"Ada"}]"#
}

async fn plain_create() -> StatusCode {
    StatusCode::CREATED
}

#[cors(origins = ["https://app.example.com", "https://*.preview.example.com"], credentials,
       headers = ["content-type"], expose = ["x-request-id"], max_age = 600)]
async fn list_users() -> &'static str {
    r#"[{"id":1,"name":"Ada"}]"#
}

#[cors(origins = ["https://app.example.com", "https://*.preview.example.com"], credentials,
       headers = ["content-type"], expose = ["x-request-id"], max_age = 600)]
async fn create_user() -> StatusCode {
    StatusCode::CREATED
}

fn bare() -> Router {
    Router::new().route("/users", axum::routing::get(plain_list).post(plain_create))
}

fn tower_http() -> Router {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let allow = AllowOrigin::predicate(|origin: &HeaderValue, _| {
        let origin = origin.as_bytes();
        origin == b"https://app.example.com"
            || (origin.starts_with(b"https://")
                && origin.ends_with(b".preview.example.com")
                && origin.len() > "https://.preview.example.com".len())
    });
    let layer = CorsLayer::new()
        .allow_origin(allow)
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers([http::header::CONTENT_TYPE])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(std::time::Duration::from_secs(600));
    bare().layer(layer)
}

/// Served as the README serves it: preflights answered in front of axum's routing.
fn ours() -> CorsService {
    CorsRouter::new()
        .route("/users", get(list_users).post(create_user))
        .into_make_service()
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stack, port] = &args[..] else {
        eprintln!("usage: load-server bare|tower-http|cors-runtime PORT");
        std::process::exit(2);
    };
    let port: u16 = port.parse()?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("{stack} listening on http://{}", listener.local_addr()?);
    match stack.as_str() {
        "bare" => axum::serve(listener, bare()).await?,
        "tower-http" => axum::serve(listener, tower_http()).await?,
        "cors-runtime" => axum::serve(listener, ours()).await?,
        other => {
            eprintln!("load-server: unknown stack {other:?}");
            std::process::exit(2);
        }
    }
    Ok(())
}
