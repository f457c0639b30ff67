use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
async fn handler(body: impl Into<String>) -> String {
    body.into()
}

fn main() {}
