//! The server scripts/load-faults.sh runs its fault cases against: a public route, a credentialed
//! one, and a route whose handler panics, so the script can check the others keep serving. The
//! same handler is also mounted behind `CatchPanicLayer`, added with `CorsRouter::layer` as the
//! README recommends, where the panic becomes a 500 with the route's CORS headers.
//!
//! ```sh
//! cargo run --release -p cors-bench --bin load-target   # 127.0.0.1:3001 (PORT overrides)
//! ```

use axum::http::StatusCode;
use axum::Json;
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouter};
use serde_json::{json, Value};

#[cors(origins = ["*"])]
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
async fn list_users() -> Json<Value> {
    Json(json!([{ "id": 1 }]))
}

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
async fn create_user(Json(user): Json<Value>) -> (StatusCode, Json<Value>) {
    (StatusCode::CREATED, Json(user))
}

#[cors(origins = ["https://app.example.com"], credentials)]
async fn boom() -> &'static str {
    panic!("load_target: this handler always panics")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = CorsRouter::new()
        .route("/panic-caught", get(boom))
        // Wraps only the routes added so far (and the fallback), inside the CORS decoration.
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .route("/health", get(health))
        .route("/users", get(list_users).post(create_user))
        .route("/panic", get(boom))
        .into_router();
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3001);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
