use cors_runtime::cors;

// tower-http habit: `Method::GET` values instead of names.
#[cors(origins = ["https://app.example.com"], methods = [Method::GET, http::Method::POST, ::http::Method::PUT])]
async fn handler() {}

fn main() {}
