//! Cross-field checks: a policy as written (`PolicySpec`) becomes a `CheckedPolicy`, or every
//! problem in it is reported at once. The checks of one field live beside it (`origin_list.rs`,
//! `name_list.rs`); this file runs them and the checks that span fields.

use crate::isolation::{check_isolation, Callers, CheckedIsolation};
use crate::name_list::{check_methods, check_names, List};
use crate::origin::OriginSpec;
use crate::origin_list::check_origins;
use crate::problem::{problem, Problem, Site};

/// Browsers cap a preflight's cache lifetime (Firefox at 86400 s, Chromium at 7200 s, WebKit at
/// 600 s); a larger value is never honoured and suggests a unit mistake.
pub const MAX_AGE_LIMIT: u64 = 86400;

pub use crate::problem::DANGEROUSLY_ALLOW_INSECURE_ORIGINS;
pub use crate::spec::{Names, PolicySpec};

/// A policy that passed every check, normalized for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckedPolicy<'a> {
    /// `"*"` was listed.
    pub any_origin: bool,
    /// The exact origins, sorted bytewise, deduplicated.
    pub exact_origins: Vec<&'a str>,
    /// The patterns, sorted by (host, scheme, port).
    pub origin_patterns: Vec<OriginSpec<'a>>,
    /// Every origin entry as written, in order.
    pub origins_as_written: Vec<&'a str>,
    /// Whether credentialed requests are allowed.
    pub credentials: bool,
    /// Allowed methods as written (`None`: the routed methods; `["*"]`: any).
    pub methods: Option<Vec<&'a str>>,
    /// Allowed request headers.
    pub allow_headers: Names,
    /// Exposed response headers.
    pub expose_headers: Names,
    /// Preflight cache lifetime in seconds.
    pub max_age: Option<u32>,
    /// Whether private network access is granted.
    pub private_network: bool,
    /// The cross-origin isolation headers.
    pub isolation: CheckedIsolation<'a>,
}

