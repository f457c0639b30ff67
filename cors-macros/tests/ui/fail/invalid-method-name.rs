use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = ["GE T", "GET,POST"])]
async fn handler() {}

fn main() {}
