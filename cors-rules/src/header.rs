//! Header names in a policy's `headers` (allowed request headers) and `expose` lists.

use crate::problem::Fault;
use crate::token::is_token;

/// The Fetch standard's forbidden request-header names, lowercase: browsers set these themselves
/// and never let a page send them, so allowing one is a mistake.
const FORBIDDEN_REQUEST: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Whether a page can never send a request header of this name (any case): the Fetch standard's
/// forbidden request-header names, and every `proxy-*` or `sec-*` name.
pub fn is_forbidden_request_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    FORBIDDEN_REQUEST.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
}

/// Whether the name belongs to the CORS protocol itself (`access-control-*`, any case).
pub fn is_cors_protocol_header(name: &str) -> bool {
    name.len() >= 15 && name[..15].eq_ignore_ascii_case("access-control-")
}

/// Whether a response header of this name can never be read by a page (`set-cookie`,
/// `set-cookie2`, any case).
pub fn is_forbidden_response_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("set-cookie") || name.eq_ignore_ascii_case("set-cookie2")
}

fn invalid(name: &str) -> Fault {
    if name.is_empty() {
        return Fault::new("empty header name", "remove the empty entry");
    }
    if !name.is_ascii() {
        return Fault::new(
            format!("`{name}` is not a valid header name: header names are ASCII"),
            "a header name is a token: letters, digits and `!#$%&'*+-.^_`|~`, such as \
             \"x-request-id\"",
        );
    }
    Fault::new(
        format!("`{name}` is not a valid header name"),
        "a header name is a token: letters, digits and `!#$%&'*+-.^_`|~`, such as \
         \"x-request-id\"",
    )
}

/// Checks one entry of an allowed-request-headers list (not `*`, which only the policy can
/// judge).
pub fn check_request_header(name: &str) -> Result<(), Fault> {
    let problem = |message: String, help: &str| Fault::new(message, help);
    if !is_token(name) {
        return Err(invalid(name));
    }
    if is_cors_protocol_header(name) {
        return Err(problem(
            format!(
                "`{name}` is a CORS protocol header; pages never send it, the browser and the \
                 server do"
            ),
            "remove it: the CORS headers are handled for you",
        ));
    }
    if is_forbidden_request_header(name) {
        let help = if name.to_ascii_lowercase().starts_with("cookie") {
            "remove it; cookies are sent when the policy has `credentials`, not by allowing a header"
        } else {
            "remove it: the browser sends it by itself when it applies"
        };
        return Err(problem(
            format!(
                "`{name}` is a forbidden request header: browsers set it themselves and never let \
                 a page send it"
            ),
            help,
        ));
    }
    Ok(())
}

/// Checks one entry of an exposed-headers list (not `*`).
pub fn check_exposed_header(name: &str) -> Result<(), Fault> {
    if !is_token(name) {
        return Err(invalid(name));
    }
    if is_forbidden_response_header(name) {
        return Err(Fault::new(
            format!("`{name}` can never be exposed: browsers hide it from every page"),
            format!("remove `{name}`"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_headers() {
        let table: [(&str, Option<&str>); 27] = [
            ("content-type", None),
            ("authorization", None),
            ("X-Request-Id", None),
            ("x-csrf-token", None),
            ("accept", None),
            ("proxy", None),
            ("secret", None),
            ("cookie", Some("forbidden")),
            ("Cookie", Some("forbidden")),
            ("cookie2", Some("forbidden")),
            ("host", Some("forbidden")),
            ("origin", Some("forbidden")),
            ("content-length", Some("forbidden")),
            ("accept-encoding", Some("forbidden")),
            ("connection", Some("forbidden")),
            ("keep-alive", Some("forbidden")),
            ("referer", Some("forbidden")),
            ("proxy-authorization", Some("forbidden")),
            ("Sec-Fetch-Mode", Some("forbidden")),
            ("sec-ch-ua", Some("forbidden")),
            ("access-control-allow-origin", Some("CORS protocol")),
            ("access-control-max-age", Some("CORS protocol")),
            ("Access-Control-Request-Method", Some("CORS protocol")),
            ("", Some("empty header name")),
            ("x foo", Some("not a valid header name")),
            ("x:foo", Some("not a valid header name")),
            ("x-grüße", Some("header names are ASCII")),
        ];
        for (input, expected) in table {
            match (check_request_header(input), expected) {
                (Ok(()), None) => {}
                (Err(p), Some(message)) => {
                    assert!(p.message.contains(message), "{input}: {}", p.message);
                    assert!(!p.help.is_empty(), "{input}");
                }
                (got, _) => panic!("{input}: {got:?}"),
            }
        }
    }

    #[test]
    fn exposed_headers() {
        let table: [(&str, Option<&str>); 8] = [
            ("x-request-id", None),
            ("ETag", None),
            ("content-length", None),
            ("set-cookie", Some("never be exposed")),
            ("Set-Cookie", Some("never be exposed")),
            ("set-cookie2", Some("never be exposed")),
            ("x,y", Some("not a valid header name")),
            ("", Some("empty header name")),
        ];
        for (input, expected) in table {
            match (check_exposed_header(input), expected) {
                (Ok(()), None) => {}
                (Err(p), Some(message)) => {
                    assert!(p.message.contains(message), "{input}: {}", p.message)
                }
                (got, _) => panic!("{input}: {got:?}"),
            }
        }
    }
}
