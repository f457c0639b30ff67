use cors_runtime::cors;

static LIMIT: u32 = 5;

#[cors(policy = LIMIT)]
async fn handler() {}

fn main() {}
