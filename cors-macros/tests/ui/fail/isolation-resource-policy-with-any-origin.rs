use cors_runtime::cors;

// Every site may read it with CORS, yet other sites may not load it.
#[cors(origins = ["*"], resource_policy = "same-site")]
async fn same_site() {}

#[cors(origins = ["*"], resource_policy = "same-origin")]
async fn same_origin() {}

fn main() {}
