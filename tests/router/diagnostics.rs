//! Why a request was refused: `CorsRouter::explain`, the `debug` events (target `cors_runtime`) and
//! the opt-in `x-cors-reason` header, for every refusal reason, all three agreeing with the answer
//! the built router really gives.

use super::IntoServed;
use std::sync::{Arc, Mutex};

use axum::http::HeaderValue;
use cors_runtime::{Decision, Explanation, PolicySource, Rejection};
use tracing_subscriber::util::SubscriberInitExt as _;

use super::*;

#[cors(origins = ["https://app.example.com"], headers = ["*"])]
async fn star_headers() -> &'static str {
    "star"
}

fn routes() -> CorsRouter {
    CorsRouter::new()
        .route(
            "/users",
            get(list_users).post(list_users).delete(delete_user),
        )
        .route("/users/{id}", get(list_users))
        .route("/plain", get(same_origin_only))
        .route("/public", get(public))
        .route("/any", any(anything))
        .route("/listed", any(listed_get))
        .route("/star", get(star_headers))
}

type Headers = Vec<(&'static str, &'static [u8])>;

/// A request as `explain` takes it and as the router receives it.
fn both(method: &str, uri: &str, headers: &[(&str, &[u8])]) -> (http::Request<()>, Request<Body>) {
    let mut explain = http::Request::builder().method(method).uri(uri);
    let mut real = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        let value = HeaderValue::from_bytes(value).unwrap();
        explain = explain.header(*name, value.clone());
        real = real.header(*name, value);
    }
    (explain.body(()).unwrap(), real.body(Body::empty()).unwrap())
}

fn pre<'a>(origin: &'a str, method: &'a str) -> Vec<(&'a str, &'a [u8])> {
    vec![
        ("origin", origin.as_bytes()),
        ("access-control-request-method", method.as_bytes()),
    ]
}

fn with<'a>(
    mut headers: Vec<(&'a str, &'a [u8])>,
    name: &'a str,
    value: &'a str,
) -> Vec<(&'a str, &'a [u8])> {
    headers.push((name, value.as_bytes()));
    headers
}

struct Case {
    what: &'static str,
    method: &'static str,
    uri: &'static str,
    headers: Vec<(&'static str, &'static [u8])>,
    /// `None`: allowed (or not CORS).
    reason: Option<Rejection>,
    /// The route's method and path in the event, and the escaped offending value.
    event: &'static str,
}

fn case(
    what: &'static str,
    method: &'static str,
    uri: &'static str,
    headers: Vec<(&'static str, &'static [u8])>,
    reason: Option<Rejection>,
    event: &'static str,
) -> Case {
    Case {
        what,
        method,
        uri,
        headers,
        reason,
        event,
    }
}

