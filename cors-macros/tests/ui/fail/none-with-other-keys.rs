use cors_runtime::{cors, cors_policy, Policy};

// `none` means no policy: any other key would be ignored.
#[cors(none, origins = ["https://app.example.com"], credentials)]
async fn handler() {}

// A named policy always has origins.
static NOTHING: Policy = cors_policy!(none);

fn main() {}
