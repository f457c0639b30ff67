use cors_runtime::cors;

#[cors(origins = ["https://bücher.example"])]
async fn handler() {}

fn main() {}
