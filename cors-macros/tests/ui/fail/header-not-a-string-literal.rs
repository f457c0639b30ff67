use cors_runtime::cors;

#[cors(origins = ["https://app.example.com", 'x', "https://b.example.com"], headers = [1, "x-a"])]
async fn handler() {}

fn main() {}
