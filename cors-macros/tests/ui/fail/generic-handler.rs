use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
async fn handler<T: Default>() -> String {
    let _ = T::default();
    String::new()
}

fn main() {}
