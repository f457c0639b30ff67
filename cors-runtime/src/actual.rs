//! Decorating the response to an actual (non-preflight) request.
//!
//! The handler always runs: CORS is enforced by the browser, which hides a response it was not
//! allowed to read. The server's part is to say, on every response (success, error, or an
//! extractor's rejection), whether the page may read it.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
};
use http::header::{COOKIE, ORIGIN};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::preflight::{single, Rejection};
use crate::vary::append_vary_origin;
use crate::Policy;

/// What a policy decides for an actual request: may the page at the request's origin read the
/// response? [`Policy::judge_actual`] is the one place it is decided; the router reports a
/// refusal (event, debug header) and `CorsRouter::explain` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ActualVerdict {
    /// No `Origin`: not a CORS request.
    NotCors,
    /// The page may read the response.
    Allowed,
    /// The response carries no (or not enough) CORS headers for this request.
    Refused(Rejection),
}

/// The response headers of the CORS protocol. The policy is the one authority on them: a value
/// a handler set itself (a leftover from a hand-written CORS layer, say) would contradict it.
static CORS_RESPONSE_HEADERS: [HeaderName; 7] = [
    ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_ALLOW_CREDENTIALS,
    ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE,
    HeaderName::from_static("access-control-allow-private-network"),
];

/// Removes every CORS response header: what a route without a policy does to its responses, so
/// that the table ("no CORS") is the truth whatever the handler sets itself.
pub(crate) fn strip_cors_headers(response: &mut HeaderMap) {
    // Almost no response carries one: one pass over its few names instead of seven lookups.
    let any = response
        .keys()
        .any(|name| name.as_str().starts_with("access-control-"));
    if !any {
        return;
    }
    for name in &CORS_RESPONSE_HEADERS {
        response.remove(name);
    }
}

impl Policy {
    /// Decorates the handler's response headers for a request whose `Origin` header was
    /// `request_origin` (`None` when it had none).
    ///
    /// First removes any CORS response header the handler set. Then, for an allowed origin, sets
    /// exactly one `Access-Control-Allow-Origin` (the request's origin, or `*` for the any-origin
    /// policy without credentials), `Access-Control-Allow-Credentials: true` with credentials and
    /// `Access-Control-Expose-Headers` when the policy exposes headers. A disallowed or absent
    /// origin gets no CORS header, except under the any-origin policy without credentials, whose
    /// `*` answer is the same for every request, `Origin` or not. Finally, when the answer depends on the origin
    /// ([`varies_by_origin`](Policy::varies_by_origin)), appends `Origin` to `Vary`, keeping the
    /// handler's own `Vary` values.
    pub fn decorate(&self, request_origin: Option<&HeaderValue>, response: &mut HeaderMap) {
        strip_cors_headers(response);
        if let Some(allow_origin) = self.allow_origin(request_origin) {
            response.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
            if self.parts().credentials {
                response.insert(
                    ACCESS_CONTROL_ALLOW_CREDENTIALS,
                    HeaderValue::from_static("true"),
                );
            }
            if let Some(expose) = &self.parts().expose_value {
                response.insert(ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::clone(expose));
            }
        }
        if self.varies_by_origin() {
            append_vary_origin(response);
        }
    }

    /// The `Access-Control-Allow-Origin` an actual request gets, if any: what `decorate` writes
    /// and what `judge_actual` judges.
    fn allow_origin(&self, request_origin: Option<&HeaderValue>) -> Option<HeaderValue> {
        // The any-origin policy without credentials answers every request the same way, with or
        // without `Origin`: a shared cache may then hand the response to any caller (the Fetch
        // standard's advice for a static Allow-Origin), and no `Vary` is needed.
        if !self.varies_by_origin() {
            Some(HeaderValue::from_static("*"))
        } else {
            request_origin
                .filter(|o| self.allowed_origins().allows(o.as_bytes()))
                .cloned()
        }
    }

