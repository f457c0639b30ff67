use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], crate = "no_such_crate")]
async fn handler() {}

fn main() {}
