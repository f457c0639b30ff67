//! The CORS check (Fetch standard): does a response's `Access-Control-Allow-Origin` (and, for a
//! credentialed request, `Access-Control-Allow-Credentials`) let the page's origin read it? Run on
//! the preflight response and on the actual response (each redirect hop included).

use http::header::{ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN};
use http::{HeaderMap, HeaderName};

use super::error::CorsErrorKind;

/// How the CORS check failed; the same failures exist for the preflight and the actual response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AccessFailure {
    Missing,
    MultipleValues,
    InvalidValue,
    Mismatch,
    Wildcard,
    Credentials,
}

impl AccessFailure {
    /// Chromium's name for the failure, on a preflight or on the actual response.
    pub(super) fn kind(self, preflight: bool) -> CorsErrorKind {
        use CorsErrorKind::*;
        match (self, preflight) {
            (Self::Missing, true) => PreflightMissingAllowOriginHeader,
            (Self::Missing, false) => MissingAllowOriginHeader,
            (Self::MultipleValues, true) => PreflightMultipleAllowOriginValues,
            (Self::MultipleValues, false) => MultipleAllowOriginValues,
            (Self::InvalidValue, true) => PreflightInvalidAllowOriginValue,
            (Self::InvalidValue, false) => InvalidAllowOriginValue,
            (Self::Mismatch, true) => PreflightAllowOriginMismatch,
            (Self::Mismatch, false) => AllowOriginMismatch,
            (Self::Wildcard, true) => PreflightWildcardOriginNotAllowed,
            (Self::Wildcard, false) => WildcardOriginNotAllowed,
            (Self::Credentials, true) => PreflightInvalidAllowCredentials,
            (Self::Credentials, false) => InvalidAllowCredentials,
        }
    }
}

/// A header as a browser reads it: every line's value, trimmed, joined by `, ` (so two lines of
/// `Access-Control-Allow-Origin` read as one value with a comma, which then fails).
pub(super) fn combined(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    let mut values = headers.get_all(name).iter().peekable();
    values.peek()?;
    let parts: Vec<String> = values
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .trim_matches([' ', '\t'])
                .to_owned()
        })
        .collect();
    Some(parts.join(", "))
}

/// The CORS check, with the failure and the value it failed on. Checks in Chromium's order, so
/// that the reported failure is the one Chromium reports.
pub(super) fn cors_check(
    headers: &HeaderMap,
    origin: &str,
    credentials: bool,
) -> Result<(), (AccessFailure, Option<String>)> {
    let Some(allow_origin) = combined(headers, &ACCESS_CONTROL_ALLOW_ORIGIN) else {
        return Err((AccessFailure::Missing, None));
    };
    if allow_origin == "*" {
        // With credentials, `*` is a literal that never equals an origin.
        return if credentials {
            Err((AccessFailure::Wildcard, None))
        } else {
            Ok(())
        };
    }
    if allow_origin != origin {
        let failure = if allow_origin.contains([' ', ',']) {
            AccessFailure::MultipleValues
        } else if allow_origin == "null" || looks_like_url(&allow_origin) {
            AccessFailure::Mismatch
        } else {
            AccessFailure::InvalidValue
        };
        return Err((failure, Some(allow_origin)));
    }
    if credentials {
        let allow_credentials = combined(headers, &ACCESS_CONTROL_ALLOW_CREDENTIALS);
        // Case-sensitive: `True` is not `true`.
        if allow_credentials.as_deref() != Some("true") {
            return Err((
                AccessFailure::Credentials,
                Some(allow_credentials.unwrap_or_default()),
            ));
        }
    }
    Ok(())
}

