use cors_runtime::cors;

#[cors(origins = ["https://app.example.com:443", "http://app.example.com:80"])]
async fn handler() {}

fn main() {}
