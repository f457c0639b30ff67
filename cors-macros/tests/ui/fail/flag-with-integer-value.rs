use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], credentials = 1)]
async fn handler() {}

fn main() {}
