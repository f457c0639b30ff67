//! The preflight decision: may the browser send the request it asks about?
//!
//! Checks, in this order: the origin, the requested method, each requested header, then private
//! network access. A request passing all of them gets `204 No Content` with exactly the headers
//! the browser needs; any failure gets `403 Forbidden` with no CORS header at all, so the browser
//! reports a CORS error, and a [`Rejection`] saying why. The router reports it (`diagnostics.rs`:
//! a `debug` event, the opt-in debug header) and `CorsRouter::explain` shows it; all of them read
//! the decision made here.

use std::fmt;

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

use cors_rules::token::is_tchar;

use crate::diagnostics::{Escaped, TARGET};
use crate::policy::HeaderNames;
use crate::request_headers::{
    cmp_ignoring_request_case, requested_headers, MalformedRequestHeaders,
};
use crate::vary::vary_preflight;
use crate::Policy;

/// Sent by Chromium when a public page asks to reach a private network address.
static REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
/// The answer granting [`REQUEST_PRIVATE_NETWORK`].
static ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

/// Longest method or header name quoted in a [`Rejection`]; the rest is cut, so a hostile request
/// cannot make the log line (or its allocation) large.
const MAX_QUOTED: usize = 64;

/// The methods the handler answering a preflight is routed on, for a policy that does not list its
/// methods. The router passes `HEAD` too when the handler is routed on `GET`.
#[derive(Debug, Clone, Copy)]
pub enum RoutedMethods<'a> {
    /// Every method: for using the engine on its own. (`CorsRouter` passes the methods an
    /// `any` route serves instead, so a preflight never grants a method that would get a 405.)
    Any,
    /// The handler answers exactly these methods.
    Only(&'a [Method]),
}

/// The answer to a preflight request: a status and headers, with an empty body. Turned into a
/// response with `IntoResponse`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PreflightAnswer {
    /// `204 No Content` when allowed, `403 Forbidden` when rejected.
    pub status: StatusCode,
    /// The response headers: the CORS headers when allowed; only `Vary` when rejected. Every
    /// answer carries the same `Vary`, whatever the policy and outcome, so a cache that stores
    /// preflight answers keys every one of them on what the answers depend on.
    pub headers: HeaderMap,
    /// Why the preflight was rejected; `None` when it was allowed.
    pub rejection: Option<Rejection>,
}

/// Why a preflight was rejected. Its `Display` is a sentence for a developer reading logs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// The `Origin` is not one the policy allows (or the request has several `Origin` lines).
    OriginNotAllowed,
    /// `Access-Control-Request-Method` is not exactly one method name.
    MalformedRequestMethod,
    /// The requested method (quoted, possibly cut) is not allowed. Methods compare
    /// case-sensitively, as browsers compare them: `patch` is not `PATCH`.
    MethodNotAllowed(String),
    /// `Access-Control-Request-Headers` could not be parsed within its budgets.
    MalformedRequestHeaders(MalformedRequestHeaders),
    /// The requested header (lowercase, possibly cut) is not allowed.
    HeaderNotAllowed(String),
    /// `Authorization` was requested and the policy allows `*` headers without listing
    /// `authorization`: the Fetch standard never lets `*` cover it.
    AuthorizationNotListed,
    /// Private network access was requested and the policy does not enable it.
    PrivateNetworkNotAllowed,
    /// `Access-Control-Request-Private-Network` came on more than one line: which line counts
    /// would be a guess, so none does.
    MalformedRequestPrivateNetwork,
    /// An actual request carries cookies (so the page fetched with `credentials: "include"`) and
    /// the policy does not allow credentials: the browser will not let the page read the answer.
    /// Never a preflight's reason (preflights carry no credentials).
    CredentialsNotAllowed,
    /// No handler with a CORS policy serves the requested path and method.
    NoPolicy,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OriginNotAllowed => f.write_str("the origin is not allowed by the policy"),
            Self::MalformedRequestMethod => {
                f.write_str("Access-Control-Request-Method is not exactly one method name")
            }
            Self::MethodNotAllowed(m) => write!(
                f,
                "method `{m}` is not allowed by the policy (methods are case-sensitive)"
            ),
            Self::MalformedRequestHeaders(why) => {
                write!(f, "Access-Control-Request-Headers is malformed: {why}")
            }
            Self::HeaderNotAllowed(h) => {
                write!(f, "request header `{h}` is not allowed by the policy")
            }
            Self::AuthorizationNotListed => f.write_str(
                "request header `authorization` is not allowed: `*` never covers it, \
                 list `authorization` explicitly",
            ),
            Self::PrivateNetworkNotAllowed => {
                f.write_str("private network access was requested and the policy does not allow it")
            }
            Self::MalformedRequestPrivateNetwork => {
                f.write_str("Access-Control-Request-Private-Network has more than one line")
            }
            Self::CredentialsNotAllowed => f.write_str(
                "the request carries credentials (cookies) and the policy does not allow credentials",
            ),
            Self::NoPolicy => {
                f.write_str("no handler with a CORS policy serves this path and method")
            }
        }
    }
}

