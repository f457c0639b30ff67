//! Why the model blocked a fetch, named and worded as Chromium names and words it.
//!
//! The kinds carry the names of Chromium's `network::mojom::CorsError` values (which DevTools
//! reports as `corsErrorStatus.corsError`), so a test failure can be compared with what a real
//! browser reported; the `Display` text is the line Chromium prints in the console for a failed
//! `fetch()`.

use std::fmt;

/// The step of the Fetch standard that failed. Variant names are Chromium's own names for the same
/// failure (`Debug` prints them), so the model's verdict can be compared with a real browser's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CorsErrorKind {
    /// The preflight was answered with a redirect, which a preflight may never follow.
    PreflightDisallowedRedirect,
    /// The preflight passed the CORS check but its status is not 2xx.
    PreflightInvalidStatus,
    /// The preflight response has no `Access-Control-Allow-Origin`.
    PreflightMissingAllowOriginHeader,
    /// The preflight's `Access-Control-Allow-Origin` lists several values (or comes in several
    /// lines).
    PreflightMultipleAllowOriginValues,
    /// The preflight's `Access-Control-Allow-Origin` is not an origin, `*` or `null`.
    PreflightInvalidAllowOriginValue,
    /// The preflight's `Access-Control-Allow-Origin` is another origin.
    PreflightAllowOriginMismatch,
    /// The preflight of a credentialed request answered `Access-Control-Allow-Origin: *`.
    PreflightWildcardOriginNotAllowed,
    /// The preflight of a credentialed request lacks `Access-Control-Allow-Credentials: true`.
    PreflightInvalidAllowCredentials,
    /// The preflight's `Access-Control-Allow-Methods` is not a list of method names.
    InvalidAllowMethodsPreflightResponse,
    /// The preflight's `Access-Control-Allow-Headers` is not a list of header names.
    InvalidAllowHeadersPreflightResponse,
    /// The preflight does not allow the request's method.
    MethodDisallowedByPreflightResponse,
    /// The preflight does not allow one of the request's headers.
    HeaderDisallowedByPreflightResponse,
    /// The response has no `Access-Control-Allow-Origin`.
    MissingAllowOriginHeader,
    /// The response's `Access-Control-Allow-Origin` lists several values (or comes in several
    /// lines).
    MultipleAllowOriginValues,
    /// The response's `Access-Control-Allow-Origin` is not an origin, `*` or `null`.
    InvalidAllowOriginValue,
    /// The response's `Access-Control-Allow-Origin` is another origin.
    AllowOriginMismatch,
    /// A credentialed request was answered `Access-Control-Allow-Origin: *`.
    WildcardOriginNotAllowed,
    /// A credentialed request was answered without `Access-Control-Allow-Credentials: true`.
    InvalidAllowCredentials,
    /// More than 20 redirects (Chromium: `net::ERR_TOO_MANY_REDIRECTS`, not a CORS error).
    TooManyRedirects,
    /// Not a browser verdict: the response redirects to another server, which the model cannot
    /// reach (it only talks to the one `Router` it was given).
    RedirectNotModelled,
}

impl CorsErrorKind {
    /// Whether the failure is in the preflight (the request itself was never sent).
    pub fn is_preflight(self) -> bool {
        use CorsErrorKind::*;
        matches!(
            self,
            PreflightDisallowedRedirect
                | PreflightInvalidStatus
                | PreflightMissingAllowOriginHeader
                | PreflightMultipleAllowOriginValues
                | PreflightInvalidAllowOriginValue
                | PreflightAllowOriginMismatch
                | PreflightWildcardOriginNotAllowed
                | PreflightInvalidAllowCredentials
                | InvalidAllowMethodsPreflightResponse
                | InvalidAllowHeadersPreflightResponse
                | MethodDisallowedByPreflightResponse
                | HeaderDisallowedByPreflightResponse
        )
    }
}

/// A fetch the model blocked: which step failed, on which value, for which page and URL.
///
/// `Display` prints the line Chromium prints in the console, e.g. `Access to fetch at
/// '/users/7' from origin 'https://app.example.com' has been blocked by CORS policy: Response to
/// preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is
/// present on the requested resource. ...`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsError {
    kind: CorsErrorKind,
    /// Chromium's "failed parameter": the offending header value, method or header name.
    value: Option<String>,
    origin: String,
    url: String,
    redirected_from: Option<String>,
}

impl CorsError {
    pub(super) fn new(
        kind: CorsErrorKind,
        value: Option<String>,
        origin: &str,
        url: impl Into<String>,
    ) -> Self {
        CorsError {
            kind,
            value,
            origin: origin.to_owned(),
            url: url.into(),
            redirected_from: None,
        }
    }

    /// The same error, for a request that reached its URL through redirects from `first_url`.
    pub(super) fn redirected_from(mut self, first_url: &str) -> Self {
        self.redirected_from = Some(first_url.to_owned());
        self
    }

    /// Which step failed.
    pub fn kind(&self) -> CorsErrorKind {
        self.kind
    }

    /// The value the step failed on, when there is one: the `Access-Control-Allow-Origin` or
    /// `-Credentials` value received, the method or (lowercase) header name not allowed, or the
    /// redirect target the model could not follow.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }

    /// The URL fetched when the step failed (after redirects), as given to the model.
    pub fn url(&self) -> &str {
        &self.url
    }
}

/// What Chromium appends to an `Access-Control-Allow-Origin` complaint about a present value.
const NO_CORS_HINT: &str = " Have the server send the header with a valid value.";

