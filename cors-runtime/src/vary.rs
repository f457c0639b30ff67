//! `Vary`: telling caches which request headers a response depends on.
//!
//! When a policy's answer depends on the request's `Origin`, a cache that ignored it could serve
//! one origin's `Access-Control-Allow-Origin` to another (or a response without CORS headers to an
//! allowed origin). So `Vary: Origin` goes on every response of such a handler, added to whatever
//! the handler itself varies on.

use http::header::VARY;
use http::{HeaderMap, HeaderValue};

/// `Vary` for a preflight answer, which also depends on the requested method and headers.
pub(crate) fn vary_preflight() -> HeaderValue {
    // Checked at compile time: `from_static` called at run time walks the bytes on every answer.
    const {
        HeaderValue::from_static(
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        )
    }
}

/// Adds `Origin` to the `Vary` of `headers`, keeping every value already there, unless they
/// already name `Origin` (in any case) or `*` (which varies on everything).
///
/// The new value goes on its own `Vary` line: HTTP defines several lines of a list header as one
/// comma-joined list, so the handler's lines are never rewritten.
pub fn append_vary_origin(headers: &mut HeaderMap) {
    let covered = headers.get_all(VARY).iter().any(|value| {
        value
            .as_bytes()
            .split(|&b| b == b',')
            .map(trim_whitespace)
            .any(|name| name == b"*" || name.eq_ignore_ascii_case(b"origin"))
    });
    if !covered {
        headers.append(VARY, const { HeaderValue::from_static("Origin") });
    }
}

fn trim_whitespace(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_without_duplicating() {
        let table: &[(&[&str], &[&str])] = &[
            (&[], &["Origin"]),
            (&["Accept-Encoding"], &["Accept-Encoding", "Origin"]),
            (
                &["Accept-Encoding, Cookie"],
                &["Accept-Encoding, Cookie", "Origin"],
            ),
            (
                &["Accept-Encoding", "Cookie"],
                &["Accept-Encoding", "Cookie", "Origin"],
            ),
            (&["Origin"], &["Origin"]),
            (&["origin"], &["origin"]),
            (&["Accept-Encoding, ORIGIN"], &["Accept-Encoding, ORIGIN"]),
            (
                &["Accept-Encoding,\tOrigin "],
                &["Accept-Encoding,\tOrigin "],
            ),
            (&["Cookie", "Origin"], &["Cookie", "Origin"]),
            (&["*"], &["*"]),
            (&["Origins"], &["Origins", "Origin"]),
            (&["X-Origin"], &["X-Origin", "Origin"]),
            (&[""], &["", "Origin"]),
        ];
        for (before, after) in table {
            let mut headers = HeaderMap::new();
            for v in *before {
                headers.append(VARY, HeaderValue::from_str(v).unwrap());
            }
            append_vary_origin(&mut headers);
            let got: Vec<&str> = headers
                .get_all(VARY)
                .iter()
                .map(|v| v.to_str().unwrap())
                .collect();
            assert_eq!(&got, after, "{before:?}");
            // Idempotent: a second decoration (e.g. nested routers) adds nothing.
            append_vary_origin(&mut headers);
            assert_eq!(
                headers.get_all(VARY).iter().count(),
                after.len(),
                "{before:?} twice"
            );
        }
    }
}
