use cors_runtime::cors;

// A page's origin is its http(s) URL, never the WebSocket URL it connects to.
#[cors(origins = ["wss://app.example.com", "ws://localhost:3000"])]
async fn handler() {}

fn main() {}
