//! The request a page makes: `fetch(url, { method, headers, credentials, body })` from a page of
//! some origin, with the normalisation and refusals `fetch()` itself applies before any CORS step.

use axum::body::Bytes;
use http::{HeaderName, HeaderValue, Method};

/// One `fetch()` call from a page of `origin`, in `mode: 'cors'` (the default for a cross-origin
/// `fetch()`).
///
/// Where `fetch()` would throw a `TypeError` before sending anything (a forbidden method, an
/// invalid header, a body on a `GET`), the builder panics instead, saying why: it is a mistake in
/// the test, not a CORS verdict. A forbidden header name (`Cookie`, `Origin`, `Sec-*`, ...), which
/// `fetch()` silently drops, also panics, so a test cannot believe it sent one.
#[derive(Debug, Clone)]
pub struct Fetch {
    pub(super) origin: String,
    pub(super) method: Method,
    pub(super) url: String,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) credentials: bool,
    pub(super) body: Bytes,
}

impl Fetch {
    /// A request from a page whose origin is `origin` (serialized: `https://app.example.com`,
    /// `http://localhost:3000`, or `null` for a sandboxed page) to `url`: a path with optional
    /// query (`/users/7?full=1`), or an absolute URL (`http://127.0.0.1:8080/users/7`), which
    /// then appears as is in error messages.
    ///
    /// `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST` and `PUT` are uppercased, as `fetch()` does;
    /// any other method is sent as written (`patch` stays `patch`).
    ///
    /// # Panics
    /// If `origin` is not a serialized origin (a path, trailing `/` or uppercase letters), `url`
    /// is neither a path nor an absolute `http(s)` URL, or the method is `CONNECT`, `TRACE` or
    /// `TRACK`.
    pub fn new(origin: impl Into<String>, method: Method, url: impl Into<String>) -> Self {
        let origin = origin.into();
        if let Err(why) = check_origin(&origin) {
            panic!(
                "Fetch::new: origin {origin:?} {why}; write it as `https://host[:port]` or `null`"
            );
        }
        let url = url.into();
        if let Err(why) = check_url(&url) {
            panic!("Fetch::new: url {url:?} {why}");
        }
        if cors_rules::method::is_forbidden(method.as_str()) {
            panic!("Fetch::new: fetch() refuses the forbidden method {method}");
        }
        let method = if cors_rules::method::is_normalized_by_fetch(method.as_str()) {
            Method::from_bytes(method.as_str().to_ascii_uppercase().as_bytes())
                .expect("an uppercased standard method is valid")
        } else {
            method
        };
        Fetch {
            origin,
            method,
            url,
            headers: Vec::new(),
            credentials: false,
            body: Bytes::new(),
        }
    }

    /// Sets a request header, as `headers: { name: value }` does. The name is compared in any
    /// case and sent lowercase; the value is trimmed of leading and trailing whitespace; setting a
    /// name twice joins the values with `, `, as `Headers.append` does.
    ///
    /// # Panics
    /// If the name is not a header name, the value contains a NUL, CR or LF byte, or the name is
    /// a forbidden request-header name (`fetch()` would drop it without a word).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            panic!("Fetch::header: {name:?} is not a header name (fetch() throws a TypeError)");
        };
        if cors_rules::header::is_forbidden_request_header(name) {
            panic!(
                "Fetch::header: {name:?} is a forbidden request-header name: a browser never lets \
                 a page set it (fetch() silently drops it)"
            );
        }
        let trimmed = value.trim_matches([' ', '\t', '\n', '\r']);
        let Ok(new) = HeaderValue::from_str(trimmed) else {
            panic!("Fetch::header: the value {value:?} of {name:?} is not a header value (fetch() throws a TypeError)");
        };
        if let Some((_, existing)) = self.headers.iter_mut().find(|(n, _)| *n == header) {
            let mut joined = existing.as_bytes().to_vec();
            joined.extend_from_slice(b", ");
            joined.extend_from_slice(new.as_bytes());
            *existing = HeaderValue::from_bytes(&joined).expect("two valid values joined by `, `");
        } else {
            self.headers.push((header, new));
        }
        self
    }

    /// `credentials: 'include'` (`true`) or the default `'same-origin'` (`false`, which for a
    /// page of another origin means no credentials). The model keeps no cookies: this only
    /// changes what the CORS checks require of the responses.
    pub fn credentials(mut self, include: bool) -> Self {
        self.credentials = include;
        self
    }

    /// The request body, sent as is. No `Content-Type` is added: set one with
    /// [`header`](Fetch::header) (only the three safelisted types avoid a preflight).
    ///
    /// # Panics
    /// On a `GET` or `HEAD` request (fetch() throws a `TypeError`).
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        if self.method == Method::GET || self.method == Method::HEAD {
            panic!(
                "Fetch::body: a {} request cannot have a body (fetch() throws a TypeError)",
                self.method
            );
        }
        self.body = body.into();
        self
    }
}

