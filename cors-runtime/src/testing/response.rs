//! What a page can read of a response that passed the CORS check: the CORS-filtered response
//! (Fetch standard), whose headers are the safelisted ones and those the server exposed.

use axum::body::Bytes;
use http::{HeaderMap, StatusCode};

use super::cors_check::combined;

/// Response headers every page can read without `Access-Control-Expose-Headers`.
const SAFELISTED: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// A response the page's `fetch()` resolved with: the status and body as sent, the headers as
/// `response.headers` shows them (the CORS-safelisted ones and those named by
/// `Access-Control-Expose-Headers`; never `Set-Cookie`).
#[derive(Debug, Clone)]
pub struct Response {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) preflighted: bool,
    pub(super) redirected: bool,
}

impl Response {
    /// The status code (`response.status`).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers the page can read (`response.headers`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body (`response.arrayBuffer()`).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (`response.text()`: invalid UTF-8 becomes U+FFFD).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Whether the browser sent a preflight before the request (or before any of its redirects).
    pub fn preflighted(&self) -> bool {
        self.preflighted
    }

    /// Whether the response came after following a redirect (`response.redirected`).
    pub fn redirected(&self) -> bool {
        self.redirected
    }
}

/// The headers of `headers` a page may read after a CORS request with or without credentials.
pub(super) fn cors_filtered(headers: &HeaderMap, credentials: bool) -> HeaderMap {
    let exposed = exposed_names(headers);
    let all = !credentials && exposed.iter().any(|n| n == "*");
    let mut filtered = HeaderMap::new();
    for (name, value) in headers {
        let name_str = name.as_str();
        if cors_rules::header::is_forbidden_response_header(name_str) {
            continue;
        }
        if all
            || SAFELISTED.contains(&name_str)
            || exposed.iter().any(|e| e.eq_ignore_ascii_case(name_str))
        {
            filtered.append(name.clone(), value.clone());
        }
    }
    filtered
}

/// `Access-Control-Expose-Headers` as a list of names; nothing when it does not parse.
fn exposed_names(headers: &HeaderMap) -> Vec<String> {
    let Some(value) = combined(headers, &http::header::ACCESS_CONTROL_EXPOSE_HEADERS) else {
        return Vec::new();
    };
    let names: Vec<String> = value
        .split(',')
        .map(|e| e.trim_matches([' ', '\t']))
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect();
    if names.iter().all(|n| cors_rules::token::is_token(n)) {
        names
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(lines: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in lines {
            h.append(
                http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    const BASE: [(&str, &str); 5] = [
        ("content-type", "application/json"),
        ("x-a", "1"),
        ("x-b", "2"),
        ("set-cookie", "s=1"),
        ("access-control-allow-origin", "*"),
    ];

    #[test]
    fn only_safelisted_and_exposed_headers_are_readable() {
        let mut lines = BASE.to_vec();
        lines.push(("access-control-expose-headers", "X-A, set-cookie"));
        let f = cors_filtered(&headers(&lines), false);
        assert_eq!(f["content-type"], "application/json");
        assert_eq!(f["x-a"], "1");
        assert!(!f.contains_key("x-b"));
        assert!(
            !f.contains_key("set-cookie"),
            "Set-Cookie is never readable"
        );
        assert!(!f.contains_key("access-control-allow-origin"));
    }

    #[test]
    fn star_exposes_everything_but_set_cookie_without_credentials_only() {
        let mut lines = BASE.to_vec();
        lines.push(("access-control-expose-headers", "*"));
        let f = cors_filtered(&headers(&lines), false);
        assert!(f.contains_key("x-a") && f.contains_key("x-b"));
        assert!(!f.contains_key("set-cookie"));
        let f = cors_filtered(&headers(&lines), true);
        assert!(!f.contains_key("x-a") && !f.contains_key("x-b"));
    }

    #[test]
    fn unparsable_expose_list_exposes_nothing() {
        let mut lines = BASE.to_vec();
        lines.push(("access-control-expose-headers", "x-a, x b"));
        let f = cors_filtered(&headers(&lines), false);
        assert!(!f.contains_key("x-a"));
        assert!(f.contains_key("content-type"));
    }
}
