use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], allow_credentials)]
async fn handler() {}

fn main() {}
