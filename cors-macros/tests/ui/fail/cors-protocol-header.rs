use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], headers = ["access-control-allow-origin", "Access-Control-Request-Method"])]
async fn handler() {}

fn main() {}
