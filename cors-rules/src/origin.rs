//! Origins as a policy lists them: either a serialized origin exactly as browsers send it in the
//! `Origin` header, or a pattern with a leading `*.` label and/or a `:*` port.
//!
//! An origin is accepted only if it is byte for byte what a browser would send, because matching
//! is a byte comparison: `https://App.example.com` or `https://app.example.com/` in a policy would
//! silently never match anything. Every fault of a string is reported, and when each has a fix,
//! the help shows the one string that fixes them all (and that passes every check itself).

use crate::host::{check_host, parse_ipv4};
use crate::problem::{Analysis, Fault};

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
        is_loopback_host(self.host, self.subdomains)
    }

    /// Whether the scheme encrypts the connection: `https` only, as the rule is "https or
    /// loopback" (a `wss:` origin is rejected before this is asked).
    pub fn is_secure(&self) -> bool {
        self.scheme == "https"
    }
}

fn is_loopback_host(host: &str, subdomains: bool) -> bool {
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    !subdomains && (host == "[::1]" || parse_ipv4(host).is_some_and(|ip| ip[0] == 127))
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

/// Parses one origin entry (`*`, an origin, or a pattern) as a policy may list it, or returns
/// every fault of it.
pub fn parse_origin(s: &str) -> Result<ParsedOrigin<'_>, Vec<Fault>> {
    parse_in(s, false).map_err(|rejected| rejected.into_faults(true))
}

/// An origin string with faults, and the one string that fixes them all when there is one.
pub(crate) struct Rejected {
    analysis: Analysis,
    fix: Option<String>,
}

impl Rejected {
    pub(crate) fn fix(&self) -> Option<&str> {
        self.fix.as_deref()
    }

    /// The faults; with `show_fix`, each fixable one shows the fix.
    pub(crate) fn into_faults(self, show_fix: bool) -> Vec<Fault> {
        let fix = self.fix.filter(|_| show_fix);
        self.analysis.into_faults(fix.as_deref())
    }
}

/// [`parse_origin`] for a policy that needs secure origins (`credentials`, `private_network`):
/// the fix of a faulty non-loopback `http` origin is then `https`, so it passes that check too.
pub(crate) fn parse_in(s: &str, secure: bool) -> Result<ParsedOrigin<'_>, Rejected> {
    if s == "*" {
        return Ok(ParsedOrigin::Any);
    }
    let mut analysis = Analysis::default();
    let fixed = analyse(s, secure, &mut analysis);
    if analysis.is_empty() {
        // No fault: `s` is `scheme://host[:port]` as browsers write it.
        return Ok(ParsedOrigin::Origin(split_clean(s)));
    }
    let fix = fixed
        .filter(|_| analysis.all_fixable())
        .and_then(|fixed| settle(fixed, secure));
    Err(Rejected { analysis, fix })
}

/// The corrected origin, once it passes every check itself: fixing one part can reveal another
/// fault (a `wss:` origin with `:443` becomes `https://...:443`, whose port is now the default).
fn settle(mut candidate: String, secure: bool) -> Option<String> {
    for _ in 0..4 {
        let mut again = Analysis::default();
        let next = analyse(&candidate, secure, &mut again);
        if again.is_empty() {
            return Some(candidate);
        }
        candidate = next.filter(|_| again.all_fixable())?;
    }
    None
}

fn split_clean(s: &str) -> OriginSpec<'_> {
    let (scheme, authority) = s.split_once("://").unwrap_or(("", s));
    let (host, port) = split_port(authority);
    let port = match port {
        None => Port::Default,
        Some("*") => Port::Any,
        Some(p) => p.parse().map_or(Port::Any, Port::Exact),
    };
    let (subdomains, host) = match host.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, host),
    };
    OriginSpec {
        scheme,
        host,
        subdomains,
        port,
    }
}

