use cors_runtime::__private_v1 as p;
use cors_runtime::cors;

// A policy written by hand with the hidden constructor carries none of the facts a merge checks.
static HAND_MADE: p::Policy = p::Policy::__from_checked_parts(p::PolicyParts {
    any_origin: true,
    exact_origins: p::Cow::Borrowed(&[]),
    origin_patterns: p::Cow::Borrowed(&[]),
    origins_as_written: p::Cow::Borrowed(&[p::Cow::Borrowed("*")]),
    credentials: false,
    methods: p::None,
    allow_headers: p::HeaderNames::List(p::Cow::Borrowed(&[])),
    expose_headers: p::HeaderNames::List(p::Cow::Borrowed(&[])),
    expose_value: p::None,
    max_age: p::None,
    max_age_value: p::None,
    private_network: false,
});

#[cors(policy = HAND_MADE)]
async fn handler() {}

fn main() {}
