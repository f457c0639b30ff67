use cors_runtime::{cors, cors_policy, Policy};

// A `const` is copied at each use; a named policy is shared, so it is a `static`.
const WRITES: Policy = cors_policy!(origins = ["https://app.example.com"]);

#[cors(policy = WRITES)]
async fn handler() {}

fn main() {}
