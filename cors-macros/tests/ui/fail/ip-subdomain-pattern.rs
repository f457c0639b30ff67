use cors_runtime::cors;

#[cors(origins = ["https://*.1.2.3.4", "http://*.[::1]"])]
async fn handler() {}

fn main() {}
