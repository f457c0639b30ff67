//! Which requests a browser sends without asking first: CORS-safelisted methods and request
//! headers (Fetch standard, "CORS-safelisted request-header" and "CORS-unsafe request-header
//! names"), and so whether a request needs a preflight.

use http::{HeaderName, HeaderValue, Method};

/// Longest value a safelisted request header may have.
const MAX_SAFELISTED_VALUE: usize = 128;
/// Past this many bytes of safelisted values in total, every one of them counts as unsafe.
const MAX_SAFELISTED_TOTAL: usize = 1024;

/// The request's header list as the page set it: lowercase names, values already trimmed.
pub(super) type HeaderList = [(HeaderName, HeaderValue)];

/// Whether the request needs a CORS preflight: its method is not safelisted or one of its
/// headers is not.
pub(super) fn needs_preflight(method: &Method, headers: &HeaderList) -> bool {
    !cors_rules::method::is_safelisted(method.as_str()) || !unsafe_names(headers).is_empty()
}

/// The CORS-unsafe request-header names: lowercase, byte-sorted, deduplicated. This is the
/// preflight's `Access-Control-Request-Headers`, and the order Chromium checks them in.
pub(super) fn unsafe_names(headers: &HeaderList) -> Vec<&str> {
    let mut unsafe_names = Vec::new();
    let mut potentially_unsafe = Vec::new();
    let mut safelisted_size = 0;
    for (name, value) in headers {
        if is_safelisted(name, value.as_bytes()) {
            potentially_unsafe.push(name.as_str());
            safelisted_size += value.len();
        } else {
            unsafe_names.push(name.as_str());
        }
    }
    if safelisted_size > MAX_SAFELISTED_TOTAL {
        unsafe_names.append(&mut potentially_unsafe);
    }
    unsafe_names.sort_unstable();
    unsafe_names.dedup();
    unsafe_names
}

/// Fetch's "CORS-safelisted request-header" for one header.
fn is_safelisted(name: &HeaderName, value: &[u8]) -> bool {
    if value.len() > MAX_SAFELISTED_VALUE {
        return false;
    }
    match name.as_str() {
        "accept" => !value.iter().copied().any(is_unsafe_byte),
        "accept-language" | "content-language" => value.iter().all(|&b| {
            b.is_ascii_alphanumeric() || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')
        }),
        "content-type" => {
            !value.iter().copied().any(is_unsafe_byte)
                && matches!(
                    mime_essence(value).as_deref(),
                    Some(
                        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
                    )
                )
        }
        "range" => matches!(single_byte_range(value), Some((Some(_), _))),
        _ => false,
    }
}

/// Fetch's "CORS-unsafe request-header byte".
fn is_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\t')
        || matches!(
            b,
            b'"' | b'('
                | b')'
                | b':'
                | b'<'
                | b'>'
                | b'?'
                | b'@'
                | b'['
                | b'\\'
                | b']'
                | b'{'
                | b'}'
                | 0x7f
        )
}

/// The essence (`type/subtype`, lowercase) of a MIME type, or `None` when it does not parse
/// (MIME Sniffing standard: parameters cannot make a parse fail, so they are not read).
fn mime_essence(value: &[u8]) -> Option<String> {
    let is_ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let start = value.iter().position(|b| !is_ws(b))?;
    let end = value.iter().rposition(|b| !is_ws(b))? + 1;
    let value = &value[start..end];
    let slash = value.iter().position(|&b| b == b'/')?;
    let (kind, rest) = (&value[..slash], &value[slash + 1..]);
    let subtype = rest.split(|&b| b == b';').next().unwrap_or_default();
    let subtype_end = subtype.iter().rposition(|b| !is_ws(b)).map_or(0, |i| i + 1);
    let subtype = &subtype[..subtype_end];
    let token = |s: &[u8]| !s.is_empty() && s.iter().all(|&b| cors_rules::token::is_tchar(b));
    if !token(kind) || !token(subtype) {
        return None;
    }
    let mut essence = String::from_utf8_lossy(kind).to_ascii_lowercase();
    essence.push('/');
    essence.push_str(&String::from_utf8_lossy(subtype).to_ascii_lowercase());
    Some(essence)
}

