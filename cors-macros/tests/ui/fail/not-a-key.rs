use cors_runtime::cors;

#[cors("https://app.example.com")]
async fn handler() {}

fn main() {}
