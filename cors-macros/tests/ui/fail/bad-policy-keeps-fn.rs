use cors_runtime::cors;

// The policy is wrong, but the function is still emitted: only the policy error shows, not an
// "unresolved name" error at the call below.
#[cors(origins = ["https://app.example.com/"])]
async fn handler() -> u32 {
    1
}

fn main() {
    let _ = handler();
}
