use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com/", "HTTP://x.com", "*"],
    allow_credentials,
    methods = [get, CONNECT, POST, POST],
    headers = ["cookie", "X-Id", "x-id"],
    expose = ["set-cookie"],
    max_age = 100000,
    private_network,
)]
async fn handler() {}

fn main() {}
