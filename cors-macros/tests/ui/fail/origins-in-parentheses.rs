use cors_runtime::cors;

#[cors(origins = ("https://app.example.com"), headers = ("content-type", "x-id"))]
async fn handler() {}

fn main() {}
