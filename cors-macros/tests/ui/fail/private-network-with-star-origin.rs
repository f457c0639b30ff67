use cors_runtime::cors;

#[cors(origins = ["*"], private_network)]
async fn handler() {}

fn main() {}
