use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], private_network = on)]
async fn handler() {}

fn main() {}
