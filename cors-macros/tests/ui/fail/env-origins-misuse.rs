use cors_runtime::{cors, cors_policy, Policy};

#[cors(origins = env(APP_CORS_ORIGINS))]
async fn not_a_string() {}

#[cors(origins = env(""))]
async fn empty_name() {}

#[cors(origins = env("APP CORS"))]
async fn name_with_space() {}

// The other keys are still checked at compile time.
#[cors(origins = env("APP_CORS_ORIGINS"), credentials, headers = ["*"])]
async fn star_headers_with_credentials() {}

// A named policy is entirely compile-time.
static WRITES: Policy = cors_policy!(origins = env("APP_CORS_ORIGINS"));

static BASE: Policy = cors_policy!(origins = ["https://app.example.com"]);

#[cors(policy = BASE, origins = env("APP_CORS_ORIGINS"))]
async fn extends() {}

fn main() {}
