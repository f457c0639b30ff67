//! Origin matching: is the `Origin` a request carries one the policy allows?
//!
//! The request's origin is compared byte for byte with the serialized origins of the policy (a
//! binary search of the sorted `exact` list), then split into scheme, host and port and looked up
//! among the patterns by host: the whole host for port patterns, and the host after each `.` for
//! subdomain patterns. Each probe is a binary search over the patterns sorted by host, or, for a
//! list of [`INDEX_FROM`] or more, one probe of a hash index built on the policy's first lookup, so
//! the cost grows with the number of labels of the request's host and hardly with the policy's
//! size, and nothing is allocated per request. Nothing here tests for a substring, prefix or
//! suffix of the origin, so
//! `https://example.com.evil.net` and `https://evilexample.com` never pass for `example.com`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::lookup_hash::BuildLookupHasher;
use crate::policy::{AllowedOrigins, OriginPattern, Port};
use crate::Policy;

/// From this many exact origins (or patterns) on, a lookup goes through a hash index rather than
/// the binary search, so that a list of 10,000 costs what a list of one does. Below it, the
/// binary search is as fast and needs no second copy of the list.
const INDEX_FROM: usize = 16;

/// The hash index of a long origin list: built once, on the policy's first lookup (a `static`
/// policy cannot hold a hash map), then shared by every request.
#[derive(Debug, Clone)]
pub(crate) struct OriginIndex {
    exact: HashSet<Box<[u8]>, BuildLookupHasher>,
    /// Each host's patterns: their range in the list sorted by host.
    hosts: HashMap<Box<[u8]>, Range<usize>, BuildLookupHasher>,
    /// Whether a pattern names a whole host (`http://localhost:*`), not only subdomains: if none
    /// does, a request's own host need not be probed.
    whole_hosts: bool,
}

impl OriginIndex {
    fn new(exact: &[std::borrow::Cow<'static, str>], patterns: &[OriginPattern]) -> Self {
        let mut hosts: HashMap<Box<[u8]>, Range<usize>, BuildLookupHasher> = HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            hosts
                .entry(p.host.as_bytes().into())
                .and_modify(|r| r.end = i + 1)
                .or_insert(i..i + 1);
        }
        OriginIndex {
            exact: exact.iter().map(|o| o.as_bytes().into()).collect(),
            hosts,
            whole_hosts: patterns.iter().any(|p| !p.subdomains),
        }
    }
}

/// The longest `Origin` value considered at all. A host name has at most 253 bytes; with a scheme,
/// `://` and a port an origin a browser sends stays well below this, so anything longer is hostile
/// and is rejected before any work proportional to its length.
pub const MAX_ORIGIN_LEN: usize = 512;

impl Policy {
    /// Whether this policy allows a request from `origin`, the value of the request's `Origin`
    /// header.
    ///
    /// Exact origins match byte for byte; `https://*.example.com` matches any depth of subdomain
    /// of `example.com` but not `example.com` itself; `http://localhost:*` matches any port and
    /// no port. `null` matches only when the policy lists it. Values longer than
    /// [`MAX_ORIGIN_LEN`] never match. Allocates only once per policy, on the first lookup in a
    /// list of 16 origins or more (its hash index).
    ///
    /// A subdomain pattern matches labels that a browser sends but DNS host-name rules forbid,
    /// such as `-a`, `a-`, `_` or `_dmarc`, and all-digit labels like `123` (the URL standard
    /// reads a host as an IPv4 address only when its *last* label is a number). Such a name can
    /// only resolve through the allowed domain's own DNS, so whoever serves a page at it already
    /// controls part of that zone, the trust `*.example.com` grants; refusing it would protect
    /// nothing, since that party could pick a conforming name instead. Labels must still be
    /// non-empty, lowercase and made of `a-z`, `0-9`, `-` and `_`: anything else is not what a
    /// browser serializes and never matches a pattern.
    pub fn allows_origin(&self, origin: &[u8]) -> bool {
        self.allowed_origins().allows(origin)
    }
}

