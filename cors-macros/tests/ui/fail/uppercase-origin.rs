use cors_runtime::cors;

#[cors(origins = ["HTTPS://app.example.com", "https://App.Example.com"])]
async fn handler() {}

fn main() {}
