use cors_runtime::cors;

// Every value is wrong; each is reported on its literal, listing the valid ones.
#[cors(
    origins = ["https://app.example.com"],
    resource_policy = "none",
    opener_policy = "same_origin",
    embedder_policy = "Require-Corp",
    opener_policy_report_only = "same-origin-allow-popup",
    embedder_policy_report_only(policy = "corp", report_to = "coep"),
)]
async fn handler() {}

// Also without `origins`.
#[cors(resource_policy = "cross-site")]
async fn image() {}

fn main() {}