/// Records every fault of `s` in `a`; returns the origin with each fault fixed, or `None` when
/// a fault leaves nothing to rebuild.
fn analyse(s: &str, secure: bool, a: &mut Analysis) -> Option<String> {
    if s.is_empty() {
        a.unfixable(
            "empty origin".to_owned(),
            "write an origin such as \"https://app.example.com\"",
        );
        return None;
    }
    let blank = |b: u8| b.is_ascii_whitespace() || b.is_ascii_control();
    let mut text = s.to_owned();
    if s.bytes().any(blank) {
        let trimmed = s.trim();
        let message = format!("origin `{s}` contains whitespace");
        if trimmed != s && !trimmed.bytes().any(blank) {
            a.fixable(
                message,
                "remove the whitespace: {fix}",
                "remove the whitespace",
            );
        } else {
            a.unfixable(
                message,
                "an origin never contains whitespace or control characters",
            );
        }
        text = trimmed
            .bytes()
            .filter(|&b| !blank(b))
            .map(char::from)
            .collect();
    }
    if text.eq_ignore_ascii_case("null") {
        a.unfixable(
            "the `null` origin cannot be allowed".to_owned(),
            "`null` is sent by sandboxed iframes, `data:` and `file:` pages and after \
             cross-origin redirects, so allowing it allows any of them; list the real origins",
        );
        return None;
    }
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) => (scheme.to_owned(), rest.to_owned()),
        None => without_authority_marker(s, &text, a)?,
    };
    let scheme = check_scheme(s, &scheme, a)?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if !tail.is_empty() {
        let what = match tail.as_bytes()[0] {
            b'?' => "a query",
            b'#' => "a fragment",
            _ if tail == "/" => "a trailing `/`",
            _ => "a path",
        };
        a.fixable(
            format!("origin `{s}` has {what}; browsers never send one in `Origin`"),
            "write only scheme, host and port: {fix}",
            format!("remove {what}"),
        );
    }
    let authority = match authority.rfind('@') {
        Some(at) => {
            a.fixable(
                format!("origin `{s}` has user information (`user@`)"),
                "an origin has no user information: {fix}",
                "remove the `user@` part",
            );
            &authority[at + 1..]
        }
        None => authority,
    };
    let (host, port) = split_port(authority);
    let port = match port {
        None => Some(String::new()),
        Some(p) => check_port(s, &scheme.written, p, a),
    };
    let (subdomains, host) = match host.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, host),
    };
    let host = check_host(s, host, subdomains, a)?;
    let port = port?;
    let scheme = scheme.fixed(&host, subdomains, secure);
    let star = if subdomains { "*." } else { "" };
    Some(format!("{scheme}://{star}{host}{port}"))
}

/// Text without `://`: an opaque origin, a scheme missing its `//`, or no scheme at all. Returns
/// the scheme and the rest the fix would have.
fn without_authority_marker(s: &str, text: &str, a: &mut Analysis) -> Option<(String, String)> {
    match text.split_once(':') {
        Some((scheme, _)) if is_opaque_scheme(&scheme.to_ascii_lowercase()) => {
            opaque(s, scheme, a);
            None
        }
        Some((scheme, rest))
            if rest.starts_with('/') || default_port(&scheme.to_ascii_lowercase()).is_some() =>
        {
            a.fixable(
                format!("origin `{s}` lacks the `//` after `{scheme}:`"),
                "write {fix}",
                format!("write `{scheme}://`"),
            );
            Some((scheme.to_owned(), rest.trim_start_matches('/').to_owned()))
        }
        // Suggest `https://` in front only when what is there could be a host and port.
        _ if text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:[]*".contains(&b)) =>
        {
            a.fixable(
                format!("origin `{s}` has no scheme (`https://`)"),
                "write the scheme too: {fix}",
                "write the scheme too, such as `https://`",
            );
            Some(("https".to_owned(), text.to_owned()))
        }
        _ => {
            a.unfixable(
                format!("origin `{s}` has no scheme (`https://`)"),
                "write an origin as `scheme://host[:port]`, such as \"https://app.example.com\"",
            );
            None
        }
    }
}

/// Schemes whose URLs have an opaque origin (serialized as `null`) or no origin of their own.
fn is_opaque_scheme(scheme: &str) -> bool {
    matches!(scheme, "file" | "data" | "blob" | "about" | "javascript")
}

fn opaque(s: &str, scheme: &str, a: &mut Analysis) {
    a.unfixable(
        format!("origin `{s}` is an opaque origin"),
        format!(
            "`{}:` URLs have an opaque origin, which browsers send as `null`; it cannot be allowed",
            scheme.to_ascii_lowercase()
        ),
    );
}

/// A scheme after its checks: as written in lowercase (default ports are judged by it) and what
/// the fix writes.
struct Scheme {
    written: String,
    websocket: bool,
}

impl Scheme {
    fn fixed(&self, host: &str, subdomains: bool, secure: bool) -> &str {
        let loopback = is_loopback_host(host, subdomains);
        match (self.websocket, self.written.as_str()) {
            (true, "ws") if loopback && !secure => "http",
            (true, _) => "https",
            (false, "http") if secure && !loopback => "https",
            (false, written) => written,
        }
    }
}

fn check_scheme(s: &str, scheme: &str, a: &mut Analysis) -> Option<Scheme> {
    if scheme.is_empty() {
        a.fixable(
            format!("origin `{s}` has an empty scheme"),
            "write the scheme: {fix}",
            "write the scheme, such as `https`",
        );
        return Some(Scheme {
            written: "https".to_owned(),
            websocket: false,
        });
    }
    let lower = scheme.to_ascii_lowercase();
    let valid = lower.as_bytes()[0].is_ascii_lowercase()
        && lower
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'+' | b'-' | b'.'));
    if !valid {
        a.unfixable(
            format!("origin `{s}` has an invalid scheme `{scheme}`"),
            "a scheme is a letter followed by letters, digits, `+`, `-` or `.`, such as `https`",
        );
    }
    if is_opaque_scheme(&lower) {
        opaque(s, scheme, a);
        return None;
    }
    if lower != scheme {
        a.fixable(
            format!("origin `{s}` has an uppercase scheme; browsers send it lowercase"),
            "write {fix}",
            format!("write the scheme as `{lower}`"),
        );
    }
    let websocket = matches!(lower.as_str(), "ws" | "wss");
    if websocket {
        a.fixable(
            format!(
                "origin `{s}` is a WebSocket URL; a page's origin is never `{lower}:`, so it would \
                 never match"
            ),
            "list the origin of the page that opens the socket: {fix}",
            "list the origin of the page that opens the socket, such as \
             \"https://app.example.com\"",
        );
    }
    Some(Scheme {
        written: lower,
        websocket,
    })
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

