//! A small API with three kinds of CORS policy: public, credentialed, and one per method.
//!
//! ```sh
//! cargo run --example quickstart             # serves on 127.0.0.1:3000 (PORT overrides)
//! cargo run --example quickstart -- --cors-docs markdown   # or json: prints the route docs
//! # in a second terminal:
//! curl -i -X OPTIONS http://127.0.0.1:3000/users \
//!      -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: POST' \
//!      -H 'Access-Control-Request-Headers: content-type'
//! ```
//!
//! Every refused preflight is logged at `debug` level with the reason:
//! `RUST_LOG=cors_runtime=debug cargo run --example quickstart`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use cors_runtime::routing::get;
use cors_runtime::{cors, docs, CorsRouter};
use serde_json::{json, Value};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

mod explain_args;

#[derive(Clone)]
pub(crate) struct Db;

/// Anyone may read the health status, from any origin, without credentials.
#[cors(origins = ["*"], expose = ["x-request-id"])]
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The front end reads and creates users with its session cookie.
#[cors(origins = ["https://app.example.com", "https://*.preview.example.com"], credentials,
       headers = ["content-type"], expose = ["x-request-id"], max_age = 600)]
async fn list_users(State(_db): State<Db>) -> Json<Value> {
    Json(json!([{ "id": 1, "name": "Ada" }]))
}

#[cors(origins = ["https://app.example.com", "https://*.preview.example.com"], credentials,
       headers = ["content-type"], max_age = 600)]
async fn create_user(State(_db): State<Db>, Json(user): Json<Value>) -> (StatusCode, Json<Value>) {
    (StatusCode::CREATED, Json(user))
}

/// Only the admin console may delete, on the same path as the public read.
#[cors(origins = ["https://admin.example.com"], credentials)]
async fn delete_user(State(_db): State<Db>, Path(id): Path<u32>) -> Json<Value> {
    Json(json!({ "deleted": id }))
}

#[cors(origins = ["https://app.example.com"], credentials)]
async fn get_user(Path(id): Path<u32>) -> Json<Value> {
    Json(json!({ "id": id }))
}

/// `pub(crate)`: tests/quickstart_coverage.rs checks that it routes every handler.
pub(crate) fn routes() -> CorsRouter<Db> {
    CorsRouter::new()
        .route("/health", get(health))
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}", get(get_user).delete(delete_user))
}

/// The route documentation in `format` (`markdown` or `json`). `pub(crate)` because
/// tests/docs_quickstart.rs mounts this file to keep examples/CORS.md fresh.
pub(crate) fn cors_docs(format: &str) -> Option<String> {
    let table = routes().table();
    match format {
        "markdown" => Some(docs::markdown(&table)),
        "json" => Some(docs::json(&table)),
        _ => None,
    }
}

/// Warnings and errors, or what `RUST_LOG` asks for (`target=level` directives, comma-separated).
fn log_filter() -> Targets {
    let warn = Targets::new().with_default(LevelFilter::WARN);
    match std::env::var("RUST_LOG") {
        Err(_) => warn,
        Ok(directives) => directives.parse().unwrap_or_else(|e| {
            eprintln!("RUST_LOG={directives:?} ignored ({e}); logging warnings and errors");
            warn
        }),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `--cors-docs markdown|json`: print the route documentation instead of serving.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--explain") {
        return explain_args::run(&routes(), &args[1..]);
    }
    if !args.is_empty() {
        let format = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["--cors-docs", format] => format,
            [arg] => arg.strip_prefix("--cors-docs=").unwrap_or(""),
            _ => "",
        };
        let Some(doc) = cors_docs(format) else {
            eprintln!("usage: quickstart [--cors-docs markdown|json]");
            std::process::exit(2);
        };
        print!("{doc}");
        return Ok(());
    }

    // `RUST_LOG=cors_runtime=debug` logs why each refused preflight was refused.
    tracing_subscriber::registry()
        .with(log_filter())
        .with(tracing_subscriber::fmt::layer())
        .init();

    // `CORS_DEBUG_REASONS=1`: refused requests get an `x-cors-reason` header (development only).
    let cors =
        routes().debug_reasons(std::env::var_os("CORS_DEBUG_REASONS").is_some_and(|v| v == "1"));
    println!("CORS policy table:");
    print!("{}", cors.table());

    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    // Preflights answered in front of axum's routing; `cors.with_state(Db)` gives the same
    // answers as an `axum::Router`, to merge or nest into another one.
    axum::serve(listener, cors.into_make_service_with_state(Db)).await?;
    Ok(())
}
