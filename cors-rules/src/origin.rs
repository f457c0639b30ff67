//! Origins as a policy lists them: either a serialized origin exactly as browsers send it in the
//! `Origin` header, or a pattern with a leading `*.` label and/or a `:*` port.
//!
//! An origin is accepted only if it is byte for byte what a browser would send, because matching
//! is a byte comparison: `https://App.example.com` or `https://app.example.com/` in a policy would
//! silently never match anything.

use std::fmt::Write as _;
use std::net::Ipv6Addr;

use crate::policy::{Problem, Site};

/// The port part of an origin or pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Port {
    /// No port: the scheme's default port.
    Default,
    /// An explicit, non-default port.
    Exact(u16),
    /// `:*`: any port, including none.
    Any,
}

/// A syntactically valid origin or origin pattern, borrowing from the text it was parsed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OriginSpec<'a> {
    /// Lowercase scheme, without `://`.
    pub scheme: &'a str,
    /// The host as serialized (IPv6 addresses keep their brackets). With `subdomains`, the part
    /// after `*.`.
    pub host: &'a str,
    /// The pattern has a leading `*.` label: any non-empty sequence of labels before `host`.
    pub subdomains: bool,
    /// The port.
    pub port: Port,
}

impl OriginSpec<'_> {
    /// Whether this is a pattern (`*.` or `:*`) rather than one exact origin.
    pub fn is_pattern(&self) -> bool {
        self.subdomains || self.port == Port::Any
    }

    /// Whether every origin this matches is on the local machine: `localhost`, `*.localhost`,
    /// `127.0.0.0/8` or `[::1]`. Browsers treat those as potentially trustworthy even over `http`.
    pub fn is_loopback(&self) -> bool {
        if self.host == "localhost" || self.host.ends_with(".localhost") {
            return true;
        }
        if self.subdomains {
            return false;
        }
        self.host == "[::1]" || parse_ipv4(self.host).is_some_and(|ip| ip[0] == 127)
    }

    /// Whether the scheme encrypts the connection (`https`, or `wss`).
    pub fn is_secure(&self) -> bool {
        // Only https: browsers never send a `wss:` origin, and the rule is "https or loopback".
        self.scheme == "https"
    }
}

/// What one entry of a policy's origin list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParsedOrigin<'a> {
    /// `*`: every origin.
    Any,
    /// An exact origin or a pattern.
    Origin(OriginSpec<'a>),
}

/// The default port of the schemes that have one; an origin never spells it out.
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

fn problem(message: impl Into<String>, help: impl Into<String>) -> Problem {
    // The caller knows which entry of the list this was and replaces the site.
    Problem {
        site: Site::Origins,
        related: None,
        message: message.into(),
        help: Some(help.into()),
    }
}

