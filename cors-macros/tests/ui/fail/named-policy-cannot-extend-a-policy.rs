use cors_runtime::{cors_policy, Policy};

static BASE: Policy = cors_policy!(origins = ["https://app.example.com"]);
static WRITES: Policy = cors_policy!(policy = BASE, credentials);

fn main() {}
