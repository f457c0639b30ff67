use cors_runtime::cors;

#[cors(origins = ["http://127.1", "http://010.0.0.1"])]
async fn handler() {}

fn main() {}
