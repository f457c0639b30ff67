use cors_runtime::cors;

// Pages of the listed origins may read it with `fetch`, but their `<img>` or `<script>` loads
// are blocked by the resource policy.
#[cors(origins = ["https://app.example.com"], resource_policy = "same-origin")]
async fn handler() {}

#[cors(origins = env("APP_ORIGINS"), resource_policy = "same-origin")]
async fn from_env() {}

fn is_tenant(_: &cors_runtime::Origin<'_>) -> bool {
    true
}

#[cors(origin_fn = is_tenant, resource_policy = "same-origin")]
async fn by_function() {}

fn main() {}