impl std::error::Error for Rejection {}

/// The answer to a preflight for a path and method that no handler with a CORS policy serves:
/// `403 Forbidden`, no CORS header, and the `Vary` every preflight answer carries (the same path's
/// other methods may have policies whose answers vary). Logs a `debug` event like every rejected
/// preflight.
pub fn rejected_preflight() -> PreflightAnswer {
    let answer = no_policy_answer();
    if let Some(rejection) = &answer.rejection {
        tracing::debug!(target: TARGET, reason = %rejection, "CORS preflight rejected");
    }
    answer
}

/// [`rejected_preflight`] without the event: the router reports it with the route.
pub(crate) fn no_policy_answer() -> PreflightAnswer {
    refused_without_policy(Rejection::NoPolicy)
}

/// A `403` with no header at all, for a refusal made before any policy was found.
pub(crate) fn refused_without_policy(rejection: Rejection) -> PreflightAnswer {
    PreflightAnswer {
        status: StatusCode::FORBIDDEN,
        headers: preflight_vary(),
        rejection: Some(rejection),
    }
}

/// The headers every preflight answer starts with. Even the `*` policy's answer echoes the
/// requested method and headers, and other methods of the same path may answer by origin, so
/// the `Vary` is the same for every policy and outcome.
fn preflight_vary() -> HeaderMap {
    // Room for every header an answer can carry (Vary, five CORS headers, private network, the
    // debug reason, and the `Allow` axum adds to a fallback's answer): it never grows.
    let mut headers = HeaderMap::with_capacity(9);
    headers.insert(VARY, vary_preflight());
    headers
}

/// `Access-Control-Request-Method` when it is exactly one line holding one method name.
pub(crate) fn requested_method(request: &HeaderMap) -> Option<&HeaderValue> {
    single(request, &ACCESS_CONTROL_REQUEST_METHOD).filter(|m| is_token(m.as_bytes()))
}

impl Policy {
    /// Answers a preflight request (see [`classify`](crate::engine::classify)) made to the handler this
    /// policy belongs to. `routed` is used only when the policy lists no methods.
    ///
    /// Allowed: `204` with `Access-Control-Allow-Origin` (the request's origin, or `*` for the
    /// any-origin policy without credentials), `Access-Control-Allow-Credentials: true` with
    /// credentials, `Access-Control-Allow-Methods` echoing the requested method unless it is
    /// `GET`, `HEAD` or `POST`, `Access-Control-Allow-Headers` echoing the requested headers,
    /// `Access-Control-Max-Age` when configured, `Access-Control-Allow-Private-Network: true` when
    /// requested and enabled. Rejected: `403` and no CORS header. Either way, `Vary` on `Origin`,
    /// `Access-Control-Request-Method` and `Access-Control-Request-Headers`, for every policy.
    ///
    /// A rejection is logged as a `debug` event (target `cors_runtime`) with its reason and the
    /// origin, escaped and cut (see the crate docs, "Debugging CORS").
    pub fn preflight(&self, request: &HeaderMap, routed: RoutedMethods<'_>) -> PreflightAnswer {
        let answer = self.answer_preflight(request, routed);
        if let Some(rejection) = &answer.rejection {
            tracing::debug!(
                target: TARGET,
                reason = %rejection,
                origin = %Escaped(request.get(ORIGIN).map(HeaderValue::as_bytes).unwrap_or_default()),
                "CORS preflight rejected"
            );
        }
        answer
    }