/// Fetch's "parse a single range header value" without whitespace: `bytes=N-`, `bytes=N-M` or
/// `bytes=-M`, as (start, end).
fn single_byte_range(value: &[u8]) -> Option<(Option<u64>, Option<u64>)> {
    let unit_end = value
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(value.len());
    if !value[..unit_end].eq_ignore_ascii_case(b"bytes") {
        return None;
    }
    let rest = value[unit_end..].strip_prefix(b"=")?;
    let digits = |s: &[u8]| -> Option<(Option<u64>, usize)> {
        let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return Some((None, 0));
        }
        // A number too large for u64 is not a range a browser would send as safelisted.
        let parsed = std::str::from_utf8(&s[..n]).ok()?.parse().ok()?;
        Some((Some(parsed), n))
    };
    let (start, n) = digits(rest)?;
    let rest = rest[n..].strip_prefix(b"-")?;
    let (end, n) = digits(rest)?;
    if n != rest.len() {
        return None;
    }
    match (start, end) {
        (None, None) => None,
        (Some(s), Some(e)) if s > e => None,
        range => Some(range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(headers: &[(&str, &[u8])]) -> Vec<(HeaderName, HeaderValue)> {
        headers
            .iter()
            .map(|(n, v)| (n.parse().unwrap(), HeaderValue::from_bytes(v).unwrap()))
            .collect()
    }

    #[test]
    fn methods_get_head_post_need_no_preflight_others_do() {
        for m in ["GET", "HEAD", "POST"] {
            assert!(!needs_preflight(&m.parse().unwrap(), &[]), "{m}");
        }
        for m in ["PUT", "DELETE", "PATCH", "patch", "OPTIONS"] {
            assert!(needs_preflight(&m.parse().unwrap(), &[]), "{m}");
        }
    }

    #[test]
    fn content_type_only_the_three_essences_parameters_ignored() {
        for ok in [
            &b"text/plain"[..],
            b"text/plain;charset=UTF-8",
            b" Text/Plain ; x=y",
            b"application/x-www-form-urlencoded",
            b"multipart/form-data; boundary=abc",
        ] {
            assert!(
                unsafe_names(&list(&[("content-type", ok)])).is_empty(),
                "{ok:?}"
            );
        }
        for bad in [
            &b"application/json"[..],
            b"text/html",
            b"text/plain/x",
            b"text",
            b"text/plain; charset=\"utf-8\"", // `"` is an unsafe byte
            b"",
        ] {
            assert_eq!(
                unsafe_names(&list(&[("content-type", bad)])),
                ["content-type"],
                "{bad:?}"
            );
        }
    }

    #[test]
    fn value_longer_than_128_bytes_is_unsafe() {
        let at_limit = vec![b'a'; 128];
        let over = vec![b'a'; 129];
        assert!(unsafe_names(&list(&[("accept", &at_limit)])).is_empty());
        assert_eq!(unsafe_names(&list(&[("accept", &over)])), ["accept"]);
    }

    #[test]
    fn safelisted_values_over_1024_bytes_together_all_become_unsafe() {
        let v = vec![b'a'; 128];
        let mut headers = list(&[("accept", &v), ("content-language", &v)]);
        for _ in 0..7 {
            headers.extend(list(&[("accept-language", &v)]));
        }
        // 9 × 128 = 1152 bytes: every safelisted name is now unsafe, deduplicated and sorted.
        assert_eq!(
            unsafe_names(&headers),
            ["accept", "accept-language", "content-language"]
        );
        headers.truncate(8); // 1024 bytes: at the limit, still safelisted
        assert!(unsafe_names(&headers).is_empty());
    }

    #[test]
    fn unsafe_bytes_and_language_characters() {
        assert_eq!(unsafe_names(&list(&[("accept", b"a{b")])), ["accept"]);
        assert_eq!(unsafe_names(&list(&[("accept", b"a:b")])), ["accept"]);
        assert!(unsafe_names(&list(&[("accept", b"text/html, */*;q=0.8")])).is_empty());
        assert!(unsafe_names(&list(&[("accept-language", b"en-US,en;q=0.9")])).is_empty());
        assert_eq!(
            unsafe_names(&list(&[("content-language", b"en_US")])),
            ["content-language"]
        );
    }

    #[test]
    fn range_only_with_a_start() {
        for ok in [&b"bytes=0-"[..], b"bytes=5-10", b"BYTES=0-0"] {
            assert!(unsafe_names(&list(&[("range", ok)])).is_empty(), "{ok:?}");
        }
        for bad in [
            &b"bytes=-5"[..],
            b"bytes=10-5",
            b"bytes= 0-",
            b"bytes=0-1,3-4",
            b"items=0-",
            b"bytes=-",
        ] {
            assert_eq!(unsafe_names(&list(&[("range", bad)])), ["range"], "{bad:?}");
        }
    }

    #[test]
    fn unsafe_names_are_sorted_lowercase_and_deduplicated() {
        let headers = list(&[
            ("x-b", b"1"),
            ("authorization", b"t"),
            ("x-a", b"1"),
            ("x-b", b"2"),
            ("content-type", b"application/json"),
            ("accept", b"*/*"),
        ]);
        assert_eq!(
            unsafe_names(&headers),
            ["authorization", "content-type", "x-a", "x-b"]
        );
        assert!(needs_preflight(&Method::GET, &headers));
    }
}
