//! The CORS-preflight fetch as a browser makes it: the `OPTIONS` request it builds, and the checks
//! its response must pass before the real request is sent.

use http::header::{
    ACCEPT, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, LOCATION, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use super::cors_check::{combined, cors_check};
use super::error::CorsErrorKind;

/// The preflight's headers: what a browser sends, and nothing of the page's own headers (nor
/// cookies: a preflight never carries credentials).
pub(super) fn preflight_headers(origin: &str, method: &Method, unsafe_names: &[&str]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
    headers.insert(ACCESS_CONTROL_REQUEST_METHOD, value(method.as_str()));
    if !unsafe_names.is_empty() {
        // Lowercase, sorted, deduplicated, joined by `,` without spaces, as browsers send it.
        headers.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            value(&unsafe_names.join(",")),
        );
    }
    headers.insert(ORIGIN, value(origin));
    headers
}

fn value(s: &str) -> HeaderValue {
    // Method names, lowercase header names and the origin were all validated by `Fetch`.
    HeaderValue::from_str(s).expect("validated by Fetch")
}

/// What a preflight granted: its `Access-Control-Allow-Methods` and `-Headers`, parsed. Kept by
/// the preflight cache to let later requests skip their preflight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Grant {
    methods: Vec<String>,
    headers: Vec<String>,
}

impl Grant {
    /// The lists of a preflight response; a failure when either does not parse (methods first,
    /// as Chromium reads them).
    fn parse(headers: &HeaderMap) -> Result<Grant, (CorsErrorKind, Option<String>)> {
        let methods = token_list(headers, &ACCESS_CONTROL_ALLOW_METHODS)
            .ok_or((CorsErrorKind::InvalidAllowMethodsPreflightResponse, None))?;
        let headers = token_list(headers, &ACCESS_CONTROL_ALLOW_HEADERS)
            .ok_or((CorsErrorKind::InvalidAllowHeadersPreflightResponse, None))?;
        Ok(Grant { methods, headers })
    }

    /// Whether the grant covers the request's method and CORS-unsafe header names (sorted), for
    /// a preflight made with or without `credentials`.
    pub(super) fn allows(
        &self,
        credentials: bool,
        method: &Method,
        unsafe_names: &[&str],
    ) -> Result<(), (CorsErrorKind, Option<String>)> {
        // Methods compare case-sensitively; `*` is a wildcard only without credentials.
        let method_ok = cors_rules::method::is_safelisted(method.as_str())
            || self.methods.iter().any(|m| m == method.as_str())
            || (!credentials && self.methods.iter().any(|m| m == "*"));
        if !method_ok {
            return Err((
                CorsErrorKind::MethodDisallowedByPreflightResponse,
                Some(method.as_str().to_owned()),
            ));
        }

        let listed = |name: &str| self.headers.iter().any(|h| h.eq_ignore_ascii_case(name));
        if !credentials && self.headers.iter().any(|h| h == "*") {
            // `*` covers every name but `authorization`, which must be listed by name (Fetch
            // standard; Chromium only with CorsNonWildcardRequestHeadersSupport).
            if unsafe_names.contains(&"authorization") && !listed("authorization") {
                return Err((
                    CorsErrorKind::HeaderDisallowedByPreflightResponse,
                    Some("authorization".to_owned()),
                ));
            }
            return Ok(());
        }
        match unsafe_names.iter().find(|name| !listed(name)) {
            Some(name) => Err((
                CorsErrorKind::HeaderDisallowedByPreflightResponse,
                Some((*name).to_owned()),
            )),
            None => Ok(()),
        }
    }
}

