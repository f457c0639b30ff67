use cors_runtime::{cors, cors_policy, Policy};

static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"], credentials);

#[cors(policy = WRITES, origins = ["*"])]
async fn any_origin() {}

#[cors(policy = WRITES, origins = ["http://intranet.corp"])]
async fn insecure() {}

#[cors(policy = WRITES, origins = ["https://*.github.io"])]
async fn public_suffix() {}

fn main() {}
