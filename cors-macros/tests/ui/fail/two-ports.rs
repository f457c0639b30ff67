use cors_runtime::cors;

#[cors(origins = ["https://app.example.com:8080:9090"])]
async fn handler() {}

fn main() {}
