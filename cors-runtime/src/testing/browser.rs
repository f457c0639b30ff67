//! The fetch itself: preflight when needed, the request, the CORS check of its response, and the
//! redirects it follows, run in-process against an `axum::Router`.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::Router;
use http::header::{ACCEPT, ACCESS_CONTROL_MAX_AGE, LOCATION, ORIGIN};
use http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use tower::ServiceExt;

use super::cors_check::cors_check;
use super::error::{CorsError, CorsErrorKind};
use super::fetch::Fetch;
use super::preflight::{check_preflight, preflight_headers};
use super::preflight_cache::PreflightCache;
use super::response::{cors_filtered, Response};
use super::safelist::{needs_preflight, unsafe_names};

/// Fetch's redirect limit: the 21st redirect is a network error.
const MAX_REDIRECTS: usize = 20;

/// Headers that describe a body, dropped when a redirect turns the request into a `GET`.
const BODY_HEADERS: [&str; 4] = [
    "content-encoding",
    "content-language",
    "content-location",
    "content-type",
];

/// A model of what a browser does with a cross-origin `fetch()`, run against one
/// `axum::Router` in-process (no socket).
///
/// Like a browser profile, it keeps a preflight cache: a preflight that allowed a request lets
/// the same page origin skip the preflight for that URL for `Access-Control-Max-Age` seconds (5
/// when absent, at most 7200, as Chromium), for the methods and headers it granted. Clones share
/// the cache; a new `Browser` starts with an empty one. It keeps no cookies.
#[derive(Clone)]
pub struct Browser {
    app: Router,
    cache: Arc<Mutex<PreflightCache>>,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser").finish_non_exhaustive()
    }
}

/// The request being fetched, as it changes over redirects.
struct Current {
    method: Method,
    url: String,
    headers: Vec<(http::HeaderName, HeaderValue)>,
    body: Bytes,
}

