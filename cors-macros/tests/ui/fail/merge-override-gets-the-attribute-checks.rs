use cors_runtime::{cors, cors_policy, Policy};

static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"], credentials);

// The keys given beside `policy` are checked as in any attribute.
#[cors(policy = WRITES, headers = ["cookie"], max_age = 100000, methods = [get])]
async fn handler() {}

// Both sides in the attribute: reported by the macro, on the tokens.
#[cors(policy = WRITES, origins = ["*"], credentials)]
async fn both_here() {}

// The opt-out goes with the origins and credentials it is for.
#[cors(policy = WRITES, dangerously_allow_insecure_origins)]
async fn opt_out_alone() {}

fn main() {}
