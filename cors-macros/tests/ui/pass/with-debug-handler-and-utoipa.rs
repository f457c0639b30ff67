// `#[cors]` composes with `#[axum::debug_handler]` and `#[utoipa::path]` on either side.
#![deny(warnings, clippy::pedantic)] // generated code never warns
use cors_runtime::cors;

#[axum::debug_handler]
#[cors(origins = ["https://app.example.com"])]
async fn debug_outside() -> &'static str {
    "a"
}

#[cors(origins = ["https://app.example.com"])]
#[axum::debug_handler]
async fn debug_inside() -> &'static str {
    "b"
}

#[utoipa::path(get, path = "/a", responses((status = 200, description = "ok")))]
#[cors(origins = ["https://app.example.com"])]
async fn documented_outside() -> &'static str {
    "c"
}

#[cors(origins = ["https://app.example.com"])]
#[utoipa::path(get, path = "/b", responses((status = 200, description = "ok")))]
async fn documented_inside() -> &'static str {
    "d"
}

fn main() {
    let router: cors_runtime::CorsRouter = cors_runtime::CorsRouter::new()
        .route("/1", cors_runtime::routing::get(debug_outside))
        .route("/2", cors_runtime::routing::get(debug_inside))
        .route("/3", cors_runtime::routing::get(documented_outside))
        .route("/4", cors_runtime::routing::get(documented_inside));
    assert_eq!(router.table().len(), 4);
}
