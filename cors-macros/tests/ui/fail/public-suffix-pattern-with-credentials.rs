use cors_runtime::cors;

#[cors(origins = ["https://*.com", "https://*.co.uk", "https://*.github.io"], credentials)]
async fn handler() {}

fn main() {}
