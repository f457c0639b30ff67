use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], expose = ["*", "x-request-id"])]
async fn handler() {}

fn main() {}
