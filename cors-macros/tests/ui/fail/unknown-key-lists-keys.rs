use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], banana = 1)]
async fn handler() {}

fn main() {}