/// Checks the port `p` (after the `:`); returns it as the fix writes it (`""`, `:8080`, `:*`).
fn check_port(s: &str, scheme: &str, p: &str, a: &mut Analysis) -> Option<String> {
    if p == "*" {
        return Some(":*".to_owned());
    }
    if p.is_empty() {
        a.fixable(
            format!("origin `{s}` ends with `:` but no port"),
            "remove the `:` ({fix}) or write a port",
            "remove the `:` or write a port",
        );
        return Some(String::new());
    }
    let range = "a port is a number from 1 to 65535, or `*` for any port";
    if !p.bytes().all(|b| b.is_ascii_digit()) {
        a.unfixable(format!("origin `{s}` has an invalid port `{p}`"), range);
        return None;
    }
    let Some(value) = p.parse::<u16>().ok().filter(|&v| v != 0) else {
        a.unfixable(format!("origin `{s}` has port {p}, outside 1-65535"), range);
        return None;
    };
    if p.starts_with('0') {
        a.fixable(
            format!("origin `{s}` has a port with leading zeros; browsers send `{value}`"),
            "write {fix}",
            format!("write the port as `{value}`"),
        );
    }
    if default_port(scheme) == Some(value) {
        a.fixable(
            format!(
                "origin `{s}` spells out the default port of `{scheme}`; browsers omit it, so \
                 it would never match"
            ),
            "write {fix}",
            format!("remove `:{p}`"),
        );
        return Some(String::new());
    }
    Some(format!(":{value}"))
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
                "ftp://example.com:21",
                "default port",
                "\"ftp://example.com\"",
            ),
            (
                "wss://example.com:443",
                "WebSocket",
                "\"https://example.com\"",
            ),
            (
                "ws://localhost:3000",
                "WebSocket",
                "\"http://localhost:3000\"",
            ),
            (
                "ws://app.example.com",
                "WebSocket",
                "\"https://app.example.com\"",
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
                Err(faults) => {
                    let p = &faults[0];
                    assert!(
                        p.message.contains(message),
                        "{input:?}: message {:?}",
                        p.message
                    );
                    let h = &p.help;
                    assert!(h.contains(help), "{input:?}: help {h:?}");
                }
            }
        }
    }

    /// A string with several faults gets all of them, and one fix that passes every check.
    #[test]
    fn every_fault_with_one_fix() {
        let table: [(&str, &[&str], Option<&str>); 6] = [
            (
                "HTTPS://APP.EXAMPLE.COM/",
                &["uppercase scheme", "trailing `/`", "uppercase host"],
                Some("https://app.example.com"),
            ),
            (
                " wss://user@App.example.com:443/x ",
                &[
                    "whitespace",
                    "WebSocket",
                    "a path",
                    "user information",
                    "default port of `wss`",
                    "uppercase host",
                ],
                Some("https://app.example.com"),
            ),
            (
                "ws://Example.com:443",
                &["WebSocket", "uppercase host"],
                Some("https://example.com"),
            ),
            (
                "http://[0:0:0:0:0:0:0:1]:080",
                &["leading zeros", "default port", "not written as browsers"],
                Some("http://[::1]"),
            ),
            (
                "HTTPS://App.example.com:0",
                &["uppercase scheme", "outside 1-65535", "uppercase host"],
                None,
            ),
            (
                "Example.com.:8080",
                &["no scheme", "uppercase host", "empty label"],
                Some("https://example.com:8080"),
            ),
        ];
        for (input, messages, fix) in table {
            let faults = parse_origin(input).expect_err(input);
            let got: Vec<&str> = faults.iter().map(|f| f.message.as_str()).collect();
            assert_eq!(faults.len(), messages.len(), "{input:?}: {got:#?}");
            for (fault, piece) in faults.iter().zip(messages) {
                assert!(fault.message.contains(piece), "{input:?}: {got:#?}");
                match fix {
                    Some(fix) => assert!(
                        fault.help.contains(&format!("\"{fix}\"")),
                        "{input:?}: {:?}",
                        fault.help
                    ),
                    // No fix shown when some fault has none: it would still fail.
                    None => assert!(
                        !fault.help.contains("\"http"),
                        "{input:?}: {:?}",
                        fault.help
                    ),
                }
            }
            if let Some(fix) = fix {
                assert!(parse_origin(fix).is_ok(), "{fix}");
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
            ("chrome-extension://abcdefgh", false, false),
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
}