/// Parses one origin entry (`*`, an origin, or a pattern) as a policy may list it.
///
/// The returned [`Problem`]'s site is [`Site::Origins`]; callers that know the entry's index
/// replace it with [`Site::Origin`].
pub fn parse_origin(s: &str) -> Result<ParsedOrigin<'_>, Problem> {
    if s == "*" {
        return Ok(ParsedOrigin::Any);
    }
    if s.is_empty() {
        return Err(problem(
            "empty origin",
            "write an origin such as \"https://app.example.com\"",
        ));
    }
    if s.bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        let trimmed = s.trim();
        let help = if trimmed != s && !trimmed.bytes().any(|b| b.is_ascii_whitespace()) {
            format!("remove the whitespace: \"{trimmed}\"")
        } else {
            "an origin never contains whitespace or control characters".to_owned()
        };
        return Err(problem(format!("origin `{s}` contains whitespace"), help));
    }
    if s.eq_ignore_ascii_case("null") {
        return Err(problem(
            "the `null` origin cannot be allowed",
            "`null` is sent by sandboxed iframes, `data:` and `file:` pages and after \
             cross-origin redirects, so allowing it allows any of them; list the real origins",
        ));
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err(match s.split_once(':') {
            Some((scheme, _)) if is_opaque_scheme(&scheme.to_ascii_lowercase()) => problem(
                format!("origin `{s}` is an opaque origin"),
                format!(
                    "`{scheme}:` URLs have an opaque origin, which browsers send as `null`; it \
                     cannot be allowed"
                ),
            ),
            Some((scheme, rest))
                if rest.starts_with('/')
                    || default_port(&scheme.to_ascii_lowercase()).is_some() =>
            {
                problem(
                    format!("origin `{s}` lacks the `//` after `{scheme}:`"),
                    format!("write \"{scheme}://{}\"", rest.trim_start_matches('/')),
                )
            }
            // Suggest `https://` in front only when what is there could be a host and port.
            _ if s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._:[]*".contains(&b)) =>
            {
                problem(
                    format!("origin `{s}` has no scheme (`https://`)"),
                    format!("write the scheme too: \"https://{s}\""),
                )
            }
            _ => problem(
                format!("origin `{s}` has no scheme (`https://`)"),
                "write an origin as `scheme://host[:port]`, such as \"https://app.example.com\"",
            ),
        });
    };
    check_scheme(s, scheme)?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if !tail.is_empty() {
        let fixed = format!("{scheme}://{authority}");
        let what = match tail.as_bytes()[0] {
            b'?' => "a query",
            b'#' => "a fragment",
            _ if tail == "/" => "a trailing `/`",
            _ => "a path",
        };
        return Err(problem(
            format!("origin `{s}` has {what}; browsers never send one in `Origin`"),
            format!("write only scheme, host and port: \"{fixed}\""),
        ));
    }
    if authority.contains('@') {
        let fixed = format!(
            "{scheme}://{}",
            &authority[authority.rfind('@').map_or(0, |i| i + 1)..]
        );
        return Err(problem(
            format!("origin `{s}` has user information (`user@`)"),
            format!("an origin has no user information: \"{fixed}\""),
        ));
    }
    let (host, port) = split_port(authority);
    let port = match port {
        None => Port::Default,
        Some(p) => parse_port(s, scheme, host, p)?,
    };
    let (subdomains, host) = match host.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, host),
    };
    check_host(s, scheme, host, subdomains)?;
    Ok(ParsedOrigin::Origin(OriginSpec {
        scheme,
        host,
        subdomains,
        port,
    }))
}

/// Schemes whose URLs have an opaque origin (serialized as `null`) or no origin of their own.
fn is_opaque_scheme(scheme: &str) -> bool {
    matches!(scheme, "file" | "data" | "blob" | "about" | "javascript")
}

fn check_scheme(s: &str, scheme: &str) -> Result<(), Problem> {
    if scheme.is_empty() {
        return Err(problem(
            format!("origin `{s}` has an empty scheme"),
            format!("write the scheme: \"https{s}\""),
        ));
    }
    let lower = scheme.to_ascii_lowercase();
    let valid = lower.as_bytes()[0].is_ascii_lowercase()
        && lower
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'+' | b'-' | b'.'));
    if !valid {
        return Err(problem(
            format!("origin `{s}` has an invalid scheme `{scheme}`"),
            "a scheme is a letter followed by letters, digits, `+`, `-` or `.`, such as `https`",
        ));
    }
    if is_opaque_scheme(&lower) {
        return Err(problem(
            format!("origin `{s}` is an opaque origin"),
            format!(
                "`{lower}:` URLs have an opaque origin, which browsers send as `null`; it cannot \
                 be allowed"
            ),
        ));
    }
    if lower != scheme {
        return Err(problem(
            format!("origin `{s}` has an uppercase scheme; browsers send it lowercase"),
            format!("write \"{}\"", s.replacen(scheme, &lower, 1)),
        ));
    }
    Ok(())
}

/// Splits `host[:port]`, leaving an IPv6 literal's colons alone.
fn split_port(authority: &str) -> (&str, Option<&str>) {
    let search_from = if authority.starts_with('[') || authority.starts_with("*.[") {
        authority.find(']').unwrap_or(authority.len())
    } else {
        0
    };
    match authority[search_from..].find(':') {
        Some(i) => (
            &authority[..search_from + i],
            Some(&authority[search_from + i + 1..]),
        ),
        None => (authority, None),
    }
}

