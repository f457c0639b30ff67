use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
struct Handler {
    name: String,
}

fn main() {}
