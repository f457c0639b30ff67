use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], expose = ["x-request-id", "X-Request-Id"])]
async fn handler() {}

fn main() {}
