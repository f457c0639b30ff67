use cors_runtime::cors;

#[cors(origins = ["https://*.com", "https://*.github.io"], private_network)]
async fn handler() {}

fn main() {}
