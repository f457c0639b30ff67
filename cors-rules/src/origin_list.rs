//! The `origins` list: each entry's syntax (by `origin.rs`), then what depends on other keys:
//! `"*"` alone and never with credentials, credentialed origins secure and not covering a public
//! suffix, private network access only for secure origins of sites someone owns.

use std::collections::HashMap;

use crate::origin::{parse_in, parse_origin, OriginSpec, ParsedOrigin};
use crate::problem::{problem, Problem, Site, DANGEROUSLY_ALLOW_INSECURE_ORIGINS};
use crate::spec::PolicySpec;

pub(crate) struct Origins<'a> {
    pub(crate) star: Option<usize>,
    pub(crate) exact: Vec<&'a str>,
    pub(crate) patterns: Vec<OriginSpec<'a>>,
}

pub(crate) fn check_origins<'a>(spec: &PolicySpec<'a>, problems: &mut Vec<Problem>) -> Origins<'a> {
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
        let secure =
            spec.private_network || (spec.credentials && !spec.dangerously_allow_insecure_origins);
        match parse_in(text, secure) {
            Err(rejected) => {
                // The fix must pass the checks that depend on the other keys too; when it cannot
                // (`HTTPS://*.COM` with credentials), those problems are reported instead of it.
                let mut beyond_syntax = Vec::new();
                if let Some(Ok(ParsedOrigin::Origin(fixed))) = rejected.fix().map(parse_origin) {
                    let fix = rejected.fix().unwrap_or_default();
                    if spec.credentials {
                        let mut unused = false;
                        check_credentialed_origin(
                            spec,
                            i,
                            fix,
                            &fixed,
                            &mut beyond_syntax,
                            &mut unused,
                        );
                    }
                    if spec.private_network {
                        check_private_network_origin(i, fix, &fixed, &mut beyond_syntax);
                    }
                }
                let faults = rejected.into_faults(beyond_syntax.is_empty());
                problems.extend(faults.into_iter().map(|f| Problem::at(Site::Origin(i), f)));
                problems.extend(beyond_syntax);
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
                if spec.private_network {
                    check_private_network_origin(i, text, &origin, problems);
                }
                if origin.is_pattern() {
                    out.patterns.push(origin);
                } else {
                    out.exact.push(text);
                }
            }
        }
    }
    if spec.dangerously_allow_insecure_origins && !needs_opt_out {
        let why = if spec.credentials {
            "every credentialed origin is https or loopback"
        } else {
            "`credentials` is not set"
        };
        problems.push(problem(
            Site::DangerouslyAllowInsecureOrigins,
            None,
            format!("`{DANGEROUSLY_ALLOW_INSECURE_ORIGINS}` is not needed: {why}"),
            format!("remove `{DANGEROUSLY_ALLOW_INSECURE_ORIGINS}`"),
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
        if !spec.dangerously_allow_insecure_origins {
            problems.push(problem(
                Site::Origin(i),
                Some(Site::Credentials),
                format!(
                    "origin `{text}` is not https, yet `credentials` is set: anyone on the \
                     network path could impersonate it and act with the user's cookies"
                ),
                format!(
                    "use an https origin; if you really must, opt out with \
                     `{DANGEROUSLY_ALLOW_INSECURE_ORIGINS}`"
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

/// `private_network` lets public websites reach a server on a private network, so each origin
/// allowed to do so must be one page, served securely.
fn check_private_network_origin(
    i: usize,
    text: &str,
    origin: &OriginSpec<'_>,
    problems: &mut Vec<Problem>,
) {
    if !origin.is_secure() && !origin.is_loopback() {
        problems.push(problem(
            Site::Origin(i),
            Some(Site::PrivateNetwork),
            format!(
                "origin `{text}` is plain `http`, yet `private_network` is set: Chromium sends \
                 private network access preflights only from secure contexts, so a page from \
                 this origin never gets that far"
            ),
            format!(
                "serve the page over https (\"https://{}{}\"), or remove `private_network`",
                if origin.subdomains { "*." } else { "" },
                origin.host
            ),
        ));
    }
    if origin.subdomains && !origin.is_loopback() && is_public_suffix(origin.host) {
        problems.push(problem(
            Site::Origin(i),
            Some(Site::PrivateNetwork),
            format!(
                "origin pattern `{text}` covers the public suffix `{}`, yet `private_network` is \
                 set: anyone can register a site under it and reach this private-network server",
                origin.host
            ),
            "list the origins that may reach the private network, such as \
             \"https://app.example.com\", or remove `private_network`"
                .to_owned(),
        ));
    }
}
