use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], headers = ["*", "x-foo"])]
async fn handler() {}

fn main() {}
