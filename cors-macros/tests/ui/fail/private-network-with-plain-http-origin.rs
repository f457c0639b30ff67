use cors_runtime::cors;

// Chromium sends private network access preflights only from secure contexts; loopback is one.
#[cors(origins = ["http://intranet.example.com", "http://localhost:3000"], private_network)]
async fn handler() {}

fn main() {}
