use cors_runtime::cors;

// `Reporting-Endpoints` names are structured-field keys.
#[cors(
    opener_policy(policy = "same-origin", report_to = "Coop Endpoint"),
    embedder_policy(policy = "require-corp", report_to = "9-coep"),
    opener_policy_report_only(policy = "same-origin", report_to = ""),
)]
async fn handler() {}

fn main() {}
