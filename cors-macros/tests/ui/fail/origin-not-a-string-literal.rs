use cors_runtime::cors;

#[cors(origins = ["https://a.example.com", b])]
async fn handler() {}

fn main() {}