fn check_origin(origin: &str) -> Result<(), &'static str> {
    if origin == "null" {
        return Ok(());
    }
    let (scheme, rest) = origin.split_once("://").ok_or("has no scheme")?;
    if scheme.is_empty() || rest.is_empty() {
        return Err("has no scheme or host");
    }
    if origin.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err("has uppercase letters (browsers serialize origins lowercase)");
    }
    if rest.contains(['/', '?', '#', '@', ' ']) {
        return Err("is more than an origin (a path, query, credentials or space)");
    }
    Ok(())
}

fn check_url(url: &str) -> Result<(), &'static str> {
    let uri: http::Uri = url.parse().map_err(|_| "is not a URL")?;
    match uri.scheme_str() {
        None if url.starts_with('/') => Ok(()),
        None => Err("must start with `/` or be an absolute http(s) URL"),
        Some("http" | "https") if uri.authority().is_some() => Ok(()),
        Some(_) => Err("must be an http or https URL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_uppercases_only_the_six_standard_methods() {
        let m = |s: &str| {
            Fetch::new(
                "https://a.test",
                Method::from_bytes(s.as_bytes()).unwrap(),
                "/",
            )
            .method
        };
        assert_eq!(m("delete"), Method::DELETE);
        assert_eq!(m("put"), Method::PUT);
        assert_eq!(m("patch").as_str(), "patch");
        assert_eq!(m("PATCH"), Method::PATCH);
    }

    #[test]
    fn headers_lowercase_trimmed_and_joined() {
        let f = Fetch::new("https://a.test", Method::GET, "/")
            .header("X-A", "  1 ")
            .header("x-a", "2")
            .header("Content-Type", "text/plain");
        assert_eq!(f.headers.len(), 2);
        assert_eq!(f.headers[0].0, "x-a");
        assert_eq!(f.headers[0].1, "1, 2");
        assert_eq!(f.headers[1].0, "content-type");
    }

    #[test]
    #[should_panic(expected = "forbidden request-header name")]
    fn forbidden_header_panics() {
        let _ = Fetch::new("https://a.test", Method::GET, "/").header("Cookie", "a=b");
    }

    #[test]
    #[should_panic(expected = "is more than an origin")]
    fn origin_with_trailing_slash_panics() {
        let _ = Fetch::new("https://a.test/", Method::GET, "/");
    }

    #[test]
    #[should_panic(expected = "forbidden method")]
    fn trace_panics() {
        let _ = Fetch::new("https://a.test", Method::TRACE, "/");
    }

    #[test]
    #[should_panic(expected = "cannot have a body")]
    fn body_on_get_panics() {
        let _ = Fetch::new("https://a.test", Method::GET, "/").body("x");
    }

    #[test]
    fn urls_and_origins_accepted() {
        for url in ["/", "/a?b=c", "http://127.0.0.1:8701/x?y"] {
            assert_eq!(check_url(url), Ok(()), "{url}");
        }
        for url in ["a", "ftp://x/y", ""] {
            assert!(check_url(url).is_err(), "{url}");
        }
        for origin in ["null", "http://localhost:3000", "https://a.b.test"] {
            assert_eq!(check_origin(origin), Ok(()), "{origin}");
        }
        for origin in ["a.test", "https://A.test", "https://a.test/x", "https://"] {
            assert!(check_origin(origin).is_err(), "{origin}");
        }
    }
}
