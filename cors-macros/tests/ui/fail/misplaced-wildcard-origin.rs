use cors_runtime::cors;

#[cors(origins = ["https://foo.*.com", "https://*example.com", "https://**.example.com", "https://*.*.example.com"])]
async fn handler() {}

fn main() {}
