use cors_runtime::{cors_policy, Policy};

// The attribute's checks, on the same tokens.
static WRITES: Policy = cors_policy!(
    origins = ["https://app.example.com/", "*"],
    credentials,
    headers = ["cookie"],
    max_age = 100000,
);

static MISSING: Policy = cors_policy!(credentials);

static MISSPELLED: Policy = cors_policy!(origin = ["https://app.example.com"]);

fn main() {}
