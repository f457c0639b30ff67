use cors_runtime::cors;

#[cors(origins = ["https://a.example.com"], credentials, origins = ["https://b.example.com"])]
async fn handler() {}

fn main() {}
