use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], crate = cors_runtime)]
async fn handler() {}

fn main() {}