impl Browser {
    /// A browser whose requests all go to `app` (for instance `CorsRouter::into_router()`).
    pub fn new(app: Router) -> Self {
        Browser {
            app,
            cache: Arc::default(),
        }
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, PreflightCache> {
        // A panic elsewhere while holding the lock leaves the cache usable.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `fetch` as a browser would, and returns what the page sees: the CORS-filtered
    /// response, or the error the browser reports (its console line is the error's `Display`).
    ///
    /// # Panics
    /// If a response body fails to stream (the app's own error).
    pub async fn fetch(&self, fetch: Fetch) -> Result<Response, CorsError> {
        let origin = fetch.origin;
        let credentials = fetch.credentials;
        let first_url = fetch.url.clone();
        let mut current = Current {
            method: fetch.method,
            url: fetch.url,
            headers: fetch.headers,
            body: fetch.body,
        };
        let mut preflighted = false;
        let fail = |kind, value, current: &Current| {
            let error = CorsError::new(kind, value, &origin, current.url.clone());
            if current.url == first_url {
                error
            } else {
                error.redirected_from(&first_url)
            }
        };

        for redirects in 0..=MAX_REDIRECTS {
            let unsafe_names = unsafe_names(&current.headers);
            let key = (origin.as_str(), current.url.as_str());
            if needs_preflight(&current.method, &current.headers)
                && !self.cache().covers(
                    key,
                    credentials,
                    &current.method,
                    &unsafe_names,
                    Instant::now(),
                )
            {
                let headers = preflight_headers(&origin, &current.method, &unsafe_names);
                let (status, headers, _) = self
                    .send(Method::OPTIONS, &current.url, headers, Bytes::new())
                    .await;
                let grant = check_preflight(
                    status,
                    &headers,
                    &origin,
                    credentials,
                    &current.method,
                    &unsafe_names,
                )
                .map_err(|(kind, value)| fail(kind, value, &current))?;
                let max_age = super::cors_check::combined(&headers, &ACCESS_CONTROL_MAX_AGE);
                self.cache()
                    .store(key, credentials, grant, max_age.as_deref(), Instant::now());
                preflighted = true;
            }

            let mut headers = HeaderMap::new();
            for (name, value) in &current.headers {
                headers.append(name.clone(), value.clone());
            }
            if !headers.contains_key(ACCEPT) {
                headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
            }
            headers.insert(
                ORIGIN,
                HeaderValue::from_str(&origin).expect("validated by Fetch"),
            );
            let (status, headers, body) = self
                .send(
                    current.method.clone(),
                    &current.url,
                    headers,
                    current.body.clone(),
                )
                .await;
            // Every response, redirects included, must pass the CORS check.
            cors_check(&headers, &origin, credentials)
                .map_err(|(failure, value)| fail(failure.kind(false), value, &current))?;

            let location = is_redirect(status).then(|| headers.get(LOCATION)).flatten();
            let Some(location) = location else {
                return Ok(Response {
                    status,
                    headers: cors_filtered(&headers, credentials),
                    body,
                    preflighted,
                    redirected: redirects > 0,
                });
            };
            let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
            let Some(next) = same_server(&current.url, &location) else {
                return Err(fail(
                    CorsErrorKind::RedirectNotModelled,
                    Some(location),
                    &current,
                ));
            };
            // 301/302 turn a POST into a GET, 303 anything but HEAD (Fetch, HTTP-redirect fetch).
            let to_get = (matches!(status.as_u16(), 301 | 302) && current.method == Method::POST)
                || (status.as_u16() == 303
                    && current.method != Method::GET
                    && current.method != Method::HEAD);
            if to_get {
                current.method = Method::GET;
                current.body = Bytes::new();
                current
                    .headers
                    .retain(|(n, _)| !BODY_HEADERS.contains(&n.as_str()));
            }
            current.url = next;
        }
        Err(fail(CorsErrorKind::TooManyRedirects, None, &current))
    }

    async fn send(
        &self,
        method: Method,
        url: &str,
        headers: HeaderMap,
        body: Bytes,
    ) -> (StatusCode, HeaderMap, Bytes) {
        let mut request = Request::builder()
            .method(method)
            .uri(url)
            .body(Body::from(body))
            .expect("method and URL validated by Fetch");
        *request.headers_mut() = headers;
        let response = match self.app.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_else(|e| panic!("the app's response body to {url} failed: {e}"));
        (parts.status, parts.headers, body)
    }
}

/// Statuses a fetch follows when they carry a `Location`.
fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The URL a redirect leads to when it stays on the server the model talks to: a path, or an
/// absolute URL of the same scheme and authority as `current`. `None` for anything else.
fn same_server(current: &str, location: &str) -> Option<String> {
    let current_uri: http::Uri = current.parse().ok()?;
    let location_uri: http::Uri = location.parse().ok()?;
    match (location_uri.scheme(), current_uri.scheme()) {
        (None, _) if location.starts_with('/') && !location.starts_with("//") => {
            match (current_uri.scheme(), current_uri.authority()) {
                (Some(scheme), Some(authority)) => {
                    Some(format!("{scheme}://{authority}{location}"))
                }
                _ => Some(location.to_owned()),
            }
        }
        (Some(scheme), Some(current_scheme))
            if scheme == current_scheme && location_uri.authority() == current_uri.authority() =>
        {
            Some(location.to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_followed_only_on_the_same_server() {
        assert_eq!(same_server("/a", "/b?c").as_deref(), Some("/b?c"));
        assert_eq!(
            same_server("http://h:1/a", "/b").as_deref(),
            Some("http://h:1/b")
        );
        assert_eq!(
            same_server("http://h:1/a", "http://h:1/b").as_deref(),
            Some("http://h:1/b")
        );
        assert_eq!(same_server("http://h:1/a", "http://h:2/b"), None);
        assert_eq!(same_server("/a", "https://elsewhere.test/b"), None);
        assert_eq!(same_server("/a", "//elsewhere.test/b"), None);
        assert_eq!(same_server("/a", "b"), None);
    }
}

/// The whole fetch against hand-written apps that answer exactly what a test needs.
#[cfg(test)]
mod fetch_tests {
    use std::sync::{Arc, Mutex};

    use axum::extract::Request as AxumRequest;
    use axum::response::IntoResponse;
    use axum::routing::any;

    use super::*;

    const O: &str = "https://app.test";

    type Seen = Arc<Mutex<Vec<(Method, HeaderMap)>>>;
    /// A status and header lines, per request method.
    type Answer = fn(&Method) -> (u16, Vec<(&'static str, &'static str)>);

    /// An app answering every request with `answer(method)`, recording what it received.
    fn app(answer: Answer) -> (Browser, Seen) {
        let seen: Seen = Arc::default();
        let log = seen.clone();
        let router = Router::new().route(
            "/{*rest}",
            any(move |req: AxumRequest| {
                let log = log.clone();
                async move {
                    log.lock()
                        .unwrap()
                        .push((req.method().clone(), req.headers().clone()));
                    let (status, lines) = answer(req.method());
                    let mut headers = HeaderMap::new();
                    for (n, v) in lines {
                        headers.append(
                            http::HeaderName::from_static(n),
                            HeaderValue::from_static(v),
                        );
                    }
                    (StatusCode::from_u16(status).unwrap(), headers, "body").into_response()
                }
            }),
        );
        (Browser::new(router), seen)
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn simple_request_goes_out_without_preflight_and_its_response_is_checked() {
        let (browser, seen) = app(|_| {
            (
                200,
                vec![("access-control-allow-origin", "*"), ("x-a", "1")],
            )
        });
        let res = block_on(
            browser.fetch(Fetch::new(O, Method::GET, "/x").header("Accept-Language", "en")),
        )
        .unwrap();
        assert!(!res.preflighted());
        assert_eq!(res.text(), "body");
        assert!(!res.headers().contains_key("x-a"), "not exposed");
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].0, Method::GET);
        assert_eq!(seen[0].1["origin"], O);
        assert_eq!(seen[0].1["accept"], "*/*");
        assert_eq!(seen[0].1["accept-language"], "en");
    }

    #[test]
    fn simple_request_blocked_after_the_handler_ran() {
        let (browser, seen) = app(|_| (200, vec![]));
        let err =
            block_on(browser.fetch(Fetch::new(O, Method::POST, "/x").body("hi"))).unwrap_err();
        assert_eq!(err.kind(), CorsErrorKind::MissingAllowOriginHeader);
        assert_eq!(
            seen.lock().unwrap().len(),
            1,
            "a simple request reaches the server"
        );
    }

    #[test]
    fn preflight_sent_as_a_browser_builds_it_then_the_request() {
        let (browser, seen) = app(|m| match *m {
            Method::OPTIONS => (
                204,
                vec![
                    ("access-control-allow-origin", O),
                    ("access-control-allow-credentials", "true"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-allow-headers", "x-b, X-A, authorization"),
                ],
            ),
            _ => (
                200,
                vec![
                    ("access-control-allow-origin", O),
                    ("access-control-allow-credentials", "true"),
                ],
            ),
        });
        let fetch = Fetch::new(O, Method::PUT, "/x")
            .header("X-B", "1")
            .header("Authorization", "Bearer t")
            .header("x-a", "2")
            .credentials(true)
            .body("{}");
        let res = block_on(browser.fetch(fetch)).unwrap();
        assert!(res.preflighted());
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        let (method, pre) = &seen[0];
        assert_eq!(*method, Method::OPTIONS);
        assert_eq!(pre["access-control-request-method"], "PUT");
        assert_eq!(
            pre["access-control-request-headers"],
            "authorization,x-a,x-b"
        );
        assert!(!pre.contains_key("authorization") && !pre.contains_key("x-a"));
        let (method, actual) = &seen[1];
        assert_eq!(*method, Method::PUT);
        assert_eq!(actual["authorization"], "Bearer t");
        assert!(!actual.contains_key("access-control-request-method"));
    }

    #[test]
    fn preflight_cache_lets_a_covered_request_skip_its_preflight() {
        fn answer(m: &Method) -> (u16, Vec<(&'static str, &'static str)>) {
            match *m {
                Method::OPTIONS => (
                    204,
                    vec![
                        ("access-control-allow-origin", O),
                        ("access-control-allow-methods", "PUT"),
                        ("access-control-max-age", "600"),
                    ],
                ),
                _ => (200, vec![("access-control-allow-origin", O)]),
            }
        }
        let (browser, seen) = app(answer);
        let put = || Fetch::new(O, Method::PUT, "/x");
        assert!(block_on(browser.fetch(put())).unwrap().preflighted());
        assert!(
            !block_on(browser.clone().fetch(put()))
                .unwrap()
                .preflighted(),
            "clones share the cache"
        );
        // DELETE was not granted: preflighted again (and refused).
        let err = block_on(browser.fetch(Fetch::new(O, Method::DELETE, "/x"))).unwrap_err();
        assert_eq!(
            err.kind(),
            CorsErrorKind::MethodDisallowedByPreflightResponse
        );
        assert_eq!(
            seen.lock()
                .unwrap()
                .iter()
                .filter(|(m, _)| m == Method::OPTIONS)
                .count(),
            2
        );
        let (fresh, _) = app(answer);
        assert!(
            block_on(fresh.fetch(put())).unwrap().preflighted(),
            "a new Browser starts cold"
        );
    }

    #[test]
    fn refused_preflight_never_sends_the_request() {
        let (browser, seen) = app(|_| (403, vec![]));
        let err = block_on(browser.fetch(Fetch::new(O, Method::DELETE, "/x"))).unwrap_err();
        assert_eq!(err.kind(), CorsErrorKind::PreflightMissingAllowOriginHeader);
        assert_eq!(err.url(), "/x");
        assert_eq!(seen.lock().unwrap().len(), 1, "only the preflight");
    }

    #[test]
    fn redirects_are_checked_and_followed_post_becomes_get() {
        let (browser, seen) = app(|m| match *m {
            Method::POST => (
                302,
                vec![("access-control-allow-origin", "*"), ("location", "/next")],
            ),
            _ => (200, vec![("access-control-allow-origin", "*")]),
        });
        let res = block_on(
            browser.fetch(
                Fetch::new(O, Method::POST, "/x")
                    .header("content-type", "text/plain")
                    .body("b"),
            ),
        )
        .unwrap();
        assert!(res.redirected());
        let seen = seen.lock().unwrap();
        assert_eq!(seen[1].0, Method::GET);
        assert!(!seen[1].1.contains_key("content-type"));
    }

    #[test]
    fn redirect_without_cors_headers_is_blocked_and_says_where_from() {
        let (browser, _) = app(|_| (307, vec![("location", "/next")]));
        let err = block_on(browser.fetch(Fetch::new(O, Method::GET, "/x"))).unwrap_err();
        assert_eq!(err.kind(), CorsErrorKind::MissingAllowOriginHeader);
        assert_eq!(err.url(), "/x", "the redirect itself failed the check");
        let (browser, _) = app(|m| match *m {
            Method::POST => (
                303,
                vec![("location", "/next"), ("access-control-allow-origin", "*")],
            ),
            _ => (200, vec![]),
        });
        let err = block_on(browser.fetch(Fetch::new(O, Method::POST, "/x"))).unwrap_err();
        assert_eq!(err.kind(), CorsErrorKind::MissingAllowOriginHeader);
        assert!(
            err.to_string()
                .starts_with("Access to fetch at '/next' (redirected from '/x') from origin"),
            "{err}"
        );
        let (browser, _) = app(|_| {
            (
                307,
                vec![("location", "/next"), ("access-control-allow-origin", "*")],
            )
        });
        let err = block_on(browser.fetch(Fetch::new(O, Method::GET, "/x"))).unwrap_err();
        assert_eq!(err.kind(), CorsErrorKind::TooManyRedirects);
    }

    #[test]
    fn redirect_to_another_server_is_reported_not_followed() {
        let (browser, _) = app(|_| {
            (
                302,
                vec![
                    ("location", "https://elsewhere.test/"),
                    ("access-control-allow-origin", "*"),
                ],
            )
        });
        let err = block_on(browser.fetch(Fetch::new(O, Method::GET, "/x"))).unwrap_err();
        assert_eq!(err.kind(), CorsErrorKind::RedirectNotModelled);
        assert_eq!(err.value(), Some("https://elsewhere.test/"));
    }

    #[test]
    fn preflight_redirect_is_refused() {
        let (browser, seen) = app(|_| {
            (
                301,
                vec![("location", "/y"), ("access-control-allow-origin", "*")],
            )
        });
        let err = block_on(browser.fetch(Fetch::new(O, Method::PUT, "/x"))).unwrap_err();
        assert_eq!(err.kind(), CorsErrorKind::PreflightDisallowedRedirect);
        assert_eq!(seen.lock().unwrap().len(), 1);
    }
}
