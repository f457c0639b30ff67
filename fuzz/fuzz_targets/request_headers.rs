//! `Access-Control-Request-Headers` parsing.
//!
//! The input, split on `\n`, is the list's header lines. The parser must agree with the
//! independent grammar (same names, same accept/refuse), stay within its bounds (at most one
//! error, last; names are non-empty tokens), say "canonical" only for what a browser sends, and a
//! `headers = ["*"]` policy's preflight must echo exactly the parsed names, lowercase.
#![no_main]

use cors_fuzz::{is_tchar, request_header_names};
use cors_runtime::engine::{RequestHeaderNames, RoutedMethods};
use cors_runtime::Policy;
use http::header::{HeaderValue, ACCESS_CONTROL_ALLOW_HEADERS};
use http::HeaderMap;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn any_headers() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        Policy::builder()
            .origins(["https://example.com"])
            .headers(["*", "authorization"])
            .build()
            .expect("valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let lines: Vec<&[u8]> = if data.is_empty() {
        Vec::new()
    } else {
        data.split(|&b| b == b'\n').take(64).collect()
    };

    let mut parser = RequestHeaderNames::from_lines(lines.iter().copied());
    let mut names = Vec::new();
    let mut error = None;
    for (i, item) in parser.by_ref().enumerate() {
        assert!(i <= 4096, "more items than bytes");
        assert!(error.is_none(), "an item after the error");
        match item {
            Ok(name) => {
                assert!(!name.is_empty() && name.iter().all(|&b| is_tchar(b)));
                names.push(name);
            }
            Err(why) => error = Some(why),
        }
    }
    let canonical = parser.is_canonical();
    let oracle = request_header_names(&lines);
    match (&oracle, error) {
        (Ok(expected), None) => assert_eq!(&names, expected),
        (Err(()), Some(_)) => {}
        (oracle, error) => panic!("oracle {oracle:?}, parser error {error:?}"),
    }
    if error.is_none() && canonical {
        assert!(lines.len() <= 1);
        let joined = names.join(&b","[..]);
        assert_eq!(lines.first().copied().unwrap_or_default(), &joined[..]);
        assert!(!joined.iter().any(u8::is_ascii_uppercase));
    }

    // Through the engine: the preflight echoes what was parsed, lowercase, comma-joined.
    let mut request = HeaderMap::new();
    request.insert("origin", HeaderValue::from_static("https://example.com"));
    request.insert(
        "access-control-request-method",
        HeaderValue::from_static("PUT"),
    );
    for line in &lines {
        match HeaderValue::from_bytes(line) {
            Ok(value) => request.append("access-control-request-headers", value),
            // A line hyper would refuse to parse never reaches the engine.
            Err(_) => return,
        };
    }
    let answer = any_headers().preflight(&request, RoutedMethods::Any);
    match (&oracle, answer.status.as_u16()) {
        (Ok(expected), 204) => {
            let echoed: Vec<_> = answer
                .headers
                .get_all(ACCESS_CONTROL_ALLOW_HEADERS)
                .iter()
                .collect();
            if expected.is_empty() {
                assert!(echoed.is_empty());
            } else {
                let want: Vec<u8> = expected.join(&b","[..]).to_ascii_lowercase();
                assert_eq!(echoed.len(), 1);
                assert_eq!(echoed[0].as_bytes(), &want[..]);
            }
        }
        (Err(()), 403) => {
            assert!(answer
                .headers
                .keys()
                .all(|k| !k.as_str().starts_with("access-control-")));
        }
        (oracle, status) => panic!("oracle {oracle:?}, preflight {status}"),
    }
});
