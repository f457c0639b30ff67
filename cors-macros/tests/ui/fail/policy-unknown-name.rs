use cors_runtime::{cors, cors_policy, Policy};

static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"]);

#[cors(policy = WRTIES)]
async fn handler() {}

fn main() {}
