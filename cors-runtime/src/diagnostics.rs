//! Telling a developer why CORS refused a request, without telling a stranger more than needed.
//!
//! The decisions are made elsewhere (`preflight.rs`, `actual.rs`); this file only reports them:
//! a `debug` event (target `cors_runtime`) per refused preflight and per actual request whose
//! response the page may not read, a `trace` event per allowed decision, and, when the router was
//! built with `debug_reasons(true)`, the reason in the [`DEBUG_REASON_HEADER`] response header.
//!
//! A request value quoted in an event or the header goes through [`Escaped`]: printable ASCII is
//! kept, every other byte (CR, LF, other controls, non-ASCII) is written as `\xNN`, and the value
//! is cut after [`MAX_QUOTED`] bytes. A hostile header can then never start a new log line, forge
//! a field, or make the line (or the header) large.
//!
//! Cost: event fields are only evaluated when a subscriber listens at that level, and nothing is
//! judged a second time unless an event or the debug header will carry it.

use std::fmt;

use http::header::{ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::actual::ActualVerdict;
use crate::preflight::{PreflightAnswer, Rejection};

/// The target of every event of this crate, whatever module emits it: `RUST_LOG=cors_runtime=debug`.
pub(crate) const TARGET: &str = "cors_runtime";

/// The response header `debug_reasons(true)` adds to a refused request's response.
pub(crate) static DEBUG_REASON_HEADER: HeaderName = HeaderName::from_static("x-cors-reason");

/// Longest request value quoted, in bytes, before escaping.
pub(crate) const MAX_QUOTED: usize = 64;

/// Longest reason text put in the debug header, in bytes, before escaping.
const MAX_REASON: usize = 256;

/// A request value as events and the debug header quote it: printable ASCII as it is (`\` doubled,
/// so an escape is never ambiguous), any other byte as `\xNN`, cut after [`MAX_QUOTED`] bytes with
/// `...`. Writes straight into the formatter: no allocation.
#[derive(Clone, Copy)]
pub(crate) struct Escaped<'a>(pub(crate) &'a [u8]);

impl Escaped<'_> {
    fn write_capped(bytes: &[u8], cap: usize, f: &mut impl fmt::Write) -> fmt::Result {
        let cut = &bytes[..bytes.len().min(cap)];
        for &b in cut {
            match b {
                b'\\' => f.write_str("\\\\")?,
                0x20..=0x7e => f.write_char(char::from(b))?,
                _ => write!(f, "\\x{b:02x}")?,
            }
        }
        if cut.len() < bytes.len() {
            f.write_str("...")?;
        }
        Ok(())
    }
}

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Self::write_capped(self.0, MAX_QUOTED, f)
    }
}

/// [`Escaped`] without the cut: for values the router wrote itself (response headers).
pub(crate) struct Uncut<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Uncut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Escaped::write_capped(self.0, usize::MAX, f)
    }
}

impl fmt::Debug for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The request value a rejection is about, as the request sent it: what a developer needs to see
/// beside the reason. Never a cookie's value: for credentials it is the header's name.
pub(crate) fn offending<'a>(rejection: &'a Rejection, request: &'a HeaderMap) -> &'a [u8] {
    match rejection {
        Rejection::OriginNotAllowed => header(request, &ORIGIN),
        Rejection::MalformedRequestMethod | Rejection::NoPolicy => {
            header(request, &ACCESS_CONTROL_REQUEST_METHOD)
        }
        Rejection::MethodNotAllowed(method) => method.as_bytes(),
        Rejection::MalformedRequestHeaders(_) => header(request, &ACCESS_CONTROL_REQUEST_HEADERS),
        Rejection::HeaderNotAllowed(name) => name.as_bytes(),
        Rejection::AuthorizationNotListed => b"authorization",
        Rejection::PrivateNetworkNotAllowed => b"access-control-request-private-network: true",
        Rejection::MalformedRequestPrivateNetwork => b"access-control-request-private-network",
        Rejection::CredentialsNotAllowed => b"cookie",
    }
}

/// The debug header's value for `rejection`: its sentence, escaped and cut, always a valid value.
pub(crate) fn reason_header(rejection: &Rejection) -> HeaderValue {
    let text = rejection.to_string().replace('…', "...");
    let mut escaped = String::new();
    // Writing into a String cannot fail.
    let _ = Escaped::write_capped(text.as_bytes(), MAX_REASON, &mut escaped);
    // Only printable ASCII is left, which is always a valid header value.
    HeaderValue::from_str(&escaped).unwrap_or_else(|_| HeaderValue::from_static("refused"))
}

