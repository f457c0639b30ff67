use cors_runtime::cors;

// Builder-call habits: `credentials(true)`, `origins("...")`.
#[cors(origins("https://app.example.com"), credentials(true), max_age(600), private_network(false))]
async fn handler() {}

fn main() {}
