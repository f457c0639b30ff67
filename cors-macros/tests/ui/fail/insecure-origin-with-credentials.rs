use cors_runtime::cors;

#[cors(origins = ["http://app.example.com", "http://*.example.com:*"], credentials)]
async fn handler() {}

fn main() {}
