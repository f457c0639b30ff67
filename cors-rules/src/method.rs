//! Method names in a policy's `methods` list.

use crate::problem::Fault;
use crate::token::is_token;

/// The methods `fetch()` uppercases when a page writes them in any case. Any other method is sent
/// exactly as written, and `Access-Control-Allow-Methods` is compared case-sensitively.
const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// Methods whose lowercase spelling is almost certainly a mistake for the standard uppercase one.
const STANDARD: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// The Fetch standard's forbidden methods (compared case-insensitively): no page can send them.
const FORBIDDEN: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Whether `method` is a CORS-safelisted method (`GET`, `HEAD`, `POST`), which needs no preflight.
pub fn is_safelisted(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// Whether `method` is forbidden by the Fetch standard (`CONNECT`, `TRACE`, `TRACK`, any case).
pub fn is_forbidden(method: &str) -> bool {
    FORBIDDEN.iter().any(|f| f.eq_ignore_ascii_case(method))
}

/// Whether `fetch()` uppercases `method` before sending it (so `get` is sent as `GET`).
pub fn is_normalized_by_fetch(method: &str) -> bool {
    NORMALIZED.iter().any(|m| m.eq_ignore_ascii_case(method))
}

/// Checks one entry of a `methods` list (not `*`, which only the policy can judge).
pub fn check_method(method: &str) -> Result<(), Fault> {
    let problem = |message: String, help: String| Fault::new(message, help);
    if !is_token(method) {
        return Err(problem(
            format!("`{method}` is not a valid method name"),
            "a method is a token: letters, digits and `!#$%&'*+-.^_`|~`, such as `GET`".to_owned(),
        ));
    }
    if is_forbidden(method) {
        return Err(problem(
            format!("method `{method}` is forbidden by the Fetch standard; no browser sends it"),
            format!("remove `{method}`"),
        ));
    }
    if let Some(standard) = STANDARD.iter().find(|m| m.eq_ignore_ascii_case(method)) {
        if *standard != method {
            return Err(problem(
                format!(
                    "method `{method}` is not uppercase; browsers compare methods case-sensitively \
                     and send `{standard}`"
                ),
                format!("write `{standard}`"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let table: [(&str, Option<(&str, &str)>); 16] = [
            ("GET", None),
            ("POST", None),
            ("PATCH", None),
            ("OPTIONS", None),
            ("PROPFIND", None),
            ("purge", None),
            ("M-SEARCH", None),
            ("get", Some(("not uppercase", "write `GET`"))),
            ("patch", Some(("not uppercase", "write `PATCH`"))),
            ("Delete", Some(("not uppercase", "write `DELETE`"))),
            ("CONNECT", Some(("forbidden", "remove `CONNECT`"))),
            ("trace", Some(("forbidden", "remove `trace`"))),
            ("Track", Some(("forbidden", "remove `Track`"))),
            ("", Some(("not a valid method", "token"))),
            ("GE T", Some(("not a valid method", "token"))),
            ("GET,POST", Some(("not a valid method", "token"))),
        ];
        for (input, expected) in table {
            match (check_method(input), expected) {
                (Ok(()), None) => {}
                (Err(p), Some((message, help))) => {
                    assert!(p.message.contains(message), "{input}: {}", p.message);
                    assert!(p.help.contains(help), "{input}: {:?}", p.help);
                }
                (got, _) => panic!("{input}: {got:?}"),
            }
        }
    }

    #[test]
    fn predicates() {
        assert!(is_safelisted("GET") && is_safelisted("HEAD") && is_safelisted("POST"));
        assert!(!is_safelisted("get") && !is_safelisted("PUT"));
        assert!(is_normalized_by_fetch("delete") && !is_normalized_by_fetch("patch"));
        assert!(is_forbidden("connect") && !is_forbidden("CONNECTX"));
    }
}
