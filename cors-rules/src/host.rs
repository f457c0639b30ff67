//! The host of an origin: a domain, an IPv4 address or a bracketed IPv6 address, each written
//! exactly as browsers serialize it (lowercase, punycode, canonical address forms).

use std::fmt::Write as _;
use std::net::Ipv6Addr;

use crate::problem::Analysis;
use crate::punycode;

/// Checks the host of the origin `s` (after any `*.`), recording each fault in `a`. Returns the
/// host as browsers would send it when every fault has a fix.
pub(crate) fn check_host(
    s: &str,
    host: &str,
    subdomains: bool,
    a: &mut Analysis,
) -> Option<String> {
    if host.is_empty() {
        a.unfixable(
            format!("origin `{s}` has no host"),
            "write a host, such as \"https://app.example.com\"",
        );
        return None;
    }
    if host.starts_with('[') {
        if subdomains {
            ip_pattern(s, a);
            return None;
        }
        return check_ipv6(s, host, a);
    }
    if host.contains('*') {
        a.unfixable(
            format!("origin `{s}` has a `*` that is not a leading `*.` label"),
            "the only wildcards are a leading `*.` label for subdomains \
             (\"https://*.example.com\") and `:*` for any port",
        );
        return None;
    }
    if !host.is_ascii() {
        a.unfixable(
            format!("origin `{s}` has a non-ASCII host; browsers send it in punycode"),
            "write the punycode (`xn--`) form of the host, as shown by `new URL(...).origin` in \
             a browser",
        );
        return None;
    }
    let mut host = host.to_owned();
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        a.fixable(
            format!("origin `{s}` has an uppercase host; browsers send it lowercase"),
            "write {fix}",
            "write the host in lowercase",
        );
        host.make_ascii_lowercase();
    }
    if let Some(bad) = host
        .bytes()
        .find(|b| !matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.'))
    {
        a.unfixable(
            format!(
                "origin `{s}` has an invalid character `{}` in its host",
                bad as char
            ),
            "a host is made of letters, digits, `-`, `_` and `.`",
        );
        return None;
    }
    if host.split('.').any(str::is_empty) {
        a.fixable(
            format!(
                "origin `{s}` has an empty label in its host (a leading, trailing or double `.`)"
            ),
            "write {fix}",
            "remove the extra `.`",
        );
        host = host
            .split('.')
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(".");
        if host.is_empty() {
            return None;
        }
    }
    if host.len() > 253 || host.split('.').any(|l| l.len() > 63) {
        a.unfixable(
            format!("origin `{s}` has a host that is too long"),
            "a host has at most 253 characters and each label at most 63",
        );
    }
    if ends_in_number(&host) {
        if subdomains {
            ip_pattern(s, a);
            return None;
        }
        if parse_ipv4(&host).is_none() {
            a.unfixable(
                format!(
                    "origin `{s}` has a host that browsers read as an IPv4 address but that is not \
                     written as they send it"
                ),
                "write the address as four decimal numbers 0-255 without leading zeros, such as \
                 `192.168.0.1`",
            );
        }
        return Some(host);
    }
    for label in host.split('.') {
        if !punycode::is_valid_label(label) {
            a.unfixable(
                format!("origin `{s}` has an invalid punycode label `{label}`"),
                "an `xn--` label must be the punycode of a lowercase Unicode label; copy the host \
                 from `new URL(...).origin` in a browser",
            );
        }
    }
    Some(host)
}

fn ip_pattern(s: &str, a: &mut Analysis) {
    a.unfixable(
        format!("origin `{s}` is a subdomain pattern on an IP address"),
        "an IP address has no subdomains; list the exact origin instead",
    );
}

fn check_ipv6(s: &str, host: &str, a: &mut Analysis) -> Option<String> {
    let inner = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
    let Some(addr) = inner.and_then(|i| i.parse::<Ipv6Addr>().ok()) else {
        a.unfixable(
            format!("origin `{s}` has an invalid IPv6 address"),
            "write the address in brackets, such as \"http://[::1]:8080\"",
        );
        return None;
    };
    let canonical = serialize_ipv6(&addr);
    if inner != Some(canonical.as_str()) {
        a.fixable(
            format!("origin `{s}` has an IPv6 address not written as browsers send it"),
            format!("write the host as `[{canonical}]`: {{fix}}"),
            format!("write the host as `[{canonical}]`"),
        );
    }
    Some(format!("[{canonical}]"))
}

/// The URL standard parses a host whose last label is a number as an IPv4 address.
fn ends_in_number(host: &str) -> bool {
    let last = host.rsplit('.').next().unwrap_or(host);
    !last.is_empty()
        && (last.bytes().all(|b| b.is_ascii_digit())
            || (last.len() >= 2
                && last[..2].eq_ignore_ascii_case("0x")
                && last[2..].bytes().all(|b| b.is_ascii_hexdigit())))
}

/// A dotted-quad IPv4 address exactly as browsers serialize it: four decimal parts, 0-255, no
/// leading zeros.
pub(crate) fn parse_ipv4(host: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = host.split('.');
    for slot in &mut out {
        let part = parts.next()?;
        let canonical = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'));
        if !canonical {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

/// The URL standard's IPv6 serializer: lowercase hex without leading zeros, the first longest run
/// of two or more zero pieces compressed to `::`, and no embedded IPv4 form.
fn serialize_ipv6(addr: &Ipv6Addr) -> String {
    let pieces = addr.segments();
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < 8 {
        if pieces[i] == 0 {
            let start = i;
            while i < 8 && pieces[i] == 0 {
                i += 1;
            }
            let len = i - start;
            if len >= 2 && !matches!(best, Some((_, l)) if len <= l) {
                best = Some((start, len));
            }
        } else {
            i += 1;
        }
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if let Some((start, len)) = best {
            if i == start {
                out.push_str(if i == 0 { "::" } else { ":" });
                i += len;
                continue;
            }
        }
        let _ = write!(out, "{:x}", pieces[i]);
        if i < 7 {
            out.push(':');
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_serialization() {
        let table = [
            ("::1", "::1"),
            ("::", "::"),
            ("1::", "1::"),
            ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
            ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
            ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
            ("00AB::0001", "ab::1"),
        ];
        for (input, expected) in table {
            let addr: Ipv6Addr = input.parse().unwrap();
            assert_eq!(serialize_ipv6(&addr), expected, "{input}");
        }
    }
}
