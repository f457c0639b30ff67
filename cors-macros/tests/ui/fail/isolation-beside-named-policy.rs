use cors_runtime::{cors, cors_policy, Policy};

static SHARED: Policy = cors_policy!(origins = ["https://app.example.com"]);

// A named policy always lists origins: `same-origin` beside it blocks their loads.
#[cors(policy = SHARED, resource_policy = "same-origin")]
async fn handler() {}

// `none` stands alone but for the isolation keys.
#[cors(none, resource_policy = "same-site", max_age = 60)]
async fn opted_out() {}

fn main() {}
