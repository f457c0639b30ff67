//! Request classification (Fetch standard): is a request a CORS request, and if so, a preflight
//! or an actual request?

use http::header::{ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{HeaderMap, Method};

/// What kind of request, from the CORS point of view, a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// No `Origin` header: not a CORS request. The handler runs; its response only gets
    /// `Vary: Origin` when the policy's answer depends on the origin.
    NotCors,
    /// `OPTIONS` with `Origin` and `Access-Control-Request-Method`: the browser asks permission
    /// before sending the real request. Answered by [`Policy::preflight`](crate::Policy::preflight);
    /// the handler never runs.
    Preflight,
    /// Any other request with `Origin` (including a plain `OPTIONS` and same-origin requests,
    /// which browsers also send `Origin` on). The handler runs and its response is decorated by
    /// [`Policy::decorate`](crate::Policy::decorate).
    Actual,
}

/// Classifies a request by its method and headers. Only the presence of the headers matters
/// here; their values are judged by the policy.
pub fn classify(method: &Method, headers: &HeaderMap) -> RequestKind {
    if !headers.contains_key(ORIGIN) {
        RequestKind::NotCors
    } else if method == Method::OPTIONS && headers.contains_key(ACCESS_CONTROL_REQUEST_METHOD) {
        RequestKind::Preflight
    } else {
        RequestKind::Actual
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        use RequestKind::*;
        type Headers = &'static [(&'static str, &'static str)];
        let table: &[(&str, Headers, RequestKind)] = &[
            ("GET", &[], NotCors),
            ("OPTIONS", &[], NotCors),
            // Without Origin, even a request that looks like a preflight is not a CORS request.
            (
                "OPTIONS",
                &[("access-control-request-method", "PUT")],
                NotCors,
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://a.test"),
                    ("access-control-request-method", "PUT"),
                ],
                Preflight,
            ),
            // An empty method value is still a preflight: the policy rejects it.
            (
                "OPTIONS",
                &[
                    ("origin", "https://a.test"),
                    ("access-control-request-method", ""),
                ],
                Preflight,
            ),
            (
                "OPTIONS",
                &[("origin", "null"), ("access-control-request-method", "GET")],
                Preflight,
            ),
            ("OPTIONS", &[("origin", "https://a.test")], Actual),
            (
                "OPTIONS",
                &[
                    ("origin", "https://a.test"),
                    ("access-control-request-headers", "x-a"),
                ],
                Actual,
            ),
            ("GET", &[("origin", "https://a.test")], Actual),
            (
                "POST",
                &[
                    ("origin", "https://a.test"),
                    ("access-control-request-method", "PUT"),
                ],
                Actual,
            ),
            (
                "options",
                &[
                    ("origin", "https://a.test"),
                    ("access-control-request-method", "PUT"),
                ],
                Actual,
            ),
            ("DELETE", &[("origin", "")], Actual),
        ];
        for (method, headers, expected) in table {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let mut map = HeaderMap::new();
            for (k, v) in *headers {
                map.append(*k, v.parse().unwrap());
            }
            assert_eq!(classify(&method, &map), *expected, "{method} {headers:?}");
        }
    }
}
