use cors_runtime::cors;

// Both the item and the policy are wrong: both are reported, and the item is still emitted, so
// `Config` below resolves.
#[cors(origins = ["https://app.example.com/"])]
mod config {
    pub struct Config;
}

fn main() {
    let _ = config::Config;
}