/// Whether anything will read a report: the debug header, or a subscriber listening at `debug`.
pub(crate) fn wanted(debug_reasons: bool) -> bool {
    debug_reasons || tracing::enabled!(target: TARGET, tracing::Level::DEBUG)
}

/// Reports a preflight's answer, reached at `route` for the requested method: a `debug` event
/// when rejected, a `trace` event when allowed; the debug header when `debug_reasons`.
pub(crate) fn report_preflight(
    route: &str,
    request: &HeaderMap,
    answer: &mut PreflightAnswer,
    debug_reasons: bool,
) {
    let method = Escaped(header(request, &ACCESS_CONTROL_REQUEST_METHOD));
    match &answer.rejection {
        Some(rejection) => {
            refused("CORS preflight rejected", route, method, rejection, request);
            if debug_reasons {
                let value = reason_header(rejection);
                answer.headers.insert(DEBUG_REASON_HEADER.clone(), value);
            }
        }
        None => allowed("CORS preflight allowed", route, method, request),
    }
}

/// Reports the verdict on an actual request with method `method` reached at `route`; returns the
/// debug header's value when `debug_reasons` and the request was refused. Nothing for a request
/// without `Origin`.
pub(crate) fn report_actual(
    route: &str,
    method: &str,
    request: &HeaderMap,
    verdict: &ActualVerdict,
    debug_reasons: bool,
) -> Option<HeaderValue> {
    const REFUSED: &str = "CORS request refused: the page may not read the response";
    match verdict {
        ActualVerdict::NotCors => None,
        ActualVerdict::Refused(rejection) => {
            refused(REFUSED, route, method, rejection, request);
            debug_reasons.then(|| reason_header(rejection))
        }
        ActualVerdict::Allowed => {
            allowed("CORS request allowed", route, method, request);
            None
        }
    }
}

/// The one `debug` event of a refusal. Its fields are only evaluated when a subscriber listens.
fn refused(
    what: &'static str,
    route: &str,
    method: impl fmt::Display,
    rejection: &Rejection,
    request: &HeaderMap,
) {
    tracing::debug!(
        target: TARGET,
        route = %route,
        method = %method,
        reason = %rejection,
        value = %Escaped(offending(rejection, request)),
        origin = %Escaped(header(request, &ORIGIN)),
        "{what}"
    );
}

/// The `trace` event of an allowed decision.
fn allowed(what: &'static str, route: &str, method: impl fmt::Display, request: &HeaderMap) {
    tracing::trace!(
        target: TARGET,
        route = %route,
        method = %method,
        origin = %Escaped(header(request, &ORIGIN)),
        "{what}"
    );
}

/// The first line of header `name`, or nothing.
fn header<'a>(request: &'a HeaderMap, name: &HeaderName) -> &'a [u8] {
    request.get(name).map_or(&b""[..], HeaderValue::as_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_control_byte() {
        let table: &[(&[u8], &str)] = &[
            (b"https://a.test", "https://a.test"),
            (b"a\r\nb", "a\\x0d\\x0ab"),
            (b"\x00\x1b[31m\x7f", "\\x00\\x1b[31m\\x7f"),
            (b"tab\there", "tab\\x09here"),
            (b"back\\slash", "back\\\\slash"),
            ("é\u{2028}".as_bytes(), "\\xc3\\xa9\\xe2\\x80\\xa8"),
            (b"", ""),
        ];
        for (raw, escaped) in table {
            assert_eq!(Escaped(raw).to_string(), *escaped, "{raw:?}");
        }
    }

    #[test]
    fn escaping_cuts_long_values() {
        let long = [b'a'; 1000];
        assert_eq!(
            Escaped(&long).to_string(),
            format!("{}...", "a".repeat(MAX_QUOTED))
        );
        // Escaping can quadruple a byte, never more: the cut bounds the output.
        let hostile = [b'\n'; 1000];
        assert_eq!(Escaped(&hostile).to_string().len(), MAX_QUOTED * 4 + 3);
    }

    #[test]
    fn the_reason_header_is_always_a_valid_value() {
        let long = format!("x-{}", "y".repeat(300));
        for rejection in [
            Rejection::OriginNotAllowed,
            Rejection::HeaderNotAllowed(long),
            Rejection::MethodNotAllowed("PUT…".into()),
        ] {
            let value = reason_header(&rejection);
            let text = value.to_str().unwrap();
            assert!(text.bytes().all(|b| (0x20..0x7f).contains(&b)), "{text}");
            assert!(text.len() <= MAX_REASON + 3, "{}", text.len());
        }
        assert_eq!(
            reason_header(&Rejection::MethodNotAllowed("PUT…".into())),
            "method `PUT...` is not allowed by the policy (methods are case-sensitive)"
        );
    }
}