impl AllowedOrigins<'_> {
    /// The hash index, for a list long enough to need one.
    fn index(&self) -> Option<&OriginIndex> {
        (self.exact.len() >= INDEX_FROM || self.patterns.len() >= INDEX_FROM).then(|| {
            self.index
                .get_or_init(|| OriginIndex::new(self.exact, self.patterns))
        })
    }

    pub(crate) fn allows(&self, origin: &[u8]) -> bool {
        if self.any {
            return true;
        }
        if origin.len() > MAX_ORIGIN_LEN {
            return false;
        }
        let exact = match self.index() {
            Some(index) => index.exact.contains(origin),
            None => self
                .exact
                .binary_search_by(|allowed| allowed.as_bytes().cmp(origin))
                .is_ok(),
        };
        if exact {
            return true;
        }
        if self.patterns.is_empty() && self.origin_fn.is_none() {
            return false;
        }
        let Some(request) = RequestOrigin::parse(origin) else {
            return false;
        };
        if self.pattern_allows(&request) {
            return true;
        }
        match self.origin_fn {
            Some(f) => request.ask(origin, f),
            None => false,
        }
    }

    fn pattern_allows(&self, request: &RequestOrigin<'_>) -> bool {
        // Port patterns (`http://localhost:*`) name the whole host.
        if self.any_pattern_for(request.host, false, request) {
            return true;
        }
        // An IP address has no subdomains: `*.0.0.1` must not match `127.0.0.1`.
        if !request.subdomains_possible {
            return false;
        }
        // Subdomain patterns name what follows a label boundary: for `a.b.example.com`, try
        // `b.example.com`, `example.com` and `com`. The part before each `.` is non-empty because
        // the host has no empty labels (checked by `parse`).
        let host = request.host;
        host.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'.')
            .any(|(dot, _)| self.any_pattern_for(&host[dot + 1..], true, request))
    }

    /// Whether a pattern with exactly this `host` and `subdomains` flag matches the request's
    /// scheme and port.
    fn any_pattern_for(&self, host: &[u8], subdomains: bool, request: &RequestOrigin<'_>) -> bool {
        let patterns: &[OriginPattern] = self.patterns;
        let same_host = match self.index() {
            Some(index) if !subdomains && !index.whole_hosts => return false,
            Some(index) => match index.hosts.get(host) {
                Some(range) => &patterns[range.clone()],
                None => return false,
            },
            None => &patterns[patterns.partition_point(|p| p.host.as_bytes() < host)..],
        };
        same_host
            .iter()
            .take_while(|p| p.host.as_bytes() == host)
            .any(|p| {
                p.subdomains == subdomains
                    && p.scheme.as_bytes() == request.scheme
                    && port_matches(p.port, request.port)
            })
    }
}

fn port_matches(pattern: Port, port: Option<u16>) -> bool {
    match pattern {
        Port::Any => true,
        Port::Default => port.is_none(),
        Port::Exact(p) => port == Some(p),
    }
}

/// A request's origin split into its parts, borrowing the header's bytes.
struct RequestOrigin<'a> {
    scheme: &'a [u8],
    host: &'a [u8],
    port: Option<u16>,
    /// False for IP addresses, which have no subdomains.
    subdomains_possible: bool,
}

impl<'a> RequestOrigin<'a> {
    /// Splits a serialized origin as a browser sends it: lowercase, no default port spelled out,
    /// no leading zero in the port, no empty label. Anything else is not a browser's origin and
    /// cannot match a pattern (it may still have matched an exact origin byte for byte).
    fn parse(origin: &'a [u8]) -> Option<Self> {
        let sep = find(origin, b"://")?;
        let scheme = &origin[..sep];
        let authority = &origin[sep + 3..];
        if !is_scheme(scheme) {
            return None;
        }
        let (host, port) = if authority.first() == Some(&b'[') {
            let close = authority.iter().position(|&b| b == b']')?;
            let host = &authority[..=close];
            if !host[1..close]
                .iter()
                .all(|&b| b.is_ascii_digit() || matches!(b, b'a'..=b'f' | b':' | b'.'))
            {
                return None;
            }
            (host, &authority[close + 1..])
        } else {
            let end = authority
                .iter()
                .position(|&b| b == b':')
                .unwrap_or(authority.len());
            let host = &authority[..end];
            if !is_host_name(host) {
                return None;
            }
            (host, &authority[end..])
        };
        let port = match port {
            [] => None,
            [b':', digits @ ..] => Some(parse_port(digits)?),
            _ => return None,
        };
        let subdomains_possible = host[0] != b'[' && !ends_in_number(host);
        Some(RequestOrigin {
            scheme,
            host,
            port,
            subdomains_possible,
        })
    }
}

