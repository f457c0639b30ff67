use cors_runtime::cors;

// `resource_policy` has no reporting endpoint, so no list form.
#[cors(resource_policy(policy = "same-site"))]
async fn listed() {}

#[cors(opener_policy = same_origin)]
async fn not_a_string() {}

#[cors(embedder_policy(report_to = "coep"))]
async fn no_policy() {}

#[cors(opener_policy_report_only(policy = "same-origin", report = "coop"))]
async fn unknown_inner_key() {}

#[cors(embedder_policy_report_only(policy = "require-corp", policy = "credentialless"))]
async fn twice() {}

#[cors(opener_policy)]
async fn no_value() {}

fn main() {}
