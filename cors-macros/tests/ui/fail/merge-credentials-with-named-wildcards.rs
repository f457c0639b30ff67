use cors_runtime::{cors, cors_policy, Policy};

static HEADERS: Policy = cors_policy!(origins = ["https://app.example.com"], headers = ["*"]);
static EXPOSE: Policy = cors_policy!(origins = ["https://app.example.com"], expose = ["*"]);
static METHODS: Policy = cors_policy!(origins = ["https://app.example.com"], methods = [*]);

#[cors(policy = HEADERS, credentials)]
async fn any_header() {}

#[cors(policy = EXPOSE, credentials)]
async fn any_exposed() {}

#[cors(policy = METHODS, credentials)]
async fn any_method() {}

fn main() {}
