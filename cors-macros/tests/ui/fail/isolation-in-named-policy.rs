use cors_runtime::{cors_policy, Policy};

// `cors_policy!` takes the same keys, with the same checks.
static BAD_VALUE: Policy = cors_policy!(
    origins = ["https://app.example.com"],
    opener_policy = "same-origins",
);

static CONFLICT: Policy = cors_policy!(
    origins = ["https://app.example.com"],
    resource_policy = "same-origin",
);

// A named policy lists origins: without them, it is not one.
static NO_ORIGINS: Policy = cors_policy!(embedder_policy = "require-corp");

fn main() {}
