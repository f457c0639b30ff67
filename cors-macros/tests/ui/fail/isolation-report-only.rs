use cors_runtime::cors;

// `unsafe-none` restricts nothing, so it never reports.
#[cors(opener_policy_report_only = "unsafe-none", embedder_policy_report_only = "unsafe-none")]
async fn never_reports() {}

// The same value as the enforced header reports nothing new.
#[cors(
    opener_policy = "same-origin",
    opener_policy_report_only(policy = "same-origin", report_to = "coop"),
    embedder_policy = "credentialless",
    embedder_policy_report_only = "credentialless",
)]
async fn repeats() {}

fn main() {}
