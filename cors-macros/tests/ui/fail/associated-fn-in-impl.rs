use cors_runtime::cors;

struct Api;

// Without a `self` receiver an associated function looks like a free one to the attribute; it
// finds the enclosing `impl` in the source and says so itself.
impl Api {
    #[cors(origins = ["https://app.example.com"])]
    async fn handler() {}
}

fn main() {}
