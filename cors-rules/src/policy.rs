//! Cross-field checks: a policy as written (`PolicySpec`) becomes a `CheckedPolicy`, or every
//! problem in it is reported at once.

use std::collections::HashMap;
use std::fmt;

use crate::header::{check_exposed_header, check_request_header};
use crate::method::check_method;
use crate::origin::{parse_origin, OriginSpec, ParsedOrigin};

/// Browsers cap a preflight's cache lifetime (Firefox at 86400 s, Chromium at 7200 s, WebKit at
/// 600 s); a larger value is never honoured and suggests a unit mistake.
pub const MAX_AGE_LIMIT: u64 = 86400;

/// The key that opts out of the https requirement for credentialed origins, as users write it.
pub const INSECURE_OPT_OUT: &str = "dangerously_allow_insecure_origins";

/// A policy as written by the user (in `#[cors(...)]` or in configuration), not yet checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicySpec<'a> {
    /// Allowed origins: serialized origins, patterns, or `"*"`.
    pub origins: Vec<&'a str>,
    /// Whether credentialed requests are allowed.
    pub credentials: bool,
    /// Allowed methods; `None` means the methods the handler is routed on.
    pub methods: Option<Vec<&'a str>>,
    /// Allowed request headers; `["*"]` means any (except `Authorization`).
    pub headers: Vec<&'a str>,
    /// Exposed response headers; `["*"]` means any.
    pub expose: Vec<&'a str>,
    /// Preflight cache lifetime in seconds.
    pub max_age: Option<u64>,
    /// Whether to grant private network access on preflights that ask for it.
    pub private_network: bool,
    /// The dangerous opt-out: allow non-https, non-loopback origins together with credentials.
    pub allow_insecure_origins: bool,
}

/// Where in a [`PolicySpec`] a problem is: a whole field, or one entry of a list (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Site {
    /// The origin list as a whole.
    Origins,
    /// One entry of `origins`.
    Origin(usize),
    /// The `credentials` flag.
    Credentials,
    /// The method list as a whole.
    Methods,
    /// One entry of `methods`.
    Method(usize),
    /// The allowed request headers as a whole.
    Headers,
    /// One entry of `headers`.
    Header(usize),
    /// The exposed headers as a whole.
    Expose,
    /// One entry of `expose`.
    Exposed(usize),
    /// `max_age`.
    MaxAge,
    /// `private_network`.
    PrivateNetwork,
    /// The insecure-origins opt-out.
    AllowInsecureOrigins,
}

/// One mistake in a policy: where it is, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The offending field or entry.
    pub site: Site,
    /// The other half of a conflict (`credentials` for `"*"` with credentials), or the first
    /// occurrence of a duplicate.
    pub related: Option<Site>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

/// A list of header names after checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// `*`.
    Any,
    /// Lowercase, sorted, deduplicated; may be empty. For allowed request headers it may also be
    /// exactly `["*", "authorization"]`: every header, `authorization` included (`*` alone never
    /// covers it).
    List(Vec<String>),
}

impl Names {
    /// The header value announcing these names: `*`, `a,b`, or `None` when the list is empty.
    pub fn header_value(&self) -> Option<String> {
        match self {
            Names::Any => Some("*".to_owned()),
            Names::List(list) if list.is_empty() => None,
            Names::List(list) => Some(list.join(",")),
        }
    }
}

/// A policy that passed every check, normalized for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

fn problem(site: Site, related: Option<Site>, message: String, help: String) -> Problem {
    Problem {
        site,
        related,
        message,
        help: Some(help),
    }
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
        Some(secs) => Some(secs as u32),
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
    })
}

struct Origins<'a> {
    star: Option<usize>,
    exact: Vec<&'a str>,
    patterns: Vec<OriginSpec<'a>>,
}