    /// Judges an actual request from its headers. Exactly one `Origin` line counts, as for
    /// preflights. A request carrying cookies was fetched with credentials, which the browser
    /// only lets the page read under a policy with `credentials`.
    pub(crate) fn judge_actual(&self, request: &HeaderMap) -> ActualVerdict {
        if !request.contains_key(ORIGIN) {
            return ActualVerdict::NotCors;
        }
        if self.allow_origin(single(request, &ORIGIN)).is_none() {
            ActualVerdict::Refused(Rejection::OriginNotAllowed)
        } else if request.contains_key(COOKIE) && !self.parts().credentials {
            ActualVerdict::Refused(Rejection::CredentialsNotAllowed)
        } else {
            ActualVerdict::Allowed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{header_map, header_pairs, owned_pairs, PolicySketch};

    type Pairs = &'static [(&'static str, &'static str)];

    fn run(policy: &PolicySketch, table: &[(&str, Option<&str>, Pairs, Pairs)]) {
        let policy = policy.build();
        for (what, origin, handler, expected) in table {
            let origin = origin.map(|o| HeaderValue::from_str(o).unwrap());
            let mut response = header_map(handler);
            policy.decorate(origin.as_ref(), &mut response);
            assert_eq!(header_pairs(&response), owned_pairs(expected), "{what}");
        }
    }

    #[test]
    fn listed_origins() {
        let policy = PolicySketch::new(&["https://example.com", "https://*.example.com"])
            .expose(&["x-total", "x-page"]);
        run(
            &policy,
            &[
                (
                    "allowed",
                    Some("https://example.com"),
                    &[("content-type", "text/plain")],
                    &[
                        ("content-type", "text/plain"),
                        ("access-control-allow-origin", "https://example.com"),
                        ("access-control-expose-headers", "x-page,x-total"),
                        ("vary", "Origin"),
                    ],
                ),
                (
                    "allowed subdomain, handler's Vary kept",
                    Some("https://api.eu.example.com"),
                    &[("vary", "Accept-Encoding")],
                    &[
                        ("access-control-allow-origin", "https://api.eu.example.com"),
                        ("access-control-expose-headers", "x-page,x-total"),
                        ("vary", "Accept-Encoding"),
                        ("vary", "Origin"),
                    ],
                ),
                (
                    "handler already varies on Origin",
                    Some("https://example.com"),
                    &[("vary", "Cookie, origin")],
                    &[
                        ("access-control-allow-origin", "https://example.com"),
                        ("access-control-expose-headers", "x-page,x-total"),
                        ("vary", "Cookie, origin"),
                    ],
                ),
                (
                    "disallowed origin: only Vary",
                    Some("https://example.com.evil.net"),
                    &[("content-type", "text/plain")],
                    &[("content-type", "text/plain"), ("vary", "Origin")],
                ),
                (
                    "apex is not a subdomain",
                    Some("https://evilexample.com"),
                    &[],
                    &[("vary", "Origin")],
                ),
                (
                    "underscore attack",
                    Some("https://example.com_.evil.com"),
                    &[],
                    &[("vary", "Origin")],
                ),
                ("no Origin: only Vary", None, &[], &[("vary", "Origin")]),
                (
                    "handler's own CORS headers replaced for an allowed origin",
                    Some("https://example.com"),
                    &[
                        ("access-control-allow-origin", "*"),
                        ("access-control-allow-origin", "https://other.test"),
                        ("access-control-allow-credentials", "true"),
                        ("access-control-expose-headers", "x-secret"),
                        ("access-control-allow-methods", "PUT"),
                        ("access-control-allow-headers", "x-a"),
                        ("access-control-max-age", "60"),
                        ("access-control-allow-private-network", "true"),
                    ],
                    &[
                        ("access-control-allow-origin", "https://example.com"),
                        ("access-control-expose-headers", "x-page,x-total"),
                        ("vary", "Origin"),
                    ],
                ),
                (
                    "handler's own CORS headers removed for a disallowed origin",
                    Some("https://other.test"),
                    &[
                        ("access-control-allow-origin", "https://other.test"),
                        ("access-control-allow-credentials", "true"),
                        ("x-kept", "1"),
                    ],
                    &[("x-kept", "1"), ("vary", "Origin")],
                ),
                (
                    "handler's own CORS headers removed without Origin",
                    None,
                    &[("access-control-allow-origin", "*")],
                    &[("vary", "Origin")],
                ),
            ],
        );
    }

    #[test]
    fn credentials() {
        let policy = PolicySketch::new(&["https://app.example.com"]).credentials();
        run(
            &policy,
            &[
                (
                    "allowed",
                    Some("https://app.example.com"),
                    &[],
                    &[
                        ("access-control-allow-origin", "https://app.example.com"),
                        ("access-control-allow-credentials", "true"),
                        ("vary", "Origin"),
                    ],
                ),
                (
                    "disallowed",
                    Some("https://example.com"),
                    &[],
                    &[("vary", "Origin")],
                ),
            ],
        );
    }

    #[test]
    fn any_origin_without_credentials() {
        let policy = PolicySketch::new(&["*"]).expose(&["*"]);
        run(
            &policy,
            &[
                (
                    "star, no Vary",
                    Some("https://anywhere.test"),
                    &[("vary", "Accept-Encoding")],
                    &[
                        ("access-control-allow-origin", "*"),
                        ("access-control-expose-headers", "*"),
                        ("vary", "Accept-Encoding"),
                    ],
                ),
                (
                    "no Origin: the same static answer, for shared caches",
                    None,
                    &[],
                    &[
                        ("access-control-allow-origin", "*"),
                        ("access-control-expose-headers", "*"),
                    ],
                ),
                (
                    "handler's CORS headers replaced without Origin",
                    None,
                    &[("access-control-allow-origin", "https://x.test")],
                    &[
                        ("access-control-allow-origin", "*"),
                        ("access-control-expose-headers", "*"),
                    ],
                ),
            ],
        );
    }

    #[test]
    fn the_verdict_is_what_decorate_writes() {
        use ActualVerdict::*;
        let listed = PolicySketch::new(&["https://example.com"]);
        let creds = listed.clone().credentials();
        let star = PolicySketch::new(&["*"]);
        let table: &[(&PolicySketch, Pairs, ActualVerdict)] = &[
            (&listed, &[], NotCors),
            (&listed, &[("origin", "https://example.com")], Allowed),
            (
                &listed,
                &[("origin", "https://evil.test")],
                Refused(Rejection::OriginNotAllowed),
            ),
            (
                &listed,
                &[
                    ("origin", "https://example.com"),
                    ("origin", "https://example.com"),
                ],
                Refused(Rejection::OriginNotAllowed),
            ),
            (
                &listed,
                &[("origin", "https://example.com"), ("cookie", "a=1")],
                Refused(Rejection::CredentialsNotAllowed),
            ),
            (
                &creds,
                &[("origin", "https://example.com"), ("cookie", "a=1")],
                Allowed,
            ),
            // The origin is judged first: a stranger's cookie does not change the reason.
            (
                &creds,
                &[("origin", "https://evil.test"), ("cookie", "a=1")],
                Refused(Rejection::OriginNotAllowed),
            ),
            (&star, &[("origin", "https://any.test")], Allowed),
            (
                &star,
                &[("origin", "https://any.test"), ("cookie", "a=1")],
                Refused(Rejection::CredentialsNotAllowed),
            ),
        ];
        for (policy, request, verdict) in table {
            let policy = policy.build();
            let request = header_map(request);
            assert_eq!(policy.judge_actual(&request), *verdict, "{request:?}");
            // Allowed exactly when decorate writes an Allow-Origin for a single Origin line.
            let mut response = HeaderMap::new();
            policy.decorate(single(&request, &ORIGIN), &mut response);
            if *verdict == Refused(Rejection::OriginNotAllowed) {
                assert!(
                    !response.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
                    "{request:?}"
                );
            }
            if *verdict == Allowed {
                assert!(
                    response.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
                    "{request:?}"
                );
            }
        }
    }

    #[test]
    fn error_responses_are_decorated_like_any_other() {
        // Decoration looks at headers only: a 500's headers get the same treatment as a 200's.
        let policy = PolicySketch::new(&["https://example.com"]).build();
        let mut response = http::Response::builder()
            .status(500)
            .header("content-type", "application/json")
            .body(())
            .unwrap();
        let origin = HeaderValue::from_static("https://example.com");
        policy.decorate(Some(&origin), response.headers_mut());
        assert_eq!(
            header_pairs(response.headers()),
            owned_pairs(&[
                ("content-type", "application/json"),
                ("access-control-allow-origin", "https://example.com"),
                ("vary", "Origin"),
            ])
        );
    }
}

#[cfg(test)]
mod properties {
    //! Invariants over every response the engine produces, preflight or actual.

    use http::header::{ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN};
    use http::HeaderValue;
    use proptest::prelude::*;

    use crate::test_support::{header_map, PolicySketch};
    use crate::{Policy, RoutedMethods};

    fn origin() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("https://example.com".to_owned()),
            Just("https://a.example.com".to_owned()),
            Just("https://example.com.evil.net".to_owned()),
            Just("http://localhost:8080".to_owned()),
            Just("null".to_owned()),
            "(https?)://[a-z.]{0,12}(example\\.com)?(:[0-9]{1,5})?",
            "[ -~]{0,40}",
        ]
    }

