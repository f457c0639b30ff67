use cors_runtime::cors;

#[cors(origins = ["https://xn--zz.example", "https://xn--.example"])]
async fn handler() {}

fn main() {}
