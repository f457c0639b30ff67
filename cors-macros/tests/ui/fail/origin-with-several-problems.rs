use cors_runtime::cors;

// Every problem of the string in one build, each help showing the one string that fixes them all.
#[cors(origins = ["HTTPS://APP.EXAMPLE.COM/", "wss://user@App.example.com:443"])]
async fn handler() {}

fn main() {}
