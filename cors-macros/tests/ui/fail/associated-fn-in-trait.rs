use cors_runtime::cors;

trait Api {
    #[cors(origins = ["https://app.example.com"])]
    async fn handler() {}
}

fn main() {}