impl RequestOrigin<'_> {
    /// Asks an origin function, with the origin only if a browser could have sent it: `parse`
    /// checked the characters and the port; a default port spelled out is refused here too.
    fn ask(&self, origin: &[u8], f: &crate::origin_fn::OriginFn) -> bool {
        let default_port = match self.scheme {
            b"https" => Some(443),
            b"http" => Some(80),
            _ => None,
        };
        if self.port.is_some() && self.port == default_port {
            return false;
        }
        // All ASCII after `parse`, so these never fail.
        let (Ok(serialized), Ok(scheme), Ok(host)) = (
            std::str::from_utf8(origin),
            std::str::from_utf8(self.scheme),
            std::str::from_utf8(self.host),
        ) else {
            return false;
        };
        f.call(&crate::origin_fn::Origin::new(
            serialized, scheme, host, self.port,
        ))
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn is_scheme(s: &[u8]) -> bool {
    matches!(s.first(), Some(b'a'..=b'z'))
        && s.iter()
            .all(|&b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'+' | b'-' | b'.'))
}

/// Lowercase labels of letters, digits, `-` and `_`, none empty.
fn is_host_name(host: &[u8]) -> bool {
    !host.is_empty()
        && host.split(|&b| b == b'.').all(|label| {
            !label.is_empty()
                && label
                    .iter()
                    .all(|&b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_'))
        })
}

/// The URL standard parses a host whose last label is a number as an IPv4 address.
fn ends_in_number(host: &[u8]) -> bool {
    let last = host.rsplit(|&b| b == b'.').next().unwrap_or(host);
    !last.is_empty() && last.iter().all(u8::is_ascii_digit)
}

/// 1 to 65535, decimal, no leading zero: the only way a browser serializes a port.
fn parse_port(digits: &[u8]) -> Option<u16> {
    if digits.is_empty() || digits.len() > 5 || digits[0] == b'0' {
        return None;
    }
    let mut port: u32 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        port = port * 10 + u32::from(d - b'0');
    }
    u16::try_from(port).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::PolicySketch;

    fn policy(origins: &[&'static str]) -> Policy {
        PolicySketch::new(origins).build()
    }

    fn check(policy: &Policy, table: &[(&str, bool)]) {
        for &(origin, expected) in table {
            assert_eq!(
                policy.allows_origin(origin.as_bytes()),
                expected,
                "{origin} against {:?}",
                policy.origins()
            );
        }
    }

    #[test]
    fn attack_origins_are_rejected() {
        let p = policy(&["https://example.com", "https://*.example.com"]);
        check(
            &p,
            &[
                ("https://example.com", true),
                ("https://a.example.com", true),
                ("https://a.b.c.example.com", true),
                ("https://example.com.evil.net", false),
                ("https://evilexample.com", false),
                ("https://example.com_.evil.com", false),
                ("https://evil.com/https://example.com", false),
                ("https://example.com.", false),
                ("https://a.example.com.", false),
                ("https://.example.com", false),
                ("https://a..example.com", false),
                ("https://A.example.com", false),
                ("HTTPS://a.example.com", false),
                ("https://example.com/", false),
                ("https://example.com:443", false),
                ("http://example.com", false),
                ("http://a.example.com", false),
                ("https://a.example.com:8443", false),
                ("https://a.example.com:", false),
                ("https://user@a.example.com", false),
                ("https://xexample.com", false),
                ("https://com", false),
                ("null", false),
                ("", false),
                (" https://example.com", false),
            ],
        );
    }

    #[test]
    fn a_long_list_answers_as_a_short_one() {
        // Past `INDEX_FROM`, lookups go through the hash index: same answers.
        let mut origins: Vec<String> = (0..40).map(|i| format!("https://a{i}.test")).collect();
        origins.extend((0..40).map(|i| format!("https://*.p{i}.test")));
        origins.extend(["https://example.com".into(), "https://*.example.com".into()]);
        origins.push("http://localhost:*".into());
        let leaked: Vec<&'static str> = origins
            .into_iter()
            .map(|o| &*Box::leak(o.into_boxed_str()))
            .collect();
        let long = policy(&leaked);
        assert!(long.parts().exact_origins.len() >= INDEX_FROM);
        assert!(long.parts().origin_patterns.len() >= INDEX_FROM);
        let short = policy(&["https://example.com", "https://*.example.com"]);
        for origin in [
            "https://example.com",
            "https://a.example.com",
            "https://example.com.evil.net",
            "https://evilexample.com",
            "https://a.b.example.com",
            "http://a.example.com",
            "null",
        ] {
            assert_eq!(
                long.allows_origin(origin.as_bytes()),
                short.allows_origin(origin.as_bytes()),
                "{origin}"
            );
        }
        check(
            &long,
            &[
                ("https://a0.test", true),
                ("https://a39.test", true),
                ("https://a40.test", false),
                ("https://x.p7.test", true),
                ("https://p7.test", false),
                ("https://x.p7.test:8443", false),
                ("http://localhost:3000", true),
                ("http://localhost", true),
                ("https://localhost", false),
            ],
        );
    }

    #[test]
    fn dns_forbidden_labels_match_like_any_other() {
        let p = policy(&["https://*.example.com"]);
        check(
            &p,
            &[
                ("https://-a.example.com", true),
                ("https://a-.example.com", true),
                ("https://_.example.com", true),
                ("https://123.example.com", true),
                ("https://1.2.example.com", true),
                ("https://a b.example.com", false),
                ("https://a%2e.example.com", false),
                ("https://\u{e9}.example.com", false),
            ],
        );
    }

    #[test]
    fn subdomain_any_depth_not_apex() {
        let p = policy(&["https://*.example.com"]);
        check(
            &p,
            &[
                ("https://example.com", false),
                ("https://www.example.com", true),
                ("https://x-y_z.deep.er.example.com", true),
                ("https://www.example.co", false),
                ("https://www.example.com.au", false),
            ],
        );
    }

    #[test]
    fn port_patterns() {
        let p = policy(&[
            "http://localhost:*",
            "https://*.dev.test:8443",
            "http://127.0.0.1:*",
            "http://[::1]:*",
            "https://*.any.test:*",
        ]);
        check(
            &p,
            &[
                ("http://localhost", true),
                ("http://localhost:3000", true),
                ("http://localhost:65535", true),
                ("http://localhost:65536", false),
                ("http://localhost:03000", false),
                ("http://localhost:0", false),
                ("http://localhost:abc", false),
                ("http://localhost:80:80", false),
                ("https://localhost:3000", false),
                ("http://a.localhost:3000", false),
                ("http://localhost.evil.com:3000", false),
                ("https://a.dev.test:8443", true),
                ("https://a.dev.test", false),
                ("https://a.dev.test:8444", false),
                ("https://dev.test:8443", false),
                ("http://127.0.0.1:8080", true),
                ("http://127.0.0.1", true),
                ("http://127.0.0.2:8080", false),
                ("http://[::1]:8080", true),
                ("http://[::1]", true),
                ("http://[::2]:8080", false),
                ("http://[::1:8080", false),
                ("https://a.any.test", true),
                ("https://a.b.any.test:1", true),
                ("https://any.test:1", false),
            ],
        );
    }

    #[test]
    fn ip_addresses_have_no_subdomains() {
        // A checker should refuse `*.0.0.1`; the matcher does not rely on it.
        let p = policy(&["http://*.0.0.1"]);
        check(
            &p,
            &[("http://127.0.0.1", false), ("http://a.0.0.1", false)],
        );
    }

    #[test]
    fn scheme_port_combinations_under_one_host() {
        let p = policy(&[
            "http://*.example.com:8080",
            "https://*.example.com",
            "wss://*.example.com:*",
        ]);
        check(
            &p,
            &[
                ("http://a.example.com:8080", true),
                ("http://a.example.com", false),
                ("https://a.example.com", true),
                ("https://a.example.com:8080", false),
                ("wss://a.example.com:1234", true),
                ("ws://a.example.com:1234", false),
            ],
        );
    }

    #[test]
    fn many_exact_origins() {
        let origins: Vec<String> = (0..1000)
            .map(|i| format!("https://app{i}.example.org"))
            .collect();
        let p = PolicySketch::with_owned_origins(&origins).build();
        for o in &origins {
            assert!(p.allows_origin(o.as_bytes()), "{o}");
        }
        check(
            &p,
            &[
                ("https://app1000.example.org", false),
                ("https://app1.example.org.evil", false),
                ("https://app.example.org", false),
            ],
        );
    }

    #[test]
    fn null_only_when_listed() {
        check(&policy(&["https://example.com"]), &[("null", false)]);
        check(&policy(&["null"]), &[("null", true), ("nul", false)]);
    }

    #[test]
    fn any_origin() {
        check(
            &policy(&["*"]),
            &[("https://x.test", true), ("null", true), ("", true)],
        );
    }

    #[test]
    fn oversized_origin_is_rejected() {
        let long = format!("https://{}.example.com", "a".repeat(MAX_ORIGIN_LEN));
        let p = policy(&["https://*.example.com"]);
        assert!(!p.allows_origin(long.as_bytes()));
        let short = format!("https://{}.example.com", "a".repeat(63));
        assert!(p.allows_origin(short.as_bytes()));
    }
}
