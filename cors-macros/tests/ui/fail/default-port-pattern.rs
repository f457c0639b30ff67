use cors_runtime::cors;

#[cors(origins = ["https://*.example.com:443", "http://localhost:80"])]
async fn handler() {}

fn main() {}
