use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], expose = ["set-cookie", "Set-Cookie2"])]
async fn handler() {}

fn main() {}
