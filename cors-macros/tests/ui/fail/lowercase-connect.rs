use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET, connect])]
async fn handler() {}

fn main() {}