fn check_origins<'a>(spec: &PolicySpec<'a>, problems: &mut Vec<Problem>) -> Origins<'a> {
    let mut out = Origins {
        star: None,
        exact: Vec::new(),
        patterns: Vec::new(),
    };
    if spec.origins.is_empty() {
        problems.push(problem(
            Site::Origins,
            None,
            "no origins: the policy would allow no cross-origin request".to_owned(),
            "list at least one origin, such as \"https://app.example.com\"".to_owned(),
        ));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut needs_opt_out = false;
    for (i, &text) in spec.origins.iter().enumerate() {
        if let Some(&first) = seen.get(text) {
            problems.push(problem(
                Site::Origin(i),
                Some(Site::Origin(first)),
                format!("origin `{text}` is listed twice"),
                "remove one of them".to_owned(),
            ));
            continue;
        }
        seen.insert(text, i);
        match parse_origin(text) {
            Err(mut p) => {
                p.site = Site::Origin(i);
                problems.push(p);
            }
            Ok(ParsedOrigin::Any) => {
                out.star = Some(i);
                if spec.origins.len() > 1 {
                    problems.push(problem(
                        Site::Origin(i),
                        None,
                        "`\"*\"` is listed together with other origins".to_owned(),
                        "`\"*\"` alone allows every origin: remove either `\"*\"` or the other \
                         origins"
                            .to_owned(),
                    ));
                }
                if spec.credentials {
                    problems.push(problem(
                        Site::Origin(i),
                        Some(Site::Credentials),
                        "`\"*\"` origins cannot be combined with `credentials`: browsers reject \
                         `Access-Control-Allow-Origin: *` on credentialed requests"
                            .to_owned(),
                        "list the origins allowed to send credentials, or remove `credentials`"
                            .to_owned(),
                    ));
                }
            }
            Ok(ParsedOrigin::Origin(origin)) => {
                if spec.credentials {
                    check_credentialed_origin(spec, i, text, &origin, problems, &mut needs_opt_out);
                }
                if origin.is_pattern() {
                    out.patterns.push(origin);
                } else {
                    out.exact.push(text);
                }
            }
        }
    }
    if spec.allow_insecure_origins && !needs_opt_out {
        let why = if spec.credentials {
            "every credentialed origin is https or loopback"
        } else {
            "`credentials` is not set"
        };
        problems.push(problem(
            Site::AllowInsecureOrigins,
            None,
            format!("`{INSECURE_OPT_OUT}` is not needed: {why}"),
            format!("remove `{INSECURE_OPT_OUT}`"),
        ));
    }
    out
}

fn check_credentialed_origin(
    spec: &PolicySpec<'_>,
    i: usize,
    text: &str,
    origin: &OriginSpec<'_>,
    problems: &mut Vec<Problem>,
    needs_opt_out: &mut bool,
) {
    if !origin.is_secure() && !origin.is_loopback() {
        *needs_opt_out = true;
        if !spec.allow_insecure_origins {
            problems.push(problem(
                Site::Origin(i),
                Some(Site::Credentials),
                format!(
                    "origin `{text}` is not https, yet `credentials` is set: anyone on the \
                     network path could impersonate it and act with the user's cookies"
                ),
                format!(
                    "use an https origin; if you really must, opt out with \
                     `{INSECURE_OPT_OUT}`"
                ),
            ));
        }
    }
    if origin.subdomains && !origin.is_loopback() && is_public_suffix(origin.host) {
        problems.push(problem(
            Site::Origin(i),
            Some(Site::Credentials),
            format!(
                "origin pattern `{text}` covers the public suffix `{}`: anyone can register a \
                 site under it and send credentialed requests",
                origin.host
            ),
            format!(
                "allow the subdomains of a domain you own instead, such as \"{}://*.{}.{}\"",
                origin.scheme,
                // Under a wildcard rule (`*.sch.uk`) `example.<host>` is itself a public suffix.
                if is_public_suffix(&format!("example.{}", origin.host)) {
                    "yours.example"
                } else {
                    "example"
                },
                origin.host
            ),
        ));
    }
}

/// Whether anyone can register names directly under `host` (`com`, `co.uk`, `github.io`), by the
/// public suffix list. A single unknown label also counts, as the list's default rule says.
pub fn is_public_suffix(host: &str) -> bool {
    let whole = |name: &[u8]| psl::suffix(name).is_some_and(|s| s.as_bytes() == name);
    // A wildcard rule of the list (`*.sch.uk`) makes every child of `host` a public suffix too,
    // so `*.sch.uk` would match `evil.x.sch.uk`, registrable by anyone: probe one child.
    whole(host.as_bytes()) || whole(format!("cors-rules-probe.{host}").as_bytes())
}

fn check_methods<'a>(spec: &PolicySpec<'a>, problems: &mut Vec<Problem>) -> Option<Vec<&'a str>> {
    let methods = spec.methods.as_ref()?;
    if methods.is_empty() {
        problems.push(problem(
            Site::Methods,
            None,
            "`methods` is empty: no method would be allowed".to_owned(),
            "list the methods, or remove `methods` to allow the ones the handler is routed on"
                .to_owned(),
        ));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, &method) in methods.iter().enumerate() {
        if let Some(&first) = seen.get(method) {
            problems.push(problem(
                Site::Method(i),
                Some(Site::Method(first)),
                format!("method `{method}` is listed twice"),
                "remove one of them".to_owned(),
            ));
            continue;
        }
        seen.insert(method, i);
        if method == "*" {
            check_star(spec, methods.len(), Site::Method(i), "methods", problems);
        } else if let Err(mut p) = check_method(method) {
            p.site = Site::Method(i);
            problems.push(p);
        }
    }
    Some(methods.clone())
}