const PREFLIGHT: &str = "Response to preflight request doesn't pass access control check: ";

impl fmt::Display for CorsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CorsErrorKind::*;
        let value = self.value.as_deref().unwrap_or("");
        match self.kind {
            TooManyRedirects => {
                return write!(
                    f,
                    "fetch of '{}' failed: net::ERR_TOO_MANY_REDIRECTS",
                    self.url
                )
            }
            RedirectNotModelled => {
                return write!(
                    f,
                    "fetch of '{}' redirected to '{value}', another server: the browser model \
                     only reaches the Router it was given",
                    self.url
                )
            }
            _ => {}
        }
        write!(f, "Access to fetch at '{}' ", self.url)?;
        if let Some(first) = &self.redirected_from {
            write!(f, "(redirected from '{first}') ")?;
        }
        write!(
            f,
            "from origin '{}' has been blocked by CORS policy: ",
            self.origin
        )?;
        if self.kind.is_preflight()
            && !matches!(
                self.kind,
                InvalidAllowMethodsPreflightResponse
                    | InvalidAllowHeadersPreflightResponse
                    | MethodDisallowedByPreflightResponse
                    | HeaderDisallowedByPreflightResponse
            )
        {
            f.write_str(PREFLIGHT)?;
        }
        match self.kind {
            PreflightDisallowedRedirect => {
                f.write_str("Redirect is not allowed for a preflight request.")
            }
            PreflightInvalidStatus => f.write_str("It does not have HTTP ok status."),
            PreflightMissingAllowOriginHeader | MissingAllowOriginHeader => f.write_str(
                "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            ),
            PreflightMultipleAllowOriginValues | MultipleAllowOriginValues => write!(
                f,
                "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but \
                 only one is allowed.{NO_CORS_HINT}"
            ),
            PreflightInvalidAllowOriginValue | InvalidAllowOriginValue => write!(
                f,
                "The 'Access-Control-Allow-Origin' header contains the invalid value \
                 '{value}'.{NO_CORS_HINT}"
            ),
            PreflightAllowOriginMismatch | AllowOriginMismatch => write!(
                f,
                "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal \
                 to the supplied origin.{NO_CORS_HINT}"
            ),
            PreflightWildcardOriginNotAllowed | WildcardOriginNotAllowed => f.write_str(
                "The value of the 'Access-Control-Allow-Origin' header in the response must not \
                 be the wildcard '*' when the request's credentials mode is 'include'.",
            ),
            PreflightInvalidAllowCredentials | InvalidAllowCredentials => write!(
                f,
                "The value of the 'Access-Control-Allow-Credentials' header in the response is \
                 '{value}' which must be 'true' when the request's credentials mode is 'include'."
            ),
            InvalidAllowMethodsPreflightResponse => f.write_str(
                "Cannot parse Access-Control-Allow-Methods response header field in preflight \
                 response.",
            ),
            InvalidAllowHeadersPreflightResponse => f.write_str(
                "Cannot parse Access-Control-Allow-Headers response header field in preflight \
                 response.",
            ),
            MethodDisallowedByPreflightResponse => write!(
                f,
                "Method {value} is not allowed by Access-Control-Allow-Methods in preflight \
                 response."
            ),
            HeaderDisallowedByPreflightResponse => write!(
                f,
                "Request header field {value} is not allowed by Access-Control-Allow-Headers in \
                 preflight response."
            ),
            TooManyRedirects | RedirectNotModelled => Ok(()),
        }
    }
}

impl std::error::Error for CorsError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: CorsErrorKind, value: Option<&str>) -> String {
        CorsError::new(kind, value.map(str::to_owned), "https://a.test", "/x").to_string()
    }

    #[test]
    fn preflight_failures_of_the_access_check_carry_chromiums_preflight_prefix() {
        let s = line(CorsErrorKind::PreflightMissingAllowOriginHeader, None);
        assert!(
            s.starts_with(
                "Access to fetch at '/x' from origin 'https://a.test' has been blocked by CORS \
             policy: Response to preflight request doesn't pass access control check: No \
             'Access-Control-Allow-Origin' header"
            ),
            "{s}"
        );
        let s = line(CorsErrorKind::MissingAllowOriginHeader, None);
        assert!(!s.contains("preflight"), "{s}");
    }

    #[test]
    fn method_and_header_failures_name_the_value_without_the_prefix() {
        let s = line(
            CorsErrorKind::MethodDisallowedByPreflightResponse,
            Some("PUT"),
        );
        assert!(s.ends_with(
            "blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods \
             in preflight response."
        ), "{s}");
        let s = line(
            CorsErrorKind::HeaderDisallowedByPreflightResponse,
            Some("x-foo"),
        );
        assert!(s.ends_with(
            "policy: Request header field x-foo is not allowed by Access-Control-Allow-Headers in \
             preflight response."
        ), "{s}");
    }

    #[test]
    fn credentials_failure_quotes_the_value_received() {
        let s = line(CorsErrorKind::InvalidAllowCredentials, Some(""));
        assert!(s.contains("'Access-Control-Allow-Credentials' header in the response is '' which"));
        assert!(CorsErrorKind::PreflightInvalidAllowCredentials.is_preflight());
        assert!(!CorsErrorKind::InvalidAllowCredentials.is_preflight());
    }

    #[test]
    fn debug_names_are_chromiums_cors_error_names() {
        assert_eq!(
            format!("{:?}", CorsErrorKind::PreflightMissingAllowOriginHeader),
            "PreflightMissingAllowOriginHeader"
        );
    }
}
