use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [get, patch, Delete])]
async fn handler() {}

fn main() {}
