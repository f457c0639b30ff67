use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], max_age = 600.0)]
async fn handler() {}

fn main() {}
