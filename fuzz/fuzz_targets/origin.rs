//! Origin parsing and matching.
//!
//! First byte 0..=127: the rest is a request's `Origin`, judged by several policies; each answer
//! must equal the independent oracle's. Otherwise: the rest is an origin read from configuration;
//! building a policy from it never panics, and a policy that builds allows its own exact origin.
#![no_main]

use cors_fuzz::origin_allowed;
use cors_runtime::Policy;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const SPECS: &[(&[&str], bool)] = &[
    (&["https://example.com", "https://*.example.com"], true),
    (
        &["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
        true,
    ),
    (
        &[
            "https://*.a.test:8443",
            "https://api.b.test",
            "http://*.c.test:*",
            "https://x.b.test:8080",
        ],
        false,
    ),
    (&["https://*.deep.example.org", "https://example.org"], true),
    (&["*"], false),
];

fn policies() -> &'static [Policy] {
    static POLICIES: OnceLock<Vec<Policy>> = OnceLock::new();
    POLICIES.get_or_init(|| {
        SPECS
            .iter()
            .map(|(origins, credentials)| {
                Policy::builder()
                    .origins(origins.iter().copied())
                    .credentials(*credentials)
                    .build()
                    .expect("the fuzz policies are valid")
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode < 128 {
        for (policy, (spec, _)) in policies().iter().zip(SPECS) {
            let got = policy.allows_origin(rest);
            let want = origin_allowed(spec, rest);
            assert_eq!(
                got,
                want,
                "policy {spec:?}, origin {:?}",
                String::from_utf8_lossy(rest)
            );
        }
    } else {
        let Ok(origin) = std::str::from_utf8(rest) else {
            return;
        };
        let built = Policy::builder().origins([origin]).build();
        if let Ok(policy) = built {
            if !origin.contains('*') {
                assert!(
                    policy.allows_origin(origin.as_bytes()),
                    "configured origin {origin:?} does not match itself"
                );
            }
            // Whatever was accepted, the policy still agrees with the oracle on its own text.
            assert_eq!(
                policy.allows_origin(rest),
                origin_allowed(&[origin], rest),
                "configured {origin:?}"
            );
        }
    }
});
