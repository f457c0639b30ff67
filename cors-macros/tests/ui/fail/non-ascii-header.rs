use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], headers = ["x-grüße"], expose = ["x-größe"])]
async fn handler() {}

fn main() {}
