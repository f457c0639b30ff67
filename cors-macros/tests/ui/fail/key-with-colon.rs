use cors_runtime::cors;

// Struct-literal habit: `origins: [...]`.
#[cors(origins: ["https://app.example.com"], max_age: 600)]
async fn handler() {}

fn main() {}
