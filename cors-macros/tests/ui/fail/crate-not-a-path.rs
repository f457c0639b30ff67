use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], crate = "not a path")]
async fn handler() {}

fn main() {}
