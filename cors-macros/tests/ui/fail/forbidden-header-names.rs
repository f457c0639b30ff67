use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], headers = ["host", "origin", "content-length", "Proxy-Authorization", "sec-fetch-mode"])]
async fn handler() {}

fn main() {}
