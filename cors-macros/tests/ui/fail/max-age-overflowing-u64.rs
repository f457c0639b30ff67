use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], max_age = 18446744073709551616)]
async fn handler() {}

fn main() {}
