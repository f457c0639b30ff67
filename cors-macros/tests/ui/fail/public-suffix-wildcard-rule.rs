use cors_runtime::cors;

// `*.sch.uk` is a wildcard rule of the public suffix list: every `x.sch.uk` is a public suffix.
#[cors(origins = ["https://*.sch.uk"], credentials)]
async fn handler() {}

fn main() {}
