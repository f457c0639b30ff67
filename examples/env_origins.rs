//! Origins from the environment, checked before serving.
//!
//! ```text
//! APP_CORS_ORIGINS="https://app.example.com, https://*.example.org" cargo run --example env_origins
//! APP_CORS_ORIGINS="*" cargo run --example env_origins   # refused: `*` with credentials
//! ```
//!
//! The variable is read when the router is built. A missing, empty or invalid value (or `*`
//! together with `credentials`) stops the program before it binds a socket, with every problem
//! listed: the variable, the entry, what is wrong and how to fix it. It serves on 127.0.0.1 (port
//! `PORT`, default 3000); with `SERVE_SECONDS` set it stops by itself after that many seconds.

use std::process::ExitCode;
use std::time::Duration;

use cors_runtime::routing::get;
use cors_runtime::{cors, ConfigError, CorsRouter, CorsService};

#[cors(origins = env("APP_CORS_ORIGINS"), credentials, headers = ["content-type"], max_age = 600)]
async fn me() -> &'static str {
    "{\"name\":\"ada\"}"
}

/// The application (preflights answered in front of axum's routing), or why its CORS
/// configuration is unusable.
pub fn app() -> Result<CorsService, ConfigError> {
    let cors = CorsRouter::new().route("/me", get(me));
    cors.try_into_make_service_with_state(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let app = match app() {
        Ok(app) => app,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", CorsRouter::<()>::new().route("/me", get(me)).table());
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("serving on http://127.0.0.1:{port}");
    let seconds = std::env::var("SERVE_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok());
    let served = axum::serve(listener, app).with_graceful_shutdown(async move {
        match seconds {
            Some(s) => tokio::time::sleep(Duration::from_secs(s)).await,
            None => std::future::pending().await,
        }
    });
    match served.await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