fn parse_port(s: &str, scheme: &str, host: &str, p: &str) -> Result<Port, Problem> {
    let without = format!("{scheme}://{host}");
    if p == "*" {
        return Ok(Port::Any);
    }
    if p.is_empty() {
        return Err(problem(
            format!("origin `{s}` ends with `:` but no port"),
            format!("remove the `:` (\"{without}\") or write a port"),
        ));
    }
    if !p.bytes().all(|b| b.is_ascii_digit()) {
        return Err(problem(
            format!("origin `{s}` has an invalid port `{p}`"),
            "a port is a number from 1 to 65535, or `*` for any port",
        ));
    }
    let value = p.parse::<u32>().ok().filter(|v| (1..=65535).contains(v));
    let Some(value) = value else {
        return Err(problem(
            format!("origin `{s}` has port {p}, outside 1-65535"),
            "a port is a number from 1 to 65535, or `*` for any port",
        ));
    };
    if p.starts_with('0') {
        return Err(problem(
            format!("origin `{s}` has a port with leading zeros; browsers send `{value}`"),
            format!("write \"{without}:{value}\""),
        ));
    }
    // `value` is in 1..=65535, checked above.
    let value = value as u16;
    if default_port(scheme) == Some(value) {
        return Err(problem(
            format!(
                "origin `{s}` spells out the default port of `{scheme}`; browsers omit it, so \
                 it would never match"
            ),
            format!("write \"{without}\""),
        ));
    }
    Ok(Port::Exact(value))
}