/// Every refusal reason, and allowed requests beside them.
fn cases() -> Vec<Case> {
    vec![
        case(
            "origin not allowed (preflight)",
            "OPTIONS",
            "/users",
            pre(EVIL, "GET"),
            Some(Rejection::OriginNotAllowed),
            "route=/users method=GET reason=the origin is not allowed by the policy \
             value=https://evil.example.net",
        ),
        case(
            "origin not allowed (actual)",
            "GET",
            "/users/7",
            vec![("origin", EVIL.as_bytes())],
            Some(Rejection::OriginNotAllowed),
            "route=/users/{id} method=GET reason=the origin is not allowed by the policy \
             value=https://evil.example.net",
        ),
        case(
            "several Origin lines",
            "GET",
            "/users",
            vec![("origin", APP.as_bytes()), ("origin", APP.as_bytes())],
            Some(Rejection::OriginNotAllowed),
            "route=/users method=GET reason=the origin is not allowed by the policy",
        ),
        case(
            "origin not allowed by any policy of a 405",
            "PUT",
            "/users",
            vec![("origin", EVIL.as_bytes())],
            Some(Rejection::OriginNotAllowed),
            "route=/users method=PUT reason=the origin is not allowed by the policy",
        ),
        case(
            "malformed requested method",
            "OPTIONS",
            "/users",
            pre(APP, "GET X"),
            Some(Rejection::MalformedRequestMethod),
            "route=/users method=GET X reason=Access-Control-Request-Method is not exactly one \
             method name value=GET X",
        ),
        case(
            "method not allowed",
            "OPTIONS",
            "/listed",
            pre(APP, "DELETE"),
            Some(Rejection::MethodNotAllowed("DELETE".into())),
            "route=/listed method=DELETE reason=method `DELETE` is not allowed by the policy \
             (methods are case-sensitive) value=DELETE",
        ),
        case(
            "header not allowed",
            "OPTIONS",
            "/users",
            with(
                pre(APP, "POST"),
                "access-control-request-headers",
                "x-foo,x-bar",
            ),
            Some(Rejection::HeaderNotAllowed("x-bar".into())),
            "route=/users method=POST reason=request header `x-bar` is not allowed by the policy \
             value=x-bar",
        ),
        case(
            "authorization under `*`",
            "OPTIONS",
            "/star",
            with(
                pre(APP, "GET"),
                "access-control-request-headers",
                "authorization",
            ),
            Some(Rejection::AuthorizationNotListed),
            "route=/star method=GET reason=request header `authorization` is not allowed: `*` \
             never covers it, list `authorization` explicitly value=authorization",
        ),
        case(
            "malformed requested headers",
            "OPTIONS",
            "/users",
            with(
                pre(APP, "GET"),
                "access-control-request-headers",
                "x-foo;x-bar",
            ),
            Some(Rejection::MalformedRequestHeaders(
                cors_runtime::engine::MalformedRequestHeaders::InvalidByte(b';'),
            )),
            "route=/users method=GET reason=Access-Control-Request-Headers is malformed",
        ),
        case(
            "private network not enabled",
            "OPTIONS",
            "/users",
            with(
                pre(APP, "GET"),
                "access-control-request-private-network",
                "true",
            ),
            Some(Rejection::PrivateNetworkNotAllowed),
            "route=/users method=GET reason=private network access was requested and the policy \
             does not allow it",
        ),
        case(
            "credentials under a policy without them",
            "GET",
            "/any",
            vec![
                ("origin", APP.as_bytes()),
                ("cookie", &b"session=secret"[..]),
            ],
            Some(Rejection::CredentialsNotAllowed),
            "route=/any method=GET reason=the request carries credentials (cookies) and the \
             policy does not allow credentials value=cookie",
        ),
        case(
            "credentials under `*`",
            "GET",
            "/public",
            vec![
                ("origin", EVIL.as_bytes()),
                ("cookie", &b"session=secret"[..]),
            ],
            Some(Rejection::CredentialsNotAllowed),
            "route=/public method=GET reason=the request carries credentials",
        ),
        case(
            "no policy on the handler (preflight)",
            "OPTIONS",
            "/plain",
            pre(APP, "GET"),
            Some(Rejection::NoPolicy),
            "route=/plain method=GET reason=no handler with a CORS policy serves this path and \
             method value=GET",
        ),
        case(
            "no policy on the handler (actual)",
            "GET",
            "/plain",
            vec![("origin", APP.as_bytes())],
            Some(Rejection::NoPolicy),
            "route=/plain method=GET reason=no handler with a CORS policy",
        ),
        case(
            "no handler for the requested method",
            "OPTIONS",
            "/users",
            pre(APP, "PATCH"),
            Some(Rejection::NoPolicy),
            "route=/users method=PATCH reason=no handler with a CORS policy serves this path \
             and method value=PATCH",
        ),
        case(
            "allowed preflight",
            "OPTIONS",
            "/users",
            with(
                pre(APP, "POST"),
                "access-control-request-headers",
                "content-type",
            ),
            None,
            "route=/users method=POST",
        ),
        case(
            "allowed actual request with credentials",
            "GET",
            "/users",
            vec![("origin", APP.as_bytes()), ("cookie", &b"session=1"[..])],
            None,
            "route=/users method=GET",
        ),
        case(
            "405 read by an allowed origin",
            "PUT",
            "/users",
            vec![("origin", ADMIN.as_bytes())],
            None,
            "route=/users method=PUT",
        ),
        case("not CORS", "GET", "/users", vec![], None, ""),
    ]
}

/// Everything the subscriber writes, one formatted line per event, as a real log would show it.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Log {
    fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }

    fn subscribe(&self) -> tracing::dispatcher::DefaultGuard {
        let log = self.clone();
        let guard = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .without_time()
            .with_writer(move || log.clone())
            .finish()
            .set_default();
        fresh_interest();
        guard
    }
}

/// Other tests of this binary run in parallel without a subscriber; an event site they reach
/// first, while this test's subscriber is being registered, can keep the "nobody listens" answer
/// it cached. Asking every site again before each request closes that window.
fn fresh_interest() {
    tracing::callsite::rebuild_interest_cache();
}