    /// The decision and the answer, without an event: the one place a preflight is judged. The
    /// router reports the outcome with the route it reached, and `explain` shows it.
    pub(crate) fn answer_preflight(
        &self,
        request: &HeaderMap,
        routed: RoutedMethods<'_>,
    ) -> PreflightAnswer {
        let mut headers = preflight_vary();
        match self.grant(request, routed, &mut headers) {
            Ok(()) => PreflightAnswer {
                status: StatusCode::NO_CONTENT,
                headers,
                rejection: None,
            },
            Err(rejection) => PreflightAnswer {
                status: StatusCode::FORBIDDEN,
                headers,
                rejection: Some(rejection),
            },
        }
    }

    /// Runs the checks in order; only when all pass does it add the granted headers to `out`.
    fn grant(
        &self,
        request: &HeaderMap,
        routed: RoutedMethods<'_>,
        out: &mut HeaderMap,
    ) -> Result<(), Rejection> {
        let origin = single(request, &ORIGIN).ok_or(Rejection::OriginNotAllowed)?;
        if !self.allowed_origins().allows(origin.as_bytes()) {
            return Err(Rejection::OriginNotAllowed);
        }

        let method = requested_method(request).ok_or(Rejection::MalformedRequestMethod)?;
        if !self.allows_method(method.as_bytes(), routed) {
            return Err(Rejection::MethodNotAllowed(truncate_for_log(
                method.as_bytes(),
            )));
        }

        let mut names = requested_headers(request);
        let mut any_name = false;
        for name in names.by_ref() {
            let name = name.map_err(Rejection::MalformedRequestHeaders)?;
            self.check_request_header(name)?;
            any_name = true;
        }
        let echo_headers = if !any_name {
            None
        } else if names.is_canonical() {
            // What browsers send: echoing the request's own value costs no allocation.
            request.get(ACCESS_CONTROL_REQUEST_HEADERS).cloned()
        } else {
            Some(normalized_list(request))
        };

        let mut pn_lines = request.get_all(&REQUEST_PRIVATE_NETWORK).iter();
        let private_network = match (pn_lines.next(), pn_lines.next()) {
            (_, Some(_)) => return Err(Rejection::MalformedRequestPrivateNetwork),
            (line, None) => line.is_some_and(|v| v.as_bytes() == b"true"),
        };
        if private_network && !self.parts().private_network {
            return Err(Rejection::PrivateNetworkNotAllowed);
        }

        let allow_origin = if self.parts().any_origin && !self.parts().credentials {
            HeaderValue::from_static("*")
        } else {
            origin.clone()
        };
        out.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        if self.parts().credentials {
            out.insert(
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        // The browser lets GET, HEAD and POST through without being told.
        if !matches!(method.as_bytes(), b"GET" | b"HEAD" | b"POST") {
            out.insert(ACCESS_CONTROL_ALLOW_METHODS, method.clone());
        }
        if let Some(list) = echo_headers {
            out.insert(ACCESS_CONTROL_ALLOW_HEADERS, list);
        }
        if let Some(max_age) = &self.parts().max_age_value {
            out.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::clone(max_age));
        }
        if private_network {
            out.insert(
                ALLOW_PRIVATE_NETWORK.clone(),
                HeaderValue::from_static("true"),
            );
        }
        Ok(())
    }

    /// Byte-for-byte comparison: browsers compare `Access-Control-Allow-Methods` case-sensitively.
    /// The route documentation asks this too (through `method_resolution::granted`).
    pub(crate) fn allows_method(&self, method: &[u8], routed: RoutedMethods<'_>) -> bool {
        match (&self.parts().methods, routed) {
            (Some(listed), _) => crate::method_resolution::listed(listed, method),
            (None, RoutedMethods::Any) => true,
            (None, RoutedMethods::Only(methods)) => {
                methods.iter().any(|m| m.as_str().as_bytes() == method)
            }
        }
    }

    fn check_request_header(&self, name: &[u8]) -> Result<(), Rejection> {
        let allowed = match &self.parts().allow_headers {
            HeaderNames::Any if name.eq_ignore_ascii_case(b"authorization") => {
                return Err(Rejection::AuthorizationNotListed);
            }
            HeaderNames::Any => true,
            // `*` can only stand beside `authorization` (cors-rules), so it sorts first.
            HeaderNames::List(list) => {
                list.first().is_some_and(|first| first == "*")
                    || list
                        .binary_search_by(|listed| cmp_ignoring_request_case(listed, name))
                        .is_ok()
            }
        };
        if allowed {
            Ok(())
        } else {
            Err(Rejection::HeaderNotAllowed(
                truncate_for_log(name).to_ascii_lowercase(),
            ))
        }
    }
}

fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| is_tchar(b))
}

