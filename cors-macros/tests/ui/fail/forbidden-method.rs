use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [CONNECT, TRACE, TRACK])]
async fn handler() {}

fn main() {}