/// Checks a whole policy. On failure, returns every problem found, in the order of the fields.
pub fn check_policy<'a>(spec: &PolicySpec<'a>) -> Result<CheckedPolicy<'a>, Vec<Problem>> {
    let mut problems = Vec::new();

    let origins = check_origins(spec, &mut problems);
    let methods = check_methods(spec, &mut problems);
    let allow_headers = check_names(spec, List::Headers, &mut problems);
    let expose_headers = check_names(spec, List::Expose, &mut problems);

    let max_age = match spec.max_age {
        Some(secs) if secs > MAX_AGE_LIMIT => {
            problems.push(problem(
                Site::MaxAge,
                None,
                format!("max_age {secs} is above {MAX_AGE_LIMIT} seconds (one day), which no browser honours"),
                format!(
                    "use at most {MAX_AGE_LIMIT}; Chromium caps at 7200 and WebKit at 600 anyway"
                ),
            ));
            None
        }
        // At most 86400 here, so it fits.
        Some(secs) => u32::try_from(secs).ok(),
        None => None,
    };

    if spec.private_network {
        if let Some(star) = origins.star {
            problems.push(problem(
                Site::PrivateNetwork,
                Some(Site::Origin(star)),
                "`private_network` with `\"*\"` origins lets any website on the internet reach \
                 this private-network server"
                    .to_owned(),
                "list the origins that may reach the private network, or remove `private_network`"
                    .to_owned(),
            ));
        }
    }

    let isolation = check_isolation(&spec.isolation, Callers::of(&spec.origins, false))
        .unwrap_or_else(|found| {
            problems.extend(found);
            CheckedIsolation::default()
        });

    if !problems.is_empty() {
        return Err(problems);
    }
    let mut exact_origins = origins.exact;
    exact_origins.sort_unstable();
    exact_origins.dedup();
    let mut origin_patterns = origins.patterns;
    origin_patterns.sort_by(|a, b| (a.host, a.scheme, a.port).cmp(&(b.host, b.scheme, b.port)));
    origin_patterns.dedup();
    Ok(CheckedPolicy {
        any_origin: origins.star.is_some(),
        exact_origins,
        origin_patterns,
        origins_as_written: spec.origins.clone(),
        credentials: spec.credentials,
        methods,
        allow_headers,
        expose_headers,
        max_age,
        private_network: spec.private_network,
        isolation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::Port;

    fn base() -> PolicySpec<'static> {
        PolicySpec {
            origins: vec!["https://app.example.com"],
            ..PolicySpec::default()
        }
    }

    /// (description, policy, expected problems as (site, related, piece of the message)).
    #[allow(clippy::type_complexity)]
    fn rejected() -> Vec<(
        &'static str,
        PolicySpec<'static>,
        Vec<(Site, Option<Site>, &'static str)>,
    )> {
        use Site::*;
        vec![
            (
                "no origins",
                PolicySpec::default(),
                vec![(Origins, None, "no origins")],
            ),
            (
                "star with credentials",
                PolicySpec {
                    origins: vec!["*"],
                    credentials: true,
                    ..base()
                },
                vec![(Origin(0), Some(Credentials), "`credentials`")],
            ),
            (
                "star mixed with others",
                PolicySpec {
                    origins: vec!["https://a.example", "*"],
                    ..base()
                },
                vec![(Origin(1), None, "together with other origins")],
            ),
            (
                "bad origin syntax, at its index",
                PolicySpec {
                    origins: vec!["https://a.example", "https://b.example/"],
                    ..base()
                },
                vec![(Origin(1), None, "trailing `/`")],
            ),
            (
                "duplicate origin",
                PolicySpec {
                    origins: vec!["https://a.example", "https://a.example"],
                    ..base()
                },
                vec![(Origin(1), Some(Origin(0)), "listed twice")],
            ),
            (
                "http with credentials",
                PolicySpec {
                    origins: vec!["http://app.example.com"],
                    credentials: true,
                    ..base()
                },
                vec![(Origin(0), Some(Credentials), "not https")],
            ),
            (
                "http pattern with credentials",
                PolicySpec {
                    origins: vec!["http://*.example.com:*"],
                    credentials: true,
                    ..base()
                },
                vec![(Origin(0), Some(Credentials), "not https")],
            ),
            (
                "public suffix pattern with credentials",
                PolicySpec {
                    origins: vec!["https://*.com", "https://*.co.uk", "https://*.github.io"],
                    credentials: true,
                    ..base()
                },
                vec![
                    (Origin(0), Some(Credentials), "public suffix `com`"),
                    (Origin(1), Some(Credentials), "public suffix `co.uk`"),
                    (Origin(2), Some(Credentials), "public suffix `github.io`"),
                ],
            ),
            (
                "pattern over a wildcard rule of the list (every child is a suffix)",
                PolicySpec {
                    origins: vec![
                        "https://*.sch.uk",
                        "https://*.example.sch.uk",
                        "http://a.example",
                    ],
                    credentials: true,
                    ..base()
                },
                vec![
                    (Origin(0), Some(Credentials), "public suffix `sch.uk`"),
                    (
                        Origin(1),
                        Some(Credentials),
                        "public suffix `example.sch.uk`",
                    ),
                    (Origin(2), Some(Credentials), "not https"),
                ],
            ),
            (
                "unknown single-label suffix with credentials",
                PolicySpec {
                    origins: vec!["https://*.internal"],
                    credentials: true,
                    ..base()
                },
                vec![(Origin(0), Some(Credentials), "public suffix `internal`")],
            ),
            (
                "opt-out without credentials",
                PolicySpec {
                    origins: vec!["http://a.example"],
                    dangerously_allow_insecure_origins: true,
                    ..base()
                },
                vec![(DangerouslyAllowInsecureOrigins, None, "not needed")],
            ),
            (
                "opt-out with only secure origins",
                PolicySpec {
                    origins: vec!["https://a.example", "http://localhost:3000"],
                    credentials: true,
                    dangerously_allow_insecure_origins: true,
                    ..base()
                },
                vec![(DangerouslyAllowInsecureOrigins, None, "not needed")],
            ),
            (
                "empty methods",
                PolicySpec {
                    methods: Some(vec![]),
                    ..base()
                },
                vec![(Methods, None, "empty")],
            ),
            (
                "bad methods",
                PolicySpec {
                    methods: Some(vec!["GET", "get", "CONNECT", "GET", "G T"]),
                    ..base()
                },
                vec![
                    (Method(1), None, "not uppercase"),
                    (Method(2), None, "forbidden"),
                    (Method(3), Some(Method(0)), "listed twice"),
                    (Method(4), None, "not a valid method"),
                ],
            ),
            (
                "star method with credentials",
                PolicySpec {
                    methods: Some(vec!["*"]),
                    credentials: true,
                    ..base()
                },
                vec![(Method(0), Some(Credentials), "`credentials`")],
            ),
            (
                "star method mixed",
                PolicySpec {
                    methods: Some(vec!["GET", "*"]),
                    ..base()
                },
                vec![(Method(1), None, "together with other entries")],
            ),
            (
                "bad headers",
                PolicySpec {
                    headers: vec![
                        "content-type",
                        "Cookie",
                        "Content-Type",
                        "sec-foo",
                        "access-control-allow-origin",
                        "a b",
                    ],
                    ..base()
                },
                vec![
                    (Header(1), None, "forbidden"),
                    (Header(2), Some(Header(0)), "listed twice"),
                    (Header(3), None, "forbidden"),
                    (Header(4), None, "CORS protocol"),
                    (Header(5), None, "not a valid header"),
                ],
            ),
            (
                "star headers with credentials",
                PolicySpec {
                    headers: vec!["*"],
                    credentials: true,
                    ..base()
                },
                vec![(Header(0), Some(Credentials), "`credentials`")],
            ),
            (
                "star headers mixed",
                PolicySpec {
                    headers: vec!["*", "x-foo"],
                    ..base()
                },
                vec![(Header(0), None, "together with other entries")],
            ),
            (
                "star headers mixed, authorization too",
                PolicySpec {
                    headers: vec!["Authorization", "*", "x-foo"],
                    ..base()
                },
                vec![(Header(1), None, "together with other entries")],
            ),
            (
                "star and authorization headers with credentials",
                PolicySpec {
                    headers: vec!["*", "authorization"],
                    credentials: true,
                    ..base()
                },
                vec![(Header(0), Some(Credentials), "`credentials`")],
            ),
            (
                "bad expose",
                PolicySpec {
                    expose: vec!["x-id", "set-cookie", "X-ID", "Set-Cookie2"],
                    ..base()
                },
                vec![
                    (Exposed(1), None, "never be exposed"),
                    (Exposed(2), Some(Exposed(0)), "listed twice"),
                    (Exposed(3), None, "never be exposed"),
                ],
            ),
            (
                "star expose with credentials",
                PolicySpec {
                    expose: vec!["*"],
                    credentials: true,
                    ..base()
                },
                vec![(Exposed(0), Some(Credentials), "`credentials`")],
            ),
            (
                "max age too large",
                PolicySpec {
                    max_age: Some(86401),
                    ..base()
                },
                vec![(MaxAge, None, "above 86400")],
            ),
            (
                "private network with star",
                PolicySpec {
                    origins: vec!["*"],
                    private_network: true,
                    ..base()
                },
                vec![(PrivateNetwork, Some(Origin(0)), "private_network")],
            ),
            (
                "private network with public-suffix patterns and plain http",
                PolicySpec::new(vec![
                    "https://*.com",
                    "https://*.github.io",
                    "http://intranet.example",
                    "http://localhost:3000",
                ])
                .private_network(true),
                vec![
                    (Origin(0), Some(PrivateNetwork), "public suffix `com`"),
                    (Origin(1), Some(PrivateNetwork), "public suffix `github.io`"),
                    (Origin(2), Some(PrivateNetwork), "secure contexts"),
                ],
            ),
            (
                "every problem at once",
                PolicySpec {
                    origins: vec!["*", "https://a.example/"],
                    credentials: true,
                    methods: Some(vec!["get"]),
                    headers: vec!["cookie"],
                    expose: vec!["*"],
                    max_age: Some(1_000_000),
                    private_network: true,
                    dangerously_allow_insecure_origins: false,
                    isolation: Default::default(),
                },
                vec![
                    (Origin(0), None, "together with other origins"),
                    (Origin(0), Some(Credentials), "`credentials`"),
                    (Origin(1), None, "trailing `/`"),
                    (Method(0), None, "not uppercase"),
                    (Header(0), None, "forbidden"),
                    (Exposed(0), Some(Credentials), "`credentials`"),
                    (MaxAge, None, "above 86400"),
                    (PrivateNetwork, Some(Origin(0)), "private_network"),
                ],
            ),
        ]
    }

    #[test]
    fn rejects_with_every_problem() {
        for (name, spec, expected) in rejected() {
            let problems = check_policy(&spec).expect_err(name);
            let got: Vec<(Site, Option<Site>)> =
                problems.iter().map(|p| (p.site, p.related)).collect();
            let want: Vec<(Site, Option<Site>)> = expected.iter().map(|e| (e.0, e.1)).collect();
            assert_eq!(got, want, "{name}: {problems:#?}");
            for (p, (_, _, piece)) in problems.iter().zip(&expected) {
                assert!(
                    p.message.contains(piece),
                    "{name}: {:?} lacks {piece:?}",
                    p.message
                );
                assert!(
                    p.help.as_deref().is_some_and(|h| !h.is_empty()),
                    "{name}: no help"
                );
            }
        }
    }

    /// A syntax fix shown in a help passes the checks that depend on the other keys too.
    #[test]
    fn fixes_fit_the_policy() {
        let spec = PolicySpec::new(vec!["HTTP://intranet.example"]).private_network(true);
        let problems = check_policy(&spec).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        let help = problems[0].help.as_deref().unwrap();
        assert!(help.contains("\"https://intranet.example\""), "{help}");

        let spec = PolicySpec::new(vec!["HTTPS://*.COM"]).credentials(true);
        let problems = check_policy(&spec).unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(problems.len(), 3, "{messages:#?}");
        assert!(messages[2].contains("public suffix `com`"), "{messages:#?}");
        // `https://*.com` would fail with credentials, so no help offers it.
        for p in &problems[..2] {
            let help = p.help.as_deref().unwrap();
            assert!(!help.contains("\"https://*.com\""), "{help}");
        }
    }

    #[test]
    fn accepts() {
        let table: Vec<PolicySpec<'static>> = vec![
            base(),
            PolicySpec {
                origins: vec!["*"],
                ..base()
            },
            PolicySpec {
                origins: vec!["*"],
                headers: vec!["*"],
                expose: vec!["*"],
                methods: Some(vec!["*"]),
                ..base()
            },
            PolicySpec {
                origins: vec!["https://*.example.com"],
                credentials: true,
                ..base()
            },
            PolicySpec {
                origins: vec!["https://*.com"],
                ..base()
            },
            PolicySpec {
                origins: vec![
                    "http://localhost:3000",
                    "http://*.localhost:*",
                    "http://127.0.0.1:8080",
                    "http://[::1]:*",
                ],
                credentials: true,
                ..base()
            },
            PolicySpec {
                origins: vec!["http://app.example.com"],
                credentials: true,
                dangerously_allow_insecure_origins: true,
                ..base()
            },
            PolicySpec {
                origins: vec!["https://a.example"],
                private_network: true,
                credentials: true,
                ..base()
            },
            PolicySpec {
                max_age: Some(86400),
                ..base()
            },
            PolicySpec {
                max_age: Some(0),
                ..base()
            },
            PolicySpec {
                methods: Some(vec!["GET", "PATCH", "PROPFIND", "purge", "OPTIONS"]),
                ..base()
            },
            PolicySpec {
                headers: vec!["authorization", "content-type", "x-csrf-token"],
                credentials: true,
                ..base()
            },
        ];
        for spec in table {
            if let Err(problems) = check_policy(&spec) {
                panic!("{spec:?}: {problems:#?}");
            }
        }
    }

    #[test]
    fn normalizes() {
        let spec = PolicySpec {
            origins: vec![
                "https://b.example",
                "https://*.example.com:*",
                "https://a.example",
                "http://localhost:*",
                "https://*.example.com",
            ],
            credentials: true,
            methods: Some(vec!["PUT", "GET"]),
            headers: vec!["X-B", "content-type", "x-a"],
            expose: vec!["X-Request-Id", "etag"],
            max_age: Some(600),
            ..PolicySpec::default()
        };
        let checked = check_policy(&spec).unwrap();
        assert!(!checked.any_origin);
        assert_eq!(
            checked.exact_origins,
            ["https://a.example", "https://b.example"]
        );
        let patterns: Vec<_> = checked
            .origin_patterns
            .iter()
            .map(|p| (p.scheme, p.host, p.subdomains, p.port))
            .collect();
        assert_eq!(
            patterns,
            [
                ("https", "example.com", true, Port::Default),
                ("https", "example.com", true, Port::Any),
                ("http", "localhost", false, Port::Any),
            ]
        );
        assert_eq!(checked.origins_as_written, spec.origins);
        assert_eq!(checked.methods, Some(vec!["PUT", "GET"]));
        assert_eq!(
            checked.allow_headers,
            Names::List(vec!["content-type".into(), "x-a".into(), "x-b".into()])
        );
        assert_eq!(
            checked.expose_headers.header_value().as_deref(),
            Some("etag,x-request-id")
        );
        assert_eq!(checked.max_age, Some(600));
        assert_eq!(Names::List(vec![]).header_value(), None);
        assert_eq!(Names::Any.header_value().as_deref(), Some("*"));
    }
}