fn check_host(s: &str, scheme: &str, host: &str, subdomains: bool) -> Result<(), Problem> {
    if host.is_empty() {
        return Err(problem(
            format!("origin `{s}` has no host"),
            "write a host, such as \"https://app.example.com\"",
        ));
    }
    if host.starts_with('[') {
        if subdomains {
            return Err(ip_pattern(s));
        }
        return check_ipv6(s, host);
    }
    if host.contains('*') {
        return Err(problem(
            format!("origin `{s}` has a `*` that is not a leading `*.` label"),
            "the only wildcards are a leading `*.` label for subdomains \
             (\"https://*.example.com\") and `:*` for any port",
        ));
    }
    if !host.is_ascii() {
        return Err(problem(
            format!("origin `{s}` has a non-ASCII host; browsers send it in punycode"),
            "write the punycode (`xn--`) form of the host, as shown by `new URL(...).origin` in \
             a browser",
        ));
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower = host.to_ascii_lowercase();
        let star = if subdomains { "*." } else { "" };
        return Err(problem(
            format!("origin `{s}` has an uppercase host; browsers send it lowercase"),
            format!(
                "write \"{}\"",
                format_origin(scheme, &format!("{star}{lower}"), s, host)
            ),
        ));
    }
    if let Some(bad) = host
        .bytes()
        .find(|b| !matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.'))
    {
        return Err(problem(
            format!(
                "origin `{s}` has an invalid character `{}` in its host",
                bad as char
            ),
            "a host is made of letters, digits, `-`, `_` and `.`",
        ));
    }
    if host.split('.').any(str::is_empty) {
        let fixed: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
        let star = if subdomains { "*." } else { "" };
        return Err(problem(
            format!(
                "origin `{s}` has an empty label in its host (a leading, trailing or double `.`)"
            ),
            format!(
                "write \"{}\"",
                format_origin(scheme, &format!("{star}{}", fixed.join(".")), s, host)
            ),
        ));
    }
    if host.len() > 253 || host.split('.').any(|l| l.len() > 63) {
        return Err(problem(
            format!("origin `{s}` has a host that is too long"),
            "a host has at most 253 characters and each label at most 63",
        ));
    }
    if ends_in_number(host) {
        if subdomains {
            return Err(ip_pattern(s));
        }
        if parse_ipv4(host).is_none() {
            return Err(problem(
                format!(
                    "origin `{s}` has a host that browsers read as an IPv4 address but that is not \
                     written as they send it"
                ),
                "write the address as four decimal numbers 0-255 without leading zeros, such as \
                 `192.168.0.1`",
            ));
        }
        return Ok(());
    }
    for label in host.split('.') {
        check_label(s, label)?;
    }
    Ok(())
}

/// Rebuilds the origin `s` with `new_host` in place of `host`, for "write this instead" help.
fn format_origin(scheme: &str, new_host: &str, s: &str, host: &str) -> String {
    let after_host = s.rfind(host).map_or("", |i| &s[i + host.len()..]);
    format!("{scheme}://{new_host}{after_host}")
}

fn ip_pattern(s: &str) -> Problem {
    problem(
        format!("origin `{s}` is a subdomain pattern on an IP address"),
        "an IP address has no subdomains; list the exact origin instead",
    )
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
fn parse_ipv4(host: &str) -> Option<[u8; 4]> {
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

fn check_ipv6(s: &str, host: &str) -> Result<(), Problem> {
    let inner = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
    let Some(addr) = inner.and_then(|i| i.parse::<Ipv6Addr>().ok()) else {
        return Err(problem(
            format!("origin `{s}` has an invalid IPv6 address"),
            "write the address in brackets, such as \"http://[::1]:8080\"",
        ));
    };
    let canonical = serialize_ipv6(&addr);
    if inner != Some(canonical.as_str()) {
        return Err(problem(
            format!("origin `{s}` has an IPv6 address not written as browsers send it"),
            format!("write the host as `[{canonical}]`"),
        ));
    }
    Ok(())
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

/// A punycode label (`xn--`) must decode to the Unicode label it stands for, or browsers refuse
/// the URL.
fn check_label(s: &str, label: &str) -> Result<(), Problem> {
    let Some(encoded) = label.strip_prefix("xn--") else {
        return Ok(());
    };
    let decoded = punycode_decode(encoded);
    let valid = decoded.as_ref().is_some_and(|d| {
        !d.is_empty()
            && !d.is_ascii()
            && d.chars()
                .all(|c| !c.is_uppercase() && !c.is_control() && !c.is_whitespace() && c != '.')
    });
    if !valid {
        return Err(problem(
            format!("origin `{s}` has an invalid punycode label `{label}`"),
            "an `xn--` label must be the punycode of a lowercase Unicode label; copy the host \
             from `new URL(...).origin` in a browser",
        ));
    }
    Ok(())
}

/// RFC 3492 decoding; `None` for anything malformed or overflowing.
fn punycode_decode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    fn adapt(mut delta: u32, num_points: u32, first: bool) -> u32 {
        delta /= if first { DAMP } else { 2 };
        delta += delta / num_points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }
    let (basic, extended) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    let mut output: Vec<char> = basic.chars().collect();
    if !basic.is_ascii() {
        return None;
    }
    let mut n: u32 = 0x80;
    let mut i: u32 = 0;
    let mut bias: u32 = 72;
    let mut bytes = extended.bytes().peekable();
    while bytes.peek().is_some() {
        let old_i = i;
        let mut w: u32 = 1;
        let mut k = BASE;
        loop {
            let b = bytes.next()?;
            let digit = match b {
                b'a'..=b'z' => u32::from(b - b'a'),
                b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        let c = char::from_u32(n)?;
        output.insert(usize::try_from(i).ok()?, c);
        i += 1;
    }
    Some(output.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(scheme: &str, host: &str, subdomains: bool, port: Port) -> ParsedOrigin<'static> {
        // Leaked only in tests, to build expected values with a 'static lifetime.
        let scheme: &'static str = Box::leak(scheme.to_owned().into_boxed_str());
        let host: &'static str = Box::leak(host.to_owned().into_boxed_str());
        ParsedOrigin::Origin(OriginSpec {
            scheme,
            host,
            subdomains,
            port,
        })
    }

    #[test]
    fn accepted() {
        let table = [
            ("*", ParsedOrigin::Any),
            (
                "https://example.com",
                spec("https", "example.com", false, Port::Default),
            ),
            (
                "http://localhost:3000",
                spec("http", "localhost", false, Port::Exact(3000)),
            ),
            (
                "https://*.example.com",
                spec("https", "example.com", true, Port::Default),
            ),
            (
                "https://*.a.b.example.com:8443",
                spec("https", "a.b.example.com", true, Port::Exact(8443)),
            ),
            (
                "http://localhost:*",
                spec("http", "localhost", false, Port::Any),
            ),
            (
                "https://*.example.com:*",
                spec("https", "example.com", true, Port::Any),
            ),
            (
                "http://127.0.0.1:8080",
                spec("http", "127.0.0.1", false, Port::Exact(8080)),
            ),
            (
                "http://[::1]:8080",
                spec("http", "[::1]", false, Port::Exact(8080)),
            ),
            (
                "http://[2001:db8::1]",
                spec("http", "[2001:db8::1]", false, Port::Default),
            ),
            (
                "https://xn--bcher-kva.example",
                spec("https", "xn--bcher-kva.example", false, Port::Default),
            ),
            (
                "https://my_host.example.com",
                spec("https", "my_host.example.com", false, Port::Default),
            ),
            (
                "https://example.com:80",
                spec("https", "example.com", false, Port::Exact(80)),
            ),
            (
                "http://example.com:443",
                spec("http", "example.com", false, Port::Exact(443)),
            ),
            (
                "https://example.com:65535",
                spec("https", "example.com", false, Port::Exact(65535)),
            ),
            (
                "chrome-extension://abcdefgh",
                spec("chrome-extension", "abcdefgh", false, Port::Default),
            ),
            (
                "https://0.0.0.0",
                spec("https", "0.0.0.0", false, Port::Default),
            ),
            (
                "https://a1.example",
                spec("https", "a1.example", false, Port::Default),
            ),
        ];
        for (input, expected) in table {
            assert_eq!(parse_origin(input), Ok(expected), "{input}");
        }
    }

    /// Each rejected input with a piece of its message and of its help.
    #[test]
    fn rejected() {
        let table = [
            ("", "empty origin", "https://app.example.com"),
            ("null", "`null` origin", "list the real origins"),
            ("NULL", "`null` origin", "list the real origins"),
            ("file://", "opaque", "`null`"),
            ("file:///home/x", "opaque", "`null`"),
            ("data:text/html,x", "opaque origin", "`null`"),
            (
                "https:/example.com",
                "lacks the `//`",
                "\"https://example.com\"",
            ),
            (
                "https:example.com",
                "lacks the `//`",
                "\"https://example.com\"",
            ),
            ("localhost:3000", "no scheme", "\"https://localhost:3000\""),
            ("*.example.com", "no scheme", "\"https://*.example.com\""),
            ("example.com", "no scheme", "\"https://example.com\""),
            ("://example.com", "empty scheme", "\"https://example.com\""),
            ("1http://example.com", "invalid scheme", "a letter"),
            (
                "HTTPS://example.com",
                "uppercase scheme",
                "\"https://example.com\"",
            ),
            (
                "https://example.com/",
                "trailing `/`",
                "\"https://example.com\"",
            ),
            (
                "https://example.com/api",
                "a path",
                "\"https://example.com\"",
            ),
            (
                "https://example.com?x=1",
                "a query",
                "\"https://example.com\"",
            ),
            (
                "https://example.com#top",
                "a fragment",
                "\"https://example.com\"",
            ),
            (
                "https://user@example.com",
                "user information",
                "\"https://example.com\"",
            ),
            (
                "https://user:pw@example.com",
                "user information",
                "\"https://example.com\"",
            ),
            (
                " https://example.com",
                "whitespace",
                "\"https://example.com\"",
            ),
            (
                "https://example.com ",
                "whitespace",
                "\"https://example.com\"",
            ),
            ("https://exa mple.com", "whitespace", "never contains"),
            (
                "https://example.com\t",
                "whitespace",
                "\"https://example.com\"",
            ),
            (
                "https://Example.com",
                "uppercase host",
                "\"https://example.com\"",
            ),
            (
                "https://*.Example.com:8080",
                "uppercase host",
                "\"https://*.example.com:8080\"",
            ),
            (
                "https://example.com:443",
                "default port",
                "\"https://example.com\"",
            ),
            (
                "http://example.com:80",
                "default port",
                "\"http://example.com\"",
            ),
            (
                "wss://example.com:443",
                "default port",
                "\"wss://example.com\"",
            ),
            ("https://example.com:0", "outside 1-65535", "1 to 65535"),
            ("https://example.com:65536", "outside 1-65535", "1 to 65535"),
            (
                "https://example.com:99999999999",
                "outside 1-65535",
                "1 to 65535",
            ),
            (
                "https://example.com:08080",
                "leading zeros",
                "\"https://example.com:8080\"",
            ),
            ("https://example.com:", "no port", "\"https://example.com\""),
            ("https://example.com:http", "invalid port", "1 to 65535"),
            ("https://example.com:-1", "invalid port", "1 to 65535"),
            ("https://", "no host", "write a host"),
            ("https://:8080", "no host", "write a host"),
            ("https://bücher.example", "non-ASCII", "punycode"),
            (
                "https://example..com",
                "empty label",
                "\"https://example.com\"",
            ),
            (
                "https://example.com.",
                "empty label",
                "\"https://example.com\"",
            ),
            (
                "https://.example.com",
                "empty label",
                "\"https://example.com\"",
            ),
            (
                "https://*..example.com",
                "empty label",
                "\"https://*.example.com\"",
            ),
            (
                "https://exa%mple.com",
                "invalid character `%`",
                "letters, digits",
            ),
            (
                "https://exa!mple.com",
                "invalid character `!`",
                "letters, digits",
            ),
            (
                "https://foo.*.com",
                "not a leading `*.` label",
                "only wildcards",
            ),
            (
                "https://*example.com",
                "not a leading `*.` label",
                "only wildcards",
            ),
            (
                "https://**.example.com",
                "not a leading `*.` label",
                "only wildcards",
            ),
            (
                "https://*.*.example.com",
                "not a leading `*.` label",
                "only wildcards",
            ),
            ("https://*", "not a leading `*.` label", "only wildcards"),
            (
                "https://example.*",
                "not a leading `*.` label",
                "only wildcards",
            ),
            ("https://*.", "no host", "write a host"),
            ("https://*.1.2.3.4", "IP address", "exact origin"),
            ("https://*.[::1]", "IP address", "exact origin"),
            ("https://*.example.1", "IP address", "exact origin"),
            ("https://01.2.3.4", "IPv4", "without leading zeros"),
            ("https://1.2.3", "IPv4", "without leading zeros"),
            ("https://256.1.1.1", "IPv4", "without leading zeros"),
            ("https://0x7f.0.0.1", "IPv4", "without leading zeros"),
            ("https://example.0x10", "IPv4", "without leading zeros"),
            ("http://[::1", "invalid IPv6", "in brackets"),
            ("http://[not-ip]", "invalid IPv6", "in brackets"),
            (
                "http://[0:0:0:0:0:0:0:1]",
                "not written as browsers",
                "`[::1]`",
            ),
            (
                "http://[2001:DB8::1]",
                "not written as browsers",
                "`[2001:db8::1]`",
            ),
            (
                "http://[::ffff:1.2.3.4]",
                "not written as browsers",
                "`[::ffff:102:304]`",
            ),
            ("https://xn--.example", "punycode", "xn--"),
            ("https://xn--abc.example", "punycode", "xn--"),
            ("https://xn--a-.example", "punycode", "xn--"),
            ("https://xn--999999999999.example", "punycode", "xn--"),
            ("//x.com", "no scheme", "scheme://host[:port]"),
            ("x.com:8080", "no scheme", "\"https://x.com:8080\""),
            ("https://a.b--xn.xn--zz.example", "punycode", "xn--"),
            (
                &*format!("https://{}.com", "a".repeat(64)),
                "too long",
                "63",
            ),
        ];
        for (input, message, help) in table {
            match parse_origin(input) {
                Ok(ok) => panic!("{input:?} accepted as {ok:?}"),
                Err(p) => {
                    assert!(
                        p.message.contains(message),
                        "{input:?}: message {:?}",
                        p.message
                    );
                    let h = p.help.as_deref().unwrap_or_default();
                    assert!(h.contains(help), "{input:?}: help {h:?}");
                }
            }
        }
    }

    #[test]
    fn loopback_and_secure() {
        let table = [
            ("http://localhost", true, false),
            ("http://localhost:*", true, false),
            ("http://app.localhost:3000", true, false),
            ("http://*.localhost", true, false),
            ("http://127.0.0.1", true, false),
            ("http://127.1.2.3:9000", true, false),
            ("http://[::1]", true, false),
            ("https://localhost.example.com", false, true),
            ("http://128.0.0.1", false, false),
            ("http://[::2]", false, false),
            ("wss://example.com", false, false),
            ("https://*.example.com", false, true),
        ];
        for (input, loopback, secure) in table {
            let Ok(ParsedOrigin::Origin(spec)) = parse_origin(input) else {
                panic!("{input}")
            };
            assert_eq!(
                (spec.is_loopback(), spec.is_secure()),
                (loopback, secure),
                "{input}"
            );
        }
    }

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

    #[test]
    fn punycode() {
        let table = [
            ("bcher-kva", Some("bücher")),
            ("mnchen-3ya", Some("münchen")),
            ("wgv71a119e", Some("日本語")),
            ("-", Some("")),
            ("zz", None),
            ("99999999999", None),
        ];
        for (input, expected) in table {
            assert_eq!(punycode_decode(input).as_deref(), expected, "{input}");
        }
    }
}
