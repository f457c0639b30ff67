//! The whole decision: arbitrary method and header bytes into a `CorsRouter` with several
//! policies on several paths, driven with `tower::ServiceExt::oneshot`.
//!
//! Input: byte 0 picks the path; the rest, split on `\n`, is the method and then up to 16 header
//! lines, each a selector byte (which header name) followed by the value's bytes. Lines that are
//! not valid HTTP (a method or value hyper would refuse) are dropped, as hyper would never pass
//! them on.
//!
//! Invariants, checked on every answer:
//! - at most one `Access-Control-Allow-Origin`;
//! - `*` only from an any-origin policy without credentials; any other value is byte-equal to
//!   the request's single `Origin` and allowed by the oracle for the policy that answered;
//! - `Access-Control-Allow-Credentials` only `true`, only from a credentials policy, never with `*`;
//! - a preflight never runs a handler, is answered 204 or 403 with the path's one `Vary`, and a
//!   refused one carries no `Access-Control-*` header.
#![no_main]

use std::cell::Cell;
use std::sync::OnceLock;

use axum::body::Body;
use cors_fuzz::origin_allowed;
use cors_runtime::routing::{any, get};
use cors_runtime::engine::{classify, RequestKind};
use cors_runtime::{cors, CorsRouter, CorsService};
use http::header::{ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN, VARY};
use http::{HeaderName, HeaderValue, Method, Request};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

thread_local! {
    /// Which handler ran for the current input.
    static RAN: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Each handler's origins and credentials, as written in its `#[cors]`, for the oracle.
struct Spec {
    origins: &'static [&'static str],
    credentials: bool,
}

const SITE: usize = 0;
const ADMIN: usize = 1;
const PUBLIC_GET: usize = 2;
const PUBLIC_PUT: usize = 3;
const LOCAL: usize = 4;
const MIXED_PATCH: usize = 5;
const PLAIN: usize = 6;

const SPECS: [Spec; 7] = [
    Spec {
        origins: &["https://example.com", "https://*.example.com"],
        credentials: true,
    },
    Spec {
        origins: &["https://admin.example.com"],
        credentials: true,
    },
    Spec {
        origins: &["*"],
        credentials: false,
    },
    Spec {
        origins: &["*"],
        credentials: false,
    },
    Spec {
        origins: &["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
        credentials: false,
    },
    Spec {
        origins: &["https://*.example.com:8443"],
        credentials: true,
    },
    Spec {
        origins: &[],
        credentials: false,
    },
];

/// The handlers each path routes, for answers no handler produced (preflights, 405s).
const PATHS: [(&str, &[usize]); 5] = [
    ("/site", &[SITE, ADMIN]),
    ("/public", &[PUBLIC_GET, PUBLIC_PUT]),
    ("/local", &[LOCAL]),
    ("/mixed", &[PUBLIC_GET, MIXED_PATCH]),
    ("/plain", &[PLAIN]),
];

fn ran(id: usize) {
    RAN.with(|r| r.set(Some(id)));
}

#[cors(origins = ["https://example.com", "https://*.example.com"], credentials,
       headers = ["content-type", "x-a"], expose = ["x-a"], max_age = 600)]
async fn site() -> &'static str {
    ran(SITE);
    "site"
}

#[cors(origins = ["https://admin.example.com"], credentials)]
async fn admin() -> &'static str {
    ran(ADMIN);
    "admin"
}

#[cors(origins = ["*"], expose = ["x-a"])]
async fn public_get() -> ([(&'static str, &'static str); 2], &'static str) {
    ran(PUBLIC_GET);
    // A handler setting its own CORS header: the policy must win.
    (
        [
            ("access-control-allow-origin", "https://evil.test"),
            ("vary", "accept-encoding"),
        ],
        "public",
    )
}

#[cors(origins = ["*"], headers = ["*"])]
async fn public_put() -> &'static str {
    ran(PUBLIC_PUT);
    "put"
}

#[cors(origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
       headers = ["*", "authorization"], private_network)]
async fn local() -> &'static str {
    ran(LOCAL);
    "local"
}

#[cors(origins = ["https://*.example.com:8443"], credentials, methods = [PATCH])]
async fn mixed_patch() -> &'static str {
    ran(MIXED_PATCH);
    "patch"
}

async fn plain() -> &'static str {
    ran(PLAIN);
    "plain"
}

fn cors() -> CorsRouter {
    CorsRouter::new()
        .route("/site", get(site).post(site).delete(admin))
        .route("/public", get(public_get).put(public_put))
        .route("/local", any(local))
        .route("/mixed", get(public_get).patch(mixed_patch))
        .route("/plain", get(plain).post(plain))
}

/// What `axum::serve` is given: preflights answered in front of axum's routing.
fn service() -> &'static CorsService {
    static SERVICE: OnceLock<CorsService> = OnceLock::new();
    SERVICE.get_or_init(|| cors().into_make_service())
}

