use cors_runtime::cors;

#[cors(origins = ["data:text/html,hello"])]
async fn handler() {}

fn main() {}
