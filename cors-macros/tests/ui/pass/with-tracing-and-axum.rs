// `#[cors]` composes with other attribute macros on either side, and the function stays an
// ordinary axum handler.
#![deny(warnings, clippy::pedantic)] // generated code never warns
use axum::extract::Path;
use cors_runtime::cors;

#[tracing::instrument]
#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn instrumented_outside(Path(id): Path<u32>) -> String {
    id.to_string()
}

#[cors(origins = ["https://app.example.com"])]
#[tracing::instrument(skip_all)]
async fn instrumented_inside(body: String) -> String {
    body
}

fn main() {
    let _app: axum::Router = axum::Router::new()
        .route("/users/{id}", axum::routing::get(instrumented_outside))
        .route("/echo", axum::routing::post(instrumented_inside));
    assert_eq!(find(&instrumented_outside).map(|f| f.name), Some("instrumented_outside"));
    assert_eq!(find(&instrumented_inside).map(|f| f.name), Some("instrumented_inside"));
}

fn find<H: 'static>(_: &H) -> Option<cors_runtime::engine::Annotated> {
    cors_runtime::engine::lookup::<H>()
}