    /// Valid policies only: `*` never together with credentials.
    fn policy() -> impl Strategy<Value = Policy> {
        let origins = prop_oneof![
            Just(vec!["*"]),
            Just(vec!["https://example.com"]),
            Just(vec![
                "https://example.com",
                "https://*.example.com",
                "http://localhost:*"
            ]),
        ];
        (origins, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(origins, credentials, star_headers, expose)| {
                let mut p = PolicySketch::new(&origins);
                let any_origin = origins == ["*"];
                if credentials && !any_origin {
                    p = p.credentials();
                }
                let wildcards = !credentials || any_origin;
                p = p.headers(if star_headers && wildcards {
                    &["*"]
                } else {
                    &["x-a"]
                });
                if expose {
                    p = p.expose(if wildcards { &["*"] } else { &["x-total"] });
                }
                p.build()
            },
        )
    }

    fn check_response(headers: &http::HeaderMap, origin: &str) -> Result<(), TestCaseError> {
        let allow: Vec<&HeaderValue> = headers
            .get_all(ACCESS_CONTROL_ALLOW_ORIGIN)
            .iter()
            .collect();
        prop_assert!(allow.len() <= 1, "several Allow-Origin: {allow:?}");
        if let Some(value) = allow.first() {
            let value = value.as_bytes();
            prop_assert!(
                value == b"*" || value == origin.as_bytes(),
                "Allow-Origin {value:?} for {origin:?}"
            );
            if value == b"*" {
                prop_assert!(
                    !headers.contains_key(ACCESS_CONTROL_ALLOW_CREDENTIALS),
                    "`*` with credentials"
                );
            }
        }
        for value in headers.values() {
            if headers.contains_key(ACCESS_CONTROL_ALLOW_CREDENTIALS) {
                prop_assert!(value.as_bytes() != b"*", "a `*` value with credentials");
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn actual_responses(policy in policy(), origin in origin(), handler_acao in proptest::option::of("[ -~]{0,20}")) {
            let Ok(value) = HeaderValue::from_str(&origin) else { return Ok(()); };
            let mut response = http::HeaderMap::new();
            if let Some(h) = handler_acao.and_then(|h| HeaderValue::from_str(&h).ok()) {
                response.append(ACCESS_CONTROL_ALLOW_ORIGIN, h.clone());
                response.append(ACCESS_CONTROL_ALLOW_ORIGIN, h);
            }
            policy.decorate(Some(&value), &mut response);
            check_response(&response, &origin)?;
        }

        #[test]
        fn preflight_answers(
            policy in policy(),
            origin in origin(),
            method in "[A-Za-z]{1,8}",
            request_headers in proptest::option::of("[ -~]{0,40}"),
        ) {
            let Ok(_) = HeaderValue::from_str(&origin) else { return Ok(()); };
            let mut pairs = vec![(ORIGIN.as_str(), origin.as_str()), ("access-control-request-method", method.as_str())];
            if let Some(h) = request_headers.as_deref() {
                if HeaderValue::from_str(h).is_ok() {
                    pairs.push(("access-control-request-headers", h));
                }
            }
            let answer = policy.preflight(&header_map(&pairs), RoutedMethods::Any);
            prop_assert!(answer.status == 204 || answer.status == 403);
            prop_assert_eq!(answer.status == 403, answer.rejection.is_some());
            if answer.status == 403 {
                prop_assert!(answer.headers.keys().all(|k| k == http::header::VARY));
            }
            check_response(&answer.headers, &origin)?;
        }
    }
}
