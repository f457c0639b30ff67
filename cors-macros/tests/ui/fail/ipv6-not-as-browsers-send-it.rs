use cors_runtime::cors;

#[cors(origins = ["http://[0:0:0:0:0:0:0:1]:8080", "http://[::1"])]
async fn handler() {}

fn main() {}
