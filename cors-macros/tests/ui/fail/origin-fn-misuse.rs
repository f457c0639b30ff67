use cors_runtime::{cors, Origin};

fn wrong_signature(origin: &str) -> bool {
    origin.is_empty()
}

fn allowed(origin: &Origin<'_>) -> bool {
    origin.scheme() == "https"
}

#[cors(origin_fn = wrong_signature)]
async fn wrong_type() {}

#[cors(origin_fn = |o: &Origin<'_>| true)]
async fn closure() {}

#[cors(origin_fn = allowed, origins = env("APP_CORS_ORIGINS"))]
async fn with_env() {}

fn main() {}
