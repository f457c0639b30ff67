use cors_runtime::{cors, cors_policy, Policy};

static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"]);

#[cors(policy = "WRITES")]
async fn quoted() {}

#[cors(policy = &WRITES)]
async fn borrowed() {}

#[cors(policy)]
async fn no_value() {}

fn main() {}