/// The value of `name` when the request has exactly one such line.
pub(crate) fn single<'a>(request: &'a HeaderMap, name: &HeaderName) -> Option<&'a HeaderValue> {
    let mut values = request.get_all(name).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => Some(value),
        _ => None,
    }
}

/// The requested names, lowercase, joined by `,`: the form browsers send. Only called once the
/// list parsed, so it is at most [`MAX_LEN`](crate::request_headers::MAX_LEN) bytes of tokens.
fn normalized_list(request: &HeaderMap) -> HeaderValue {
    let mut list = Vec::new();
    for name in requested_headers(request).flatten() {
        if !list.is_empty() {
            list.push(b',');
        }
        list.extend(name.iter().map(u8::to_ascii_lowercase));
    }
    // Tokens and commas are always valid header bytes; the fallback is unreachable.
    HeaderValue::from_bytes(&list).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A request value as a rejection (and its log line) quotes it: cut to at most [`MAX_QUOTED`]
/// bytes, so a hostile request cannot make the line, or its allocation, large.
fn truncate_for_log(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(MAX_QUOTED)];
    let mut s = String::from_utf8_lossy(cut).into_owned();
    if cut.len() < bytes.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{header_map, header_pairs, owned_pairs, PolicySketch};

    const VARY_ALL: (&str, &str) = (
        "vary",
        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    );
    const ROUTED: &[Method] = &[Method::GET, Method::HEAD, Method::POST, Method::PUT];

    fn site() -> PolicySketch {
        PolicySketch::new(&["https://example.com", "https://*.example.com"])
            .headers(&["x-a", "content-type"])
            .max_age(600)
    }

    struct Case {
        what: &'static str,
        policy: Policy,
        routed: RoutedMethods<'static>,
        request: &'static [(&'static str, &'static str)],
        status: u16,
        response: &'static [(&'static str, &'static str)],
        rejection: Option<Rejection>,
    }

    fn case(
        what: &'static str,
        policy: &PolicySketch,
        request: &'static [(&'static str, &'static str)],
        status: u16,
        response: &'static [(&'static str, &'static str)],
        rejection: Option<Rejection>,
    ) -> Case {
        Case {
            what,
            policy: policy.build(),
            routed: RoutedMethods::Only(ROUTED),
            request,
            status,
            response,
            rejection,
        }
    }

    fn run(cases: Vec<Case>) {
        for c in cases {
            let answer = c.policy.preflight(&header_map(c.request), c.routed);
            assert_eq!(answer.status.as_u16(), c.status, "{}: status", c.what);
            assert_eq!(
                header_pairs(&answer.headers),
                owned_pairs(c.response),
                "{}: headers",
                c.what
            );
            assert_eq!(answer.rejection, c.rejection, "{}: rejection", c.what);
        }
    }

    #[test]
    fn allowed_preflights() {
        let site = site();
        let creds = site.clone().credentials();
        run(vec![
            case(
                "non-safelisted method is echoed",
                &site,
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-max-age", "600"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "safelisted method is not echoed; subdomain origin echoed byte for byte",
                &site,
                &[
                    ("origin", "https://a.b.example.com"),
                    ("access-control-request-method", "GET"),
                    ("access-control-request-headers", "content-type,x-a"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://a.b.example.com"),
                    ("access-control-allow-headers", "content-type,x-a"),
                    ("access-control-max-age", "600"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "headers with proxy whitespace, empty elements and uppercase are normalized",
                &site,
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", " X-A ,, content-type,"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-headers", "x-a,content-type"),
                    ("access-control-max-age", "600"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "header list split over two lines is one list",
                &site,
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "HEAD"),
                    ("access-control-request-headers", "content-type"),
                    ("access-control-request-headers", "x-a"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-headers", "content-type,x-a"),
                    ("access-control-max-age", "600"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "empty header list requests nothing",
                &site,
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", ""),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-max-age", "600"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "credentials",
                &creds,
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-credentials", "true"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-max-age", "600"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "any origin without credentials: `*`, headers echoed, so it varies like the rest",
                &PolicySketch::new(&["*"]).headers(&["*"]),
                &[
                    ("origin", "https://anywhere.test"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "x-anything"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "*"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-allow-headers", "x-anything"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "authorization listed explicitly",
                &PolicySketch::new(&["https://example.com"]).headers(&["authorization", "x-a"]),
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "GET"),
                    ("access-control-request-headers", "authorization,x-a"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-headers", "authorization,x-a"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "private network requested and enabled",
                &PolicySketch::new(&["https://example.com"]).private_network(),
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "GET"),
                    ("access-control-request-private-network", "true"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-private-network", "true"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "private network enabled but not requested",
                &PolicySketch::new(&["https://example.com"]).private_network(),
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "GET"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "port pattern",
                &PolicySketch::new(&["http://localhost:*"]),
                &[
                    ("origin", "http://localhost:5173"),
                    ("access-control-request-method", "POST"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "http://localhost:5173"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "listed lowercase method, requested lowercase",
                &PolicySketch::new(&["https://example.com"]).methods(&["patch"]),
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "patch"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-methods", "patch"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "methods `*` allows any method, echoing it",
                &PolicySketch::new(&["https://example.com"]).methods(&["*"]),
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PURGE"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-methods", "PURGE"),
                    VARY_ALL,
                ],
                None,
            ),
        ]);
    }

    #[test]
    fn every_rejection_reason() {
        let site = site();
        let deny = |what, request, rejection| {
            case(what, &site, request, 403, &[VARY_ALL], Some(rejection))
        };
        run(vec![
            deny(
                "origin not allowed",
                &[
                    ("origin", "https://other.test"),
                    ("access-control-request-method", "PUT"),
                ],
                Rejection::OriginNotAllowed,
            ),
            deny(
                "suffix attack",
                &[
                    ("origin", "https://example.com.evil.net"),
                    ("access-control-request-method", "PUT"),
                ],
                Rejection::OriginNotAllowed,
            ),
            deny(
                "no separator attack",
                &[
                    ("origin", "https://evilexample.com"),
                    ("access-control-request-method", "PUT"),
                ],
                Rejection::OriginNotAllowed,
            ),
            deny(
                "underscore attack",
                &[
                    ("origin", "https://example.com_.evil.com"),
                    ("access-control-request-method", "PUT"),
                ],
                Rejection::OriginNotAllowed,
            ),
            deny(
                "null origin",
                &[("origin", "null"), ("access-control-request-method", "PUT")],
                Rejection::OriginNotAllowed,
            ),
            deny(
                "two Origin lines",
                &[
                    ("origin", "https://example.com"),
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                ],
                Rejection::OriginNotAllowed,
            ),
            deny(
                "origin checked before the method",
                &[
                    ("origin", "https://other.test"),
                    ("access-control-request-method", "DELETE"),
                ],
                Rejection::OriginNotAllowed,
            ),
            deny(
                "empty method",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", ""),
                ],
                Rejection::MalformedRequestMethod,
            ),
            deny(
                "method with a space",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT X"),
                ],
                Rejection::MalformedRequestMethod,
            ),
            deny(
                "two method lines",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-method", "PUT"),
                ],
                Rejection::MalformedRequestMethod,
            ),
            deny(
                "method not routed",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "DELETE"),
                ],
                Rejection::MethodNotAllowed("DELETE".into()),
            ),
            deny(
                "methods are case-sensitive",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "put"),
                ],
                Rejection::MethodNotAllowed("put".into()),
            ),
            deny(
                "method checked before headers",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "DELETE"),
                    ("access-control-request-headers", "x-nope"),
                ],
                Rejection::MethodNotAllowed("DELETE".into()),
            ),
            deny(
                "header not allowed",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "x-a,X-Nope"),
                ],
                Rejection::HeaderNotAllowed("x-nope".into()),
            ),
            deny(
                "authorization is not in the list",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "authorization"),
                ],
                Rejection::HeaderNotAllowed("authorization".into()),
            ),
            deny(
                "header list malformed",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "x-a;x-b"),
                ],
                Rejection::MalformedRequestHeaders(MalformedRequestHeaders::InvalidByte(b';')),
            ),
            deny(
                "too many empty elements",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    (
                        "access-control-request-headers",
                        "x-a,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
                    ),
                ],
                Rejection::MalformedRequestHeaders(MalformedRequestHeaders::TooManyEmptyElements),
            ),
            deny(
                "too much whitespace",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "x-a,      x-a"),
                ],
                Rejection::MalformedRequestHeaders(MalformedRequestHeaders::TooMuchWhitespace),
            ),
            deny(
                "headers checked before private network",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "x-nope"),
                    ("access-control-request-private-network", "true"),
                ],
                Rejection::HeaderNotAllowed("x-nope".into()),
            ),
            deny(
                "private network not enabled",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-private-network", "true"),
                ],
                Rejection::PrivateNetworkNotAllowed,
            ),
            deny(
                "private network on two lines, the first saying false",
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-private-network", "false"),
                    ("access-control-request-private-network", "true"),
                ],
                Rejection::MalformedRequestPrivateNetwork,
            ),
        ]);
    }

    #[test]
    fn private_network_on_several_lines_is_refused_even_when_enabled() {
        let enabled = PolicySketch::new(&["https://example.com"]).private_network();
        const LINES: [&[(&str, &str)]; 3] = [
            &[
                ("origin", "https://example.com"),
                ("access-control-request-method", "GET"),
                ("access-control-request-private-network", "true"),
                ("access-control-request-private-network", "true"),
            ],
            &[
                ("origin", "https://example.com"),
                ("access-control-request-method", "GET"),
                ("access-control-request-private-network", "false"),
                ("access-control-request-private-network", "true"),
            ],
            &[
                ("origin", "https://example.com"),
                ("access-control-request-method", "GET"),
                ("access-control-request-private-network", "true"),
                ("access-control-request-private-network", "false"),
            ],
        ];
        run(LINES
            .iter()
            .map(|request| {
                case(
                    "two lines",
                    &enabled,
                    request,
                    403,
                    &[VARY_ALL],
                    Some(Rejection::MalformedRequestPrivateNetwork),
                )
            })
            .collect());
    }

    #[test]
    fn every_answer_of_every_policy_carries_the_same_vary() {
        let policies = [
            site(),
            site().credentials(),
            PolicySketch::new(&["*"]),
            PolicySketch::new(&["*"]).headers(&["*"]),
            PolicySketch::new(&["http://localhost:*"]).private_network(),
        ];
        let requests: &[&[(&str, &str)]] = &[
            &[
                ("origin", "https://example.com"),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "x-a"),
            ],
            &[
                ("origin", "https://evil.test"),
                ("access-control-request-method", "GET"),
            ],
            &[
                ("origin", "http://localhost:3000"),
                ("access-control-request-method", "DELETE"),
                ("access-control-request-headers", "x-nope"),
            ],
            &[
                ("origin", "https://example.com"),
                ("access-control-request-method", "PUT X"),
            ],
        ];
        let mut answers = vec![rejected_preflight()];
        for policy in &policies {
            let policy = policy.build();
            for request in requests {
                answers.push(policy.preflight(&header_map(request), RoutedMethods::Any));
            }
        }
        // Both outcomes are represented, so the check covers allowed and refused answers.
        assert!(answers.iter().any(|a| a.rejection.is_none()));
        assert!(answers.iter().filter(|a| a.rejection.is_some()).count() > 2);
        for answer in &answers {
            let vary: Vec<_> = answer.headers.get_all(VARY).iter().collect();
            assert_eq!(vary, [VARY_ALL.1], "{answer:?}");
        }
    }

    #[test]
    fn wildcard_headers_never_cover_authorization() {
        let any = PolicySketch::new(&["https://example.com"]).headers(&["*"]);
        run(vec![
            case(
                "`*` covers other names",
                &any,
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "GET"),
                    ("access-control-request-headers", "x-anything,x-other"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-headers", "x-anything,x-other"),
                    VARY_ALL,
                ],
                None,
            ),
            case(
                "`*` does not cover authorization",
                &any,
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "GET"),
                    ("access-control-request-headers", "Authorization,x-anything"),
                ],
                403,
                &[VARY_ALL],
                Some(Rejection::AuthorizationNotListed),
            ),
            case(
                "`*` with authorization listed covers both",
                &PolicySketch::new(&["https://example.com"]).headers(&["*", "authorization"]),
                &[
                    ("origin", "https://example.com"),
                    ("access-control-request-method", "GET"),
                    ("access-control-request-headers", "authorization,x-anything"),
                ],
                204,
                &[
                    ("access-control-allow-origin", "https://example.com"),
                    ("access-control-allow-headers", "authorization,x-anything"),
                    VARY_ALL,
                ],
                None,
            ),
        ]);
    }

    #[test]
    fn routed_methods_when_the_policy_lists_none() {
        let policy = PolicySketch::new(&["https://example.com"]).build();
        let request = |m: &'static str| {
            header_map(&[
                ("origin", "https://example.com"),
                ("access-control-request-method", m),
            ])
        };
        let table: &[(RoutedMethods<'_>, &str, u16)] = &[
            (RoutedMethods::Any, "PURGE", 204),
            (RoutedMethods::Any, "patch", 204),
            (RoutedMethods::Only(&[Method::PATCH]), "PATCH", 204),
            (RoutedMethods::Only(&[Method::PATCH]), "patch", 403),
            (
                RoutedMethods::Only(&[Method::GET, Method::HEAD]),
                "HEAD",
                204,
            ),
            (
                RoutedMethods::Only(&[Method::GET, Method::HEAD]),
                "POST",
                403,
            ),
            (RoutedMethods::Only(&[]), "GET", 403),
        ];
        for (routed, method, status) in table {
            let answer = policy.preflight(&request(method), *routed);
            assert_eq!(
                answer.status.as_u16(),
                *status,
                "{method} against {routed:?}"
            );
        }
        // A listed method set wins over the routed one.
        let listed = PolicySketch::new(&["https://example.com"])
            .methods(&["PUT"])
            .build();
        let answer = listed.preflight(&request("DELETE"), RoutedMethods::Any);
        assert_eq!(
            answer.rejection,
            Some(Rejection::MethodNotAllowed("DELETE".into()))
        );
    }

    #[test]
    fn no_policy_answer() {
        let answer = rejected_preflight();
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
        // No CORS header; only the Vary every preflight answer of a path carries.
        assert_eq!(header_pairs(&answer.headers), owned_pairs(&[VARY_ALL]));
        assert_eq!(answer.rejection, Some(Rejection::NoPolicy));
    }

    #[test]
    fn rejections_quote_at_most_a_few_bytes() {
        let policy = PolicySketch::new(&["https://example.com"]).build();
        let long = "X".repeat(1000);
        let request = header_map(&[
            ("origin", "https://example.com"),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", &long),
        ]);
        let answer = policy.preflight(&request, RoutedMethods::Any);
        let Some(Rejection::HeaderNotAllowed(name)) = answer.rejection else {
            panic!("expected a header rejection, got {:?}", answer.rejection);
        };
        assert_eq!(name, format!("{}…", "x".repeat(MAX_QUOTED)));
    }

    /// Collects every event's fields as `name=value` text.
    struct Capture(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

    struct Fields(String);

    impl tracing::field::Visit for Fields {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
            use std::fmt::Write as _;
            let _ = write!(self.0, "{}={:?} ", field.name(), value);
        }
    }

    impl tracing::Subscriber for Capture {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            let mut fields = Fields(format!("{} ", event.metadata().level()));
            event.record(&mut fields);
            self.0.lock().unwrap().push(fields.0);
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[test]
    fn every_rejection_is_logged_with_its_reason() {
        let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let policy = PolicySketch::new(&["https://example.com"]).build();
        let allowed = header_map(&[
            ("origin", "https://example.com"),
            ("access-control-request-method", "GET"),
        ]);
        let denied = header_map(&[
            ("origin", "https://example.com"),
            ("access-control-request-method", "put"),
        ]);
        tracing::subscriber::with_default(Capture(events.clone()), || {
            policy.preflight(&allowed, RoutedMethods::Any);
            policy.preflight(&denied, RoutedMethods::Only(&[Method::PUT]));
            rejected_preflight();
        });
        let events = events.lock().unwrap();
        assert_eq!(
            *events,
            [
                "DEBUG message=CORS preflight rejected \
                 reason=method `put` is not allowed by the policy (methods are case-sensitive) \
                 origin=https://example.com ",
                "DEBUG message=CORS preflight rejected \
                 reason=no handler with a CORS policy serves this path and method ",
            ]
        );
    }

    #[test]
    fn rejection_messages() {
        let table = [
            (
                Rejection::OriginNotAllowed,
                "the origin is not allowed by the policy",
            ),
            (
                Rejection::MethodNotAllowed("put".into()),
                "method `put` is not allowed by the policy (methods are case-sensitive)",
            ),
            (
                Rejection::HeaderNotAllowed("x-b".into()),
                "request header `x-b` is not allowed by the policy",
            ),
            (
                Rejection::MalformedRequestHeaders(MalformedRequestHeaders::TooLong),
                "Access-Control-Request-Headers is malformed: longer than 4096 bytes",
            ),
            (
                Rejection::PrivateNetworkNotAllowed,
                "private network access was requested and the policy does not allow it",
            ),
            (
                Rejection::MalformedRequestPrivateNetwork,
                "Access-Control-Request-Private-Network has more than one line",
            ),
        ];
        for (rejection, message) in table {
            assert_eq!(rejection.to_string(), message);
        }
    }
}
