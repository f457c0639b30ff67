use cors_runtime::cors;

#[cors(origins = ["https://a.example.com/api", "https://b.example.com?x=1", "https://c.example.com#top"])]
async fn handler() {}

fn main() {}
