use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [1])]
async fn handler() {}

fn main() {}
