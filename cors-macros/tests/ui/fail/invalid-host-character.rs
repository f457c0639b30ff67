use cors_runtime::cors;

#[cors(origins = ["https://app%20.example.com"])]
async fn handler() {}

fn main() {}
