use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET, POST, GET])]
async fn handler() {}

fn main() {}
