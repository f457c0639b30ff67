use cors_runtime::cors;

#[cors(origins = ["https://a.example.com:0", "https://b.example.com:65536", "https://c.example.com:08080", "https://d.example.com:", "https://e.example.com:http"])]
async fn handler() {}

fn main() {}
