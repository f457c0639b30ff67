use cors_runtime::cors;

struct Api;

// Without a `self` receiver the attribute cannot tell an associated function from a free one;
// the generated registration then fails to compile inside the `impl` block.
impl Api {
    #[cors(origins = ["https://app.example.com"])]
    async fn handler() {}
}

fn main() {}