#[derive(Clone, Copy)]
enum List {
    Headers,
    Expose,
}

fn check_names(spec: &PolicySpec<'_>, which: List, problems: &mut Vec<Problem>) -> Names {
    let (names, key, site): (&[&str], &str, fn(usize) -> Site) = match which {
        List::Headers => (&spec.headers, "headers", Site::Header),
        List::Expose => (&spec.expose, "expose", Site::Exposed),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut any = false;
    for (i, &name) in names.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        if let Some(&first) = seen.get(&lower) {
            let message = if names[first] == name {
                format!("header `{name}` is listed twice in `{key}`")
            } else {
                format!(
                    "header `{name}` is listed twice in `{key}` (as `{}`; header names ignore case)",
                    names[first]
                )
            };
            problems.push(problem(
                site(i),
                Some(site(first)),
                message,
                "remove one of them".to_owned(),
            ));
            continue;
        }
        seen.insert(lower, i);
        if name == "*" {
            any = true;
            // `authorization` is the one name `*` never covers (Fetch standard), so listing it
            // beside `*` is meaningful; any other name beside `*` is redundant.
            let covered = names.len() - usize::from(authorization_beside_star(which, names));
            check_star(spec, covered, site(i), key, problems);
            continue;
        }
        let checked = match which {
            List::Headers => check_request_header(name),
            List::Expose => check_exposed_header(name),
        };
        if let Err(mut p) = checked {
            p.site = site(i);
            problems.push(p);
        }
    }
    if any && authorization_beside_star(which, names) {
        return Names::List(vec!["*".to_owned(), "authorization".to_owned()]);
    }
    if any {
        return Names::Any;
    }
    let mut list: Vec<String> = seen.into_keys().collect();
    list.sort_unstable();
    Names::List(list)
}

/// Whether `headers` lists `authorization` next to `*`: any header, `authorization` included.
fn authorization_beside_star(which: List, names: &[&str]) -> bool {
    matches!(which, List::Headers)
        && names
            .iter()
            .any(|n| n.eq_ignore_ascii_case("authorization"))
}

fn star_one(key: &str) -> &'static str {
    match key {
        "methods" => "method",
        "headers" => "request header",
        _ => "response header",
    }
}

fn star_noun(key: &str) -> &'static str {
    match key {
        "methods" => "methods",
        "headers" => "allowed header names",
        _ => "exposed header names",
    }
}

/// `*` in `methods`, `headers` or `expose`: alone, and never with credentials, where browsers read
/// it as a literal name rather than a wildcard.
fn check_star(
    spec: &PolicySpec<'_>,
    len: usize,
    site: Site,
    key: &str,
    problems: &mut Vec<Problem>,
) {
    if len > 1 {
        let extra = if key == "headers" {
            " except `authorization`, which may be listed beside it"
        } else {
            ""
        };
        problems.push(problem(
            site,
            None,
            format!("`*` is listed together with other entries in `{key}`"),
            format!(
                "`*` alone allows every {}{extra}: keep either `*` or the list",
                star_one(key)
            ),
        ));
    }
    if spec.credentials {
        problems.push(problem(
            site,
            Some(Site::Credentials),
            format!(
                "`*` in `{key}` cannot be combined with `credentials`: on credentialed requests \
                 browsers read `*` as a literal name, not a wildcard"
            ),
            format!(
                "list the {} explicitly, or remove `credentials`",
                star_noun(key)
            ),
        ));
    }
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
                        "wss://a.example",
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
                    allow_insecure_origins: true,
                    ..base()
                },
                vec![(AllowInsecureOrigins, None, "not needed")],
            ),
            (
                "opt-out with only secure origins",
                PolicySpec {
                    origins: vec!["https://a.example", "http://localhost:3000"],
                    credentials: true,
                    allow_insecure_origins: true,
                    ..base()
                },
                vec![(AllowInsecureOrigins, None, "not needed")],
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
                "every problem at once",
                PolicySpec {
                    origins: vec!["*", "https://a.example/"],
                    credentials: true,
                    methods: Some(vec!["get"]),
                    headers: vec!["cookie"],
                    expose: vec!["*"],
                    max_age: Some(1_000_000),
                    private_network: true,
                    allow_insecure_origins: false,
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
                allow_insecure_origins: true,
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

    #[test]
    fn display() {
        let p = Problem {
            site: Site::MaxAge,
            related: None,
            message: "too large".into(),
            help: Some("use 600".into()),
        };
        assert_eq!(p.to_string(), "too large (help: use 600)");
        assert_eq!(Problem { help: None, ..p }.to_string(), "too large");
    }
}
