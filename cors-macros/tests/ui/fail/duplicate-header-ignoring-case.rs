use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], headers = ["Content-Type", "content-type"])]
async fn handler() {}

fn main() {}
