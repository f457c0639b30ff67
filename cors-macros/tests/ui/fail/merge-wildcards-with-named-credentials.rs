use cors_runtime::{cors, cors_policy, Policy};

static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"], credentials);

#[cors(policy = WRITES, headers = ["*"])]
async fn any_header() {}

#[cors(policy = WRITES, expose = ["*"])]
async fn any_exposed() {}

#[cors(policy = WRITES, methods = [*])]
async fn any_method() {}

fn main() {}