/// The checks of a preflight response, in Chromium's order; what it granted when they pass.
/// `unsafe_names` are the request's CORS-unsafe header names (sorted).
pub(super) fn check_preflight(
    status: StatusCode,
    headers: &HeaderMap,
    origin: &str,
    credentials: bool,
    method: &Method,
    unsafe_names: &[&str],
) -> Result<Grant, (CorsErrorKind, Option<String>)> {
    if status.is_redirection() && headers.contains_key(LOCATION) {
        return Err((CorsErrorKind::PreflightDisallowedRedirect, None));
    }
    // The access check comes first: a 403 without CORS headers is reported as a missing
    // Access-Control-Allow-Origin, not as a bad status.
    cors_check(headers, origin, credentials).map_err(|(failure, v)| (failure.kind(true), v))?;
    if !status.is_success() {
        return Err((CorsErrorKind::PreflightInvalidStatus, None));
    }
    let grant = Grant::parse(headers)?;
    grant.allows(credentials, method, unsafe_names)?;
    Ok(grant)
}

/// `Access-Control-Allow-Methods` / `-Headers` read as a comma-separated list of tokens (all
/// lines together, empty elements ignored); `None` when some element is not a token. Absent
/// headers are the empty list.
fn token_list(headers: &HeaderMap, name: &http::HeaderName) -> Option<Vec<String>> {
    let Some(value) = combined(headers, name) else {
        return Some(Vec::new());
    };
    let mut list = Vec::new();
    for element in value.split(',').map(|e| e.trim_matches([' ', '\t'])) {
        if element.is_empty() {
            continue;
        }
        if !cors_rules::token::is_token(element) {
            return None;
        }
        list.push(element.to_owned());
    }
    Some(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CorsErrorKind::*;

    const O: &str = "https://app.test";

    fn answer(status: u16, lines: &[(&str, &str)]) -> (StatusCode, HeaderMap) {
        let mut headers = HeaderMap::new();
        for (n, v) in lines {
            headers.append(
                http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        (StatusCode::from_u16(status).unwrap(), headers)
    }

    fn run(
        (status, headers): (StatusCode, HeaderMap),
        credentials: bool,
        method: &str,
        names: &[&str],
    ) -> Result<(), (CorsErrorKind, Option<String>)> {
        check_preflight(
            status,
            &headers,
            O,
            credentials,
            &method.parse().unwrap(),
            names,
        )
        .map(drop)
    }

    fn err(kind: CorsErrorKind, v: Option<&str>) -> Result<(), (CorsErrorKind, Option<String>)> {
        Err((kind, v.map(str::to_owned)))
    }

    #[test]
    fn request_headers_sorted_lowercase_joined_without_spaces() {
        let h = preflight_headers(O, &Method::PUT, &["content-type", "x-a"]);
        assert_eq!(h["access-control-request-method"], "PUT");
        assert_eq!(h["access-control-request-headers"], "content-type,x-a");
        assert_eq!(h["origin"], O);
        assert!(!h.contains_key("authorization") && !h.contains_key("cookie"));
        let h = preflight_headers(O, &Method::from_bytes(b"patch").unwrap(), &[]);
        assert_eq!(h["access-control-request-method"], "patch");
        assert!(!h.contains_key("access-control-request-headers"));
    }

    #[test]
    fn ok_status_and_the_access_check() {
        let good = [
            ("access-control-allow-origin", O),
            ("access-control-allow-methods", "PUT"),
        ];
        assert_eq!(run(answer(204, &good), false, "PUT", &[]), Ok(()));
        assert_eq!(run(answer(200, &good), false, "PUT", &[]), Ok(()));
        assert_eq!(
            run(answer(403, &good), false, "PUT", &[]),
            err(PreflightInvalidStatus, None)
        );
        assert_eq!(
            run(answer(500, &good), false, "PUT", &[]),
            err(PreflightInvalidStatus, None)
        );
        // No CORS headers and a 403: the access check fails first.
        assert_eq!(
            run(answer(403, &[]), false, "PUT", &[]),
            err(PreflightMissingAllowOriginHeader, None)
        );
        let redirect = answer(307, &[("location", "/elsewhere"), good[0]]);
        assert_eq!(
            run(redirect, false, "PUT", &[]),
            err(PreflightDisallowedRedirect, None)
        );
        let other = answer(204, &[("access-control-allow-origin", "https://b.test")]);
        assert_eq!(
            run(other, false, "PUT", &[]),
            err(PreflightAllowOriginMismatch, Some("https://b.test"))
        );
    }

    #[test]
    fn credentials_need_allow_credentials_on_the_preflight() {
        let no_acac = answer(
            204,
            &[
                ("access-control-allow-origin", O),
                ("access-control-allow-methods", "PUT"),
            ],
        );
        assert_eq!(
            run(no_acac, true, "PUT", &[]),
            err(PreflightInvalidAllowCredentials, Some(""))
        );
        let star = answer(
            204,
            &[
                ("access-control-allow-origin", "*"),
                ("access-control-allow-credentials", "true"),
            ],
        );
        assert_eq!(
            run(star, true, "PUT", &[]),
            err(PreflightWildcardOriginNotAllowed, None)
        );
    }

    #[test]
    fn methods_case_sensitive_safelisted_always_star_only_without_credentials() {
        let h = |m: &str| {
            answer(
                204,
                &[
                    ("access-control-allow-origin", O),
                    ("access-control-allow-credentials", "true"),
                    ("access-control-allow-methods", m),
                ],
            )
        };
        assert_eq!(
            run(h("put"), false, "PUT", &[]),
            err(MethodDisallowedByPreflightResponse, Some("PUT"))
        );
        assert_eq!(
            run(h("PATCH"), false, "patch", &[]),
            err(MethodDisallowedByPreflightResponse, Some("patch"))
        );
        assert_eq!(run(h("GET, PUT"), false, "PUT", &[]), Ok(()));
        assert_eq!(
            run(h(""), false, "POST", &["x-a"]),
            err(HeaderDisallowedByPreflightResponse, Some("x-a"))
        );
        assert_eq!(run(h("*"), false, "DELETE", &[]), Ok(()));
        assert_eq!(
            run(h("*"), true, "DELETE", &[]),
            err(MethodDisallowedByPreflightResponse, Some("DELETE"))
        );
        assert_eq!(run(h("PUT,,"), false, "PUT", &[]), Ok(()));
        assert_eq!(
            run(h("PUT DELETE"), false, "PUT", &[]),
            err(InvalidAllowMethodsPreflightResponse, None)
        );
    }

    #[test]
    fn headers_case_insensitive_first_missing_in_sorted_order() {
        let h = |v: &str| {
            answer(
                204,
                &[
                    ("access-control-allow-origin", O),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-allow-headers", v),
                ],
            )
        };
        assert_eq!(run(h("X-A, x-b"), false, "PUT", &["x-a", "x-b"]), Ok(()));
        assert_eq!(
            run(h("x-b"), false, "PUT", &["x-a", "x-b", "x-c"]),
            err(HeaderDisallowedByPreflightResponse, Some("x-a"))
        );
        assert_eq!(
            run(h("x-a;"), false, "PUT", &["x-a"]),
            err(InvalidAllowHeadersPreflightResponse, None)
        );
    }

    #[test]
    fn star_headers_never_cover_authorization_and_are_literal_with_credentials() {
        let h = |v: &str| {
            answer(
                204,
                &[
                    ("access-control-allow-origin", O),
                    ("access-control-allow-credentials", "true"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-allow-headers", v),
                ],
            )
        };
        assert_eq!(run(h("*"), false, "PUT", &["x-a", "x-b"]), Ok(()));
        assert_eq!(
            run(h("*"), false, "PUT", &["authorization", "x-a"]),
            err(HeaderDisallowedByPreflightResponse, Some("authorization"))
        );
        assert_eq!(
            run(
                h("*, Authorization"),
                false,
                "PUT",
                &["authorization", "x-a"]
            ),
            Ok(())
        );
        assert_eq!(
            run(h("*"), true, "PUT", &["x-a"]),
            err(HeaderDisallowedByPreflightResponse, Some("x-a"))
        );
    }
}
