use cors_runtime::{cors, cors_policy, Policy};

static PUBLIC: Policy = cors_policy!(origins = ["*"]);
static PLAIN_HTTP: Policy = cors_policy!(origins = ["https://a.example.com", "http://intranet.corp"]);
static SUFFIX: Policy = cors_policy!(origins = ["https://*.github.io"]);

#[cors(policy = PUBLIC, credentials)]
async fn any_origin() {}

#[cors(policy = PLAIN_HTTP, credentials)]
async fn insecure() {}

#[cors(policy = SUFFIX, credentials)]
async fn public_suffix() {}

fn main() {}