/// The same routes as an `axum::Router`, which must answer every preflight alike.
fn router() -> &'static axum::Router {
    static ROUTER: OnceLock<axum::Router> = OnceLock::new();
    ROUTER.get_or_init(|| cors().into_router())
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
    })
}

const NAMES: [&str; 12] = [
    "origin",
    "access-control-request-method",
    "access-control-request-headers",
    "access-control-request-private-network",
    "content-type",
    "authorization",
    "cookie",
    "vary",
    "access-control-allow-origin",
    "x-a",
    "host",
    "accept",
];

const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

fuzz_target!(|data: &[u8]| {
    let Some((&path_byte, rest)) = data.split_first() else {
        return;
    };
    let (path, handlers) = PATHS[usize::from(path_byte) % PATHS.len()];
    let mut lines = rest.split(|&b| b == b'\n');
    let Ok(method) = Method::from_bytes(lines.next().unwrap_or_default()) else {
        return;
    };
    let mut request = Request::builder()
        .method(method.clone())
        .uri(path)
        .body(Body::empty())
        .expect("request");
    for line in lines.take(16) {
        let Some((&selector, value)) = line.split_first() else {
            continue;
        };
        let name = HeaderName::from_static(NAMES[usize::from(selector) % NAMES.len()]);
        if let Ok(value) = HeaderValue::from_bytes(value) {
            request.headers_mut().append(name, value);
        }
    }
    let kind = classify(&method, request.headers());
    let origins: Vec<HeaderValue> = request.headers().get_all(ORIGIN).iter().cloned().collect();

    let copy = (kind == RequestKind::Preflight).then(|| {
        let mut copy = Request::builder().method(method.clone()).uri(path);
        *copy.headers_mut().expect("builder") = request.headers().clone();
        copy.body(Body::empty()).expect("request")
    });

    RAN.with(|r| r.set(None));
    let response = runtime()
        .block_on(service().clone().oneshot(request))
        .expect("infallible");
    if let Some(copy) = copy {
        let in_router = runtime()
            .block_on(router().clone().oneshot(copy))
            .expect("infallible");
        assert_eq!(response.status(), in_router.status(), "front and router agree");
        assert_eq!(response.headers(), in_router.headers(), "front and router agree");
    }
    let handler = RAN.with(Cell::get);
    let headers = response.headers();
    let status = response.status();

    if kind == RequestKind::Preflight {
        assert_eq!(handler, None, "a handler ran for a preflight");
        assert!(
            status == 204 || status == 403,
            "preflight answered {status}"
        );
        let vary: Vec<_> = headers.get_all(VARY).iter().collect();
        assert_eq!(vary, [PREFLIGHT_VARY], "preflight Vary");
        if status == 403 {
            for name in headers.keys() {
                assert!(
                    !name.as_str().starts_with("access-control-"),
                    "refused preflight carries {name}"
                );
            }
        }
    }

    // The policies that may have answered: the handler's, or for answers no handler produced
    // (preflights, 405s), any of the path's.
    let answering: Vec<&Spec> = match handler {
        Some(id) => vec![&SPECS[id]],
        None => handlers.iter().map(|&id| &SPECS[id]).collect(),
    };

    let allow_origin: Vec<_> = headers
        .get_all(ACCESS_CONTROL_ALLOW_ORIGIN)
        .iter()
        .collect();
    assert!(
        allow_origin.len() <= 1,
        "{} Allow-Origin lines",
        allow_origin.len()
    );
    let credentials: Vec<_> = headers
        .get_all(ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .iter()
        .collect();
    match allow_origin.first() {
        None => assert!(
            credentials.is_empty(),
            "Allow-Credentials without Allow-Origin"
        ),
        Some(value) if value.as_bytes() == b"*" => {
            assert!(credentials.is_empty(), "Allow-Credentials with *");
            assert!(
                answering
                    .iter()
                    .any(|s| s.origins.contains(&"*") && !s.credentials),
                "* from a policy that is not any-origin without credentials"
            );
        }
        Some(value) => {
            assert_eq!(origins.len(), 1, "Allow-Origin without a single Origin");
            assert_eq!(
                value.as_bytes(),
                origins[0].as_bytes(),
                "Allow-Origin is not the Origin"
            );
            let allowed_by =
                |s: &Spec| !s.origins.contains(&"*") && origin_allowed(s.origins, value.as_bytes());
            assert!(
                answering.iter().any(|s| allowed_by(s)),
                "{:?} answered by a policy whose origins do not allow it",
                value
            );
            if !credentials.is_empty() {
                assert_eq!(credentials.len(), 1);
                assert_eq!(credentials[0].as_bytes(), b"true");
                assert!(
                    answering.iter().any(|s| allowed_by(s) && s.credentials),
                    "Allow-Credentials from a policy without credentials"
                );
            }
        }
    }
});