/// Whether a mismatching `Access-Control-Allow-Origin` is at least URL-shaped (Chromium calls any
/// other value "invalid" rather than "not equal"): a scheme, `:`, and something after it; for the
/// schemes with hosts, `//` and a host.
fn looks_like_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return false;
    }
    let special = ["http", "https", "ws", "wss", "ftp"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme));
    if special {
        let host = rest.trim_start_matches(['/', '\\']);
        !host.is_empty() && !host.starts_with([':', '?', '#'])
    } else {
        !rest.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const O: &str = "https://app.test";

    fn check(
        lines: &[(&str, &str)],
        credentials: bool,
    ) -> Result<(), (AccessFailure, Option<String>)> {
        let mut headers = HeaderMap::new();
        for (n, v) in lines {
            headers.append(
                HeaderName::from_bytes(n.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        cors_check(&headers, O, credentials)
    }

    const ACAO: &str = "access-control-allow-origin";
    const ACAC: &str = "access-control-allow-credentials";

    #[test]
    fn exact_origin_or_star_without_credentials() {
        assert_eq!(check(&[(ACAO, O)], false), Ok(()));
        assert_eq!(check(&[(ACAO, "*")], false), Ok(()));
        // Whitespace around the value is not part of it.
        assert_eq!(check(&[(ACAO, " https://app.test ")], false), Ok(()));
    }

    #[test]
    fn missing_mismatch_and_invalid_values() {
        assert_eq!(check(&[], false), Err((AccessFailure::Missing, None)));
        let e = |f, v: &str| Err((f, Some(v.to_owned())));
        assert_eq!(
            check(&[(ACAO, "https://other.test")], false),
            e(AccessFailure::Mismatch, "https://other.test")
        );
        // Byte for byte: case and a trailing slash matter.
        assert_eq!(
            check(&[(ACAO, "https://APP.test")], false),
            e(AccessFailure::Mismatch, "https://APP.test")
        );
        assert_eq!(
            check(&[(ACAO, "https://app.test/")], false),
            e(AccessFailure::Mismatch, "https://app.test/")
        );
        assert_eq!(
            check(&[(ACAO, "null")], false),
            e(AccessFailure::Mismatch, "null")
        );
        assert_eq!(
            check(&[(ACAO, "app.test")], false),
            e(AccessFailure::InvalidValue, "app.test")
        );
        assert_eq!(
            check(&[(ACAO, "")], false),
            e(AccessFailure::InvalidValue, "")
        );
        assert_eq!(
            check(&[(ACAO, "https://")], false),
            e(AccessFailure::InvalidValue, "https://")
        );
    }

    #[test]
    fn several_values_or_lines_fail_as_multiple() {
        let e = |v: &str| Err((AccessFailure::MultipleValues, Some(v.to_owned())));
        assert_eq!(
            check(&[(ACAO, "https://app.test, https://b.test")], false),
            e("https://app.test, https://b.test")
        );
        assert_eq!(
            check(&[(ACAO, O), (ACAO, O)], false),
            e("https://app.test, https://app.test")
        );
    }

    #[test]
    fn credentials_need_the_exact_origin_and_true() {
        assert_eq!(check(&[(ACAO, O), (ACAC, "true")], true), Ok(()));
        assert_eq!(
            check(&[(ACAO, "*"), (ACAC, "true")], true),
            Err((AccessFailure::Wildcard, None))
        );
        let e = |v: &str| Err((AccessFailure::Credentials, Some(v.to_owned())));
        assert_eq!(check(&[(ACAO, O)], true), e(""));
        assert_eq!(check(&[(ACAO, O), (ACAC, "True")], true), e("True"));
        assert_eq!(
            check(&[(ACAO, O), (ACAC, "true"), (ACAC, "true")], true),
            e("true, true")
        );
        // Without credentials the header is not read.
        assert_eq!(check(&[(ACAO, O), (ACAC, "nope")], false), Ok(()));
    }

    #[test]
    fn the_null_origin_matches_a_literal_null() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, "null".parse().unwrap());
        assert_eq!(cors_check(&headers, "null", false), Ok(()));
    }

    #[test]
    fn kinds_differ_for_preflight_and_actual() {
        assert_eq!(
            AccessFailure::Missing.kind(true),
            CorsErrorKind::PreflightMissingAllowOriginHeader
        );
        assert_eq!(
            AccessFailure::Missing.kind(false),
            CorsErrorKind::MissingAllowOriginHeader
        );
        assert_eq!(
            AccessFailure::Credentials.kind(true),
            CorsErrorKind::PreflightInvalidAllowCredentials
        );
    }
}
