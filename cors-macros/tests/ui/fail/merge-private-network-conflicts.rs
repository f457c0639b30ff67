use cors_runtime::{cors, cors_policy, Policy};

static PUBLIC: Policy = cors_policy!(origins = ["*"]);
static PLAIN_HTTP: Policy = cors_policy!(origins = ["http://intranet.corp"]);
static DEVICE: Policy = cors_policy!(origins = ["https://app.example.com"], private_network);

#[cors(policy = PUBLIC, private_network)]
async fn any_origin() {}

#[cors(policy = PLAIN_HTTP, private_network)]
async fn insecure() {}

#[cors(policy = DEVICE, origins = ["*"])]
async fn any_origin_here() {}

#[cors(policy = DEVICE, origins = ["https://*.github.io"])]
async fn public_suffix_here() {}

fn main() {}
