use cors_runtime::cors;

#[cors(origins = ["https://user:secret@app.example.com"])]
async fn handler() {}

fn main() {}
