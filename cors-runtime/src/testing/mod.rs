//! A browser model to test CORS policies against, in `cargo test`, without a browser.
//!
//! [`Browser`] runs one cross-origin `fetch()` the way a browser does, step by step as the Fetch
//! standard describes it, against any `axum::Router` (built with [`CorsRouter`](crate::CorsRouter)
//! or not), in-process:
//!
//! 1. **Does the request need a preflight?** Not when its method is `GET`, `HEAD` or `POST` and
//!    every header is CORS-safelisted: `accept`, `accept-language`, `content-language`,
//!    `content-type` (only `application/x-www-form-urlencoded`, `multipart/form-data`,
//!    `text/plain`) and `range` (`bytes=N-` or `bytes=N-M`), each value at most 128 bytes and free
//!    of the unsafe bytes, all of them at most 1024 bytes together.
//! 2. **The preflight**, as a browser builds it: `OPTIONS`, `Origin`,
//!    `Access-Control-Request-Method` (the method as written: `fetch()` uppercases only the six
//!    standard methods), `Access-Control-Request-Headers` (the unsafe names, lowercase, sorted,
//!    deduplicated, joined by `,`), no credentials and none of the page's headers.
//! 3. **The preflight checks**, in Chromium's order: no redirect; `Access-Control-Allow-Origin`
//!    (exactly the origin, or `*` without credentials); `Access-Control-Allow-Credentials: true`
//!    for a credentialed request; a 2xx status; `Access-Control-Allow-Methods` and `-Headers`
//!    parse as lists; the method is listed (case-sensitively), safelisted, or covered by `*`
//!    without credentials; each unsafe header is listed (any case) or covered by `*` without
//!    credentials, and `*` never covers `Authorization`.
//!    A passed preflight is cached as Chromium caches it (per page origin and URL, for
//!    `Access-Control-Max-Age` seconds: 5 when absent, at most 7200), so a later request it covers
//!    skips its preflight ([`Response::preflighted`] tells). Clones of a `Browser` share the
//!    cache; a new `Browser` starts cold.
//! 4. **The request** with the page's headers, and the **CORS check** of its response (and of
//!    every redirect on the way). What the page can read is the CORS-filtered response: the
//!    safelisted response headers and those named by `Access-Control-Expose-Headers`.
//!
//! A blocked fetch is a [`CorsError`]: [`kind`](CorsError::kind) says which step failed (named as
//! Chromium names it), and its `Display` is the line Chromium prints in the console. The suite in
//! `tests/browser` runs its cases through both headless Chromium and this model and requires the
//! same verdict, failing step and console line.
//!
//! Enable it for tests only:
//!
//! ```toml
//! [dev-dependencies]
//! cors-runtime = { version = "0.1", features = ["testing"] }
//! ```
//!
//! ```
//! use axum::http::Method;
//! use cors_runtime::testing::{Browser, CorsErrorKind, Fetch};
//! use cors_runtime::{cors, routing::get, CorsRouter};
//!
//! #[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
//! async fn list_users() -> &'static str { "[]" }
//!
//! #[cors(origins = ["https://admin.example.com"], credentials)]
//! async fn delete_user() -> &'static str { "deleted" }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let app = CorsRouter::new()
//!     .route("/users/{id}", get(list_users).delete(delete_user))
//!     .into_router();
//! let browser = Browser::new(app);
//!
//! let res = browser
//!     .fetch(Fetch::new("https://app.example.com", Method::GET, "/users/7")
//!         .header("content-type", "application/json") // not safelisted: preflighted
//!         .credentials(true))
//!     .await
//!     .unwrap();
//! assert!(res.preflighted());
//! assert_eq!(res.text(), "[]");
//!
//! let err = browser
//!     .fetch(Fetch::new("https://app.example.com", Method::DELETE, "/users/7").credentials(true))
//!     .await
//!     .unwrap_err();
//! assert_eq!(err.kind(), CorsErrorKind::PreflightMissingAllowOriginHeader);
//! assert_eq!(
//!     err.to_string(),
//!     "Access to fetch at '/users/7' from origin 'https://app.example.com' has been blocked by \
//!      CORS policy: Response to preflight request doesn't pass access control check: No \
//!      'Access-Control-Allow-Origin' header is present on the requested resource."
//! );
//! # });
//! ```
//!
//! # What it does not model
//!
//! - **Cookies.** `credentials(true)` changes what the responses must say, but no cookie jar
//!   stores or sends cookies, and `Set-Cookie` is simply never readable.
//! - **Redirects to another server.** Redirects within the app (a path, or the same scheme and
//!   host as an absolute request URL) are followed, each response checked, with the method
//!   rewrites of 301/302/303; a redirect elsewhere is [`CorsErrorKind::RedirectNotModelled`], and
//!   the tainted (`null`) origin after a cross-origin hop does not arise.
//! - **Private Network Access** (`Access-Control-Request-Private-Network`): never requested.
//! - **Request modes other than `cors`** (`no-cors`, `same-origin`, `navigate`), same-origin
//!   requests (the page is always taken to be of another origin), and the headers a browser adds
//!   that CORS does not look at (`User-Agent`, `Referer`, `Sec-Fetch-*`, ...). `Accept: */*` is
//!   added when the page sets none, as `fetch()` does.
//! - **Chromium's deviation on `Access-Control-Allow-Headers: *`**: Chromium still lets it cover
//!   `Authorization` (unless run with `--enable-features=CorsNonWildcardRequestHeadersSupport`);
//!   the model follows the standard and Firefox, which do not. A framework policy never sends a
//!   `*` that should cover it.

mod browser;
mod cors_check;
mod error;
mod fetch;
mod preflight;
mod preflight_cache;
mod response;
mod safelist;

pub use browser::Browser;
pub use error::{CorsError, CorsErrorKind};
pub use fetch::Fetch;
pub use response::Response;
