use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], headers = ["*", "authorization"])]
async fn handler() {}

fn main() {}