impl std::io::Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::io::Write::write(&mut *self.0.lock().unwrap(), buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn cors_and_reason(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = headers
        .iter()
        .filter(|(k, _)| k.as_str().starts_with("access-control-") || *k == "x-cors-reason")
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// The CORS headers an explanation predicts, with the reason header the debug router adds.
fn predicted(explanation: &Explanation) -> Vec<(String, String)> {
    let mut headers = explanation.headers.clone();
    if let Some(rejection) = explanation.rejection() {
        headers.insert("x-cors-reason", rejection.to_string().parse().unwrap());
    }
    cors_and_reason(&headers)
}

#[tokio::test]
async fn explain_events_and_the_debug_header_agree_with_the_real_answer() {
    let log = Log::default();
    let _guard = log.subscribe();
    let cors = routes();
    // Every event site is reached once before events are counted: a site another test reaches
    // first, while this subscriber registers, may still be caching "nobody listens".
    for c in cases() {
        let (_, real) = both(c.method, c.uri, &c.headers);
        send(routes().into_served().observed(), real).await;
    }
    log.take();
    for c in cases() {
        fresh_interest();
        let (for_explain, real) = both(c.method, c.uri, &c.headers);
        let explanation = cors.explain(&for_explain);
        assert_eq!(
            explanation.rejection(),
            c.reason.as_ref(),
            "{}: explain",
            c.what
        );

        let (status, headers, _) =
            send(routes().debug_reasons(true).into_served().observed(), real).await;
        // The router's own status (preflight, 405) is the one explained.
        if let Some(explained) = explanation.status {
            assert_eq!(status, explained, "{}: status", c.what);
        }
        assert_eq!(
            cors_and_reason(&headers),
            predicted(&explanation),
            "{}: headers",
            c.what
        );
        assert_eq!(
            varies_on_origin(&headers),
            varies_on_origin(&explanation.headers),
            "{}: Vary",
            c.what
        );

        let lines = log.take();
        let debug: Vec<&str> = lines.lines().filter(|l| l.contains("DEBUG")).collect();
        let trace: Vec<&str> = lines.lines().filter(|l| l.contains("TRACE")).collect();
        match &c.reason {
            Some(_) => {
                assert_eq!(debug.len(), 1, "{}: one debug event: {lines}", c.what);
                assert!(debug[0].contains(" cors_runtime: "), "{}", debug[0]);
                assert!(debug[0].contains(c.event), "{}: {}", c.what, debug[0]);
                assert!(trace.is_empty(), "{}: {lines}", c.what);
            }
            None if explanation.decision == Decision::NotCors => {
                assert_eq!(lines, "", "{}", c.what);
            }
            None => {
                assert!(debug.is_empty(), "{}: {lines}", c.what);
                assert_eq!(trace.len(), 1, "{}: one trace event: {lines}", c.what);
                assert!(trace[0].contains(c.event), "{}: {}", c.what, trace[0]);
            }
        }
        assert!(
            !lines
                .lines()
                .any(|l| l.contains(" INFO ") || l.contains(" WARN ") || l.contains(" ERROR ")),
            "nothing above debug on the request path: {lines}"
        );
    }
}

#[tokio::test]
async fn debug_reasons_off_adds_no_header_and_changes_nothing_else() {
    for c in cases() {
        let (_, quiet) = both(c.method, c.uri, &c.headers);
        let (_, loud) = both(c.method, c.uri, &c.headers);
        let (quiet_status, quiet_headers, _) = send(routes().into_served().observed(), quiet).await;
        let (loud_status, mut loud_headers, _) =
            send(routes().debug_reasons(true).into_served().observed(), loud).await;
        assert!(
            quiet_headers.get("x-cors-reason").is_none(),
            "{}: reason header without debug_reasons",
            c.what
        );
        assert_eq!(
            loud_headers.remove("x-cors-reason").is_some(),
            c.reason.is_some(),
            "{}: reason header only on refusals",
            c.what
        );
        assert_eq!(quiet_status, loud_status, "{}", c.what);
        let mut quiet_headers = quiet_headers;
        quiet_headers.remove("date");
        loud_headers.remove("date");
        assert_eq!(quiet_headers, loud_headers, "{}", c.what);
    }
}

#[tokio::test]
async fn hostile_values_are_escaped_in_events_explain_and_the_header() {
    // Header values cannot hold CR or LF (hyper and `http` refuse them), but they can hold a tab
    // and any byte above 0x7f, among them U+2028 LINE SEPARATOR and U+0085 NEXT LINE, which some
    // log viewers break lines on. (CR, LF and the other controls: diagnostics.rs unit tests.)
    let hostile: &[u8] = b"https://evil.example\t\xe2\x80\xa8FORGED line\xc2\x85 level=ERROR";
    let escaped = r"https://evil.example\x09\xe2\x80\xa8FORGED line\xc2\x85 level=ERROR";
    let log = Log::default();
    let _guard = log.subscribe();
    let cors = routes();
    let long = format!("x-{}", "a".repeat(3000));
    let requests: Vec<Vec<(&str, &[u8])>> = vec![
        vec![
            ("origin", hostile),
            ("access-control-request-method", &b"GET"[..]),
        ],
        vec![
            ("origin", APP.as_bytes()),
            ("access-control-request-method", &b"GET"[..]),
            ("access-control-request-headers", long.as_bytes()),
        ],
    ];
    for (i, headers) in requests.into_iter().enumerate() {
        fresh_interest();
        let (for_explain, real) = both("OPTIONS", "/users", &headers);
        let (_, response, _) = send(cors_debug(), real).await;
        let lines = log.take();
        assert_eq!(
            lines.lines().count(),
            1,
            "one line, whatever the value: {lines}"
        );
        assert!(!lines.trim_end().chars().any(char::is_control), "{lines:?}");
        let reason = response.get("x-cors-reason").unwrap().to_str().unwrap();
        let shown = cors.explain(&for_explain).to_string();
        assert!(
            !shown.chars().any(|c| c != '\n' && c.is_control()),
            "{shown:?}"
        );
        if i == 0 {
            // The hostile origin's bytes are all escaped: only printable ASCII is left.
            assert!(
                lines.trim_end().bytes().all(|b| (0x20..0x7f).contains(&b)),
                "{lines:?}"
            );
            assert!(
                shown
                    .bytes()
                    .all(|b| b == b'\n' || (0x20..0x7f).contains(&b)),
                "{shown:?}"
            );
            assert!(lines.contains(&format!("value={escaped}")), "{lines}");
            assert!(shown.contains(&format!("origin:   {escaped}")), "{shown}");
            assert_eq!(reason, "the origin is not allowed by the policy");
        } else {
            // Cut: the request's 3002-byte name is quoted in at most 64 bytes.
            assert!(lines.len() < 700, "{} bytes: {lines}", lines.len());
            assert!(
                lines.contains(&format!("value=x-{}...", "a".repeat(62))),
                "{lines}"
            );
            assert!(reason.len() < 200, "{reason}");
            assert!(
                reason.ends_with("...` is not allowed by the policy"),
                "{reason}"
            );
        }
    }
}

fn cors_debug() -> axum::Router {
    routes().debug_reasons(true).into_router()
}

#[test]
fn explain_names_the_route_the_policy_and_the_fix() {
    let cors = routes();
    let (request, _) = both("OPTIONS", "/users", &pre(EVIL, "DELETE"));
    let explanation = cors.explain(&request);
    let route = explanation.route.clone().unwrap();
    assert_eq!(route.pattern, "/users");
    assert_eq!(route.handler, Some("delete_user"));
    assert_eq!(
        explanation.policy.clone().map(|(_, source)| source),
        Some(PolicySource::Attribute)
    );
    assert_eq!(explanation.policy_handler(), Some("delete_user"));
    assert_eq!(
        explanation.kind,
        cors_runtime::engine::RequestKind::Preflight
    );
    assert_eq!(
        explanation.fix().unwrap(),
        "add \"https://evil.example.net\" to `origins` in the #[cors(...)] of `delete_user`"
    );
    assert_eq!(
        explanation.to_string(),
        "OPTIONS /users\n  \
         request:  CORS preflight\n  \
         origin:   https://evil.example.net\n  \
         route:    DELETE /users -> delete_user\n  \
         policy:   origins=[https://admin.example.com] credentials  (#[cors] on `delete_user`)\n  \
         decision: refused (403 Forbidden, no CORS headers)\n  \
         reason:   the origin is not allowed by the policy\n  \
         fix:      add \"https://evil.example.net\" to `origins` in the #[cors(...)] of `delete_user`\n  \
         headers:  vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers\n"
    );

    let fixes: &[(&str, &str, Headers, &str)] = &[
        (
            "OPTIONS",
            "/users",
            with(pre(APP, "GET"), "access-control-request-headers", "x-bar"),
            "add \"x-bar\" to `headers` in the #[cors(...)] of `list_users`",
        ),
        (
            "OPTIONS",
            "/listed",
            pre(APP, "DELETE"),
            "add DELETE to `methods` in the #[cors(...)] of `listed_get`",
        ),
        (
            "OPTIONS",
            "/any",
            pre(APP, "patch"),
            "methods compare case-sensitively and fetch() sends `patch` as written: send `PATCH`",
        ),
        (
            "OPTIONS",
            "/star",
            with(pre(APP, "GET"), "access-control-request-headers", "authorization"),
            "add \"authorization\" to `headers` in the #[cors(...)] of `star_headers`: `*` never covers it",
        ),
        (
            "OPTIONS",
            "/users",
            with(pre(APP, "GET"), "access-control-request-private-network", "true"),
            "add `private_network` to the #[cors(...)] of `list_users`",
        ),
        (
            "GET",
            "/any",
            vec![("origin", APP.as_bytes()), ("cookie", &b"a=1"[..])],
            "add `credentials` to the #[cors(...)] of `anything`",
        ),
        (
            "GET",
            "/public",
            vec![("origin", APP.as_bytes()), ("cookie", &b"a=1"[..])],
            "replace origins = [\"*\"] with the origins that send cookies",
        ),
        (
            "GET",
            "/plain",
            vec![("origin", APP.as_bytes())],
            "add #[cors(origins = [...])] to `same_origin_only`",
        ),
        (
            "OPTIONS",
            "/users",
            pre(APP, "PATCH"),
            "route a handler with #[cors(...)] on PATCH /users",
        ),
        (
            "OPTIONS",
            "/nowhere",
            pre(APP, "GET"),
            "no route of the CorsRouter matches /nowhere",
        ),
        (
            "OPTIONS",
            "/users",
            with(pre(APP, "GET"), "origin", APP),
            "send exactly one Origin header (the request has several)",
        ),
        (
            "OPTIONS",
            "/users",
            pre("null", "GET"),
            "a `null` origin (sandboxed iframe",
        ),
        (
            "OPTIONS",
            "/users",
            pre(APP, "GET GET"),
            "nothing in the policy: browsers never send this header malformed",
        ),
    ];
    for (method, uri, headers, fix) in fixes {
        let (request, _) = both(method, uri, headers);
        let explanation = cors.explain(&request);
        let got = explanation.fix().unwrap_or_default();
        assert!(got.starts_with(fix), "{method} {uri}: {got}\n{explanation}");
        assert!(explanation
            .to_string()
            .contains(&format!("fix:      {got}")));
    }

    // Allowed and not-CORS requests have no fix, and say what the response carries.
    let (request, _) = both("GET", "/users/7", &[("origin", APP.as_bytes())]);
    let allowed = cors.explain(&request);
    assert_eq!(allowed.decision, Decision::Allowed);
    assert_eq!(allowed.fix(), None);
    let text = allowed.to_string();
    assert!(
        text.contains("route:    GET /users/{id} -> list_users"),
        "{text}"
    );
    assert!(
        text.contains(&format!("access-control-allow-origin: {APP}")),
        "{text}"
    );
    let (request, _) = both("GET", "/users", &[]);
    assert_eq!(cors.explain(&request).decision, Decision::NotCors);
}

#[test]
fn curl_like_arguments_make_the_request_explained() {
    let args = |line: &[&str]| line.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    let request = super::explain_args::parse(&args(&[
        "-X",
        "OPTIONS",
        "/users",
        "-H",
        "Origin: https://evil.example",
        "-H",
        "Access-Control-Request-Method: DELETE",
    ]))
    .unwrap();
    assert_eq!(request.method(), "OPTIONS");
    assert_eq!(request.uri(), "/users");
    assert_eq!(request.headers()["origin"], "https://evil.example");
    let explanation = routes().explain(&request);
    assert_eq!(explanation.rejection(), Some(&Rejection::OriginNotAllowed));
    assert_eq!(
        explanation.route.unwrap().handler,
        Some("delete_user"),
        "the DELETE handler's policy answers"
    );

    // A pasted curl line: URL, -i, joined -X; GET by default.
    let request =
        super::explain_args::parse(&args(&["-i", "-XPUT", "http://127.0.0.1:3000/users/7?x=1"]))
            .unwrap();
    assert_eq!(request.method(), "PUT");
    assert_eq!(request.uri(), "/users/7?x=1");
    let request = super::explain_args::parse(&args(&["/users"])).unwrap();
    assert_eq!(request.method(), "GET");

    for bad in [
        &["-X"][..],
        &["/a", "/b"],
        &["-H", "no colon", "/a"],
        &["--frobnicate", "/a"],
        &[],
    ] {
        assert!(super::explain_args::parse(&args(bad)).is_err(), "{bad:?}");
    }
}
