use cors_runtime::cors;

#[cors(origins = vec!["https://app.example.com"])]
async fn handler() {}

fn main() {}
