use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET, "GET", POST, POST])]
async fn handler() {}

fn main() {}
