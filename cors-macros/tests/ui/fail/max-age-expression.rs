use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], max_age = 60 * 10)]
async fn multiplied() {}

#[cors(origins = ["https://app.example.com"], max_age = Duration::from_secs(600))]
async fn duration() {}

#[cors(origins = ["https://app.example.com"], max_age = std::time::Duration::from_mins(10))]
async fn minutes() {}

#[cors(origins = ["https://app.example.com"], max_age = TEN_MINUTES)]
async fn constant() {}

fn main() {}
