use cors_runtime::cors;

#[cors(origins = ["app.example.com", "://app.example.com"])]
async fn handler() {}

fn main() {}
