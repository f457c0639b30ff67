//! Serving a `CorsRouter` with its preflights answered in front of axum's routing: the methods
//! that make a [`CorsService`] (`front.rs` says how it answers).
//!
//! A child module of `router`, like `resolve`, so it reaches the router's private fields.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use axum::body::Body;
use http::header::{ACCESS_CONTROL_REQUEST_METHOD, ALLOW, ORIGIN};
use http::{HeaderValue, Method, Request};
use tower::Service;
use tracing::subscriber::NoSubscriber;

use super::CorsRouter;
use crate::env_origins::ConfigError;
use crate::front::{CorsService, Front};

impl CorsRouter<()> {
    /// The router ready for `axum::serve`, with its preflights answered in front of axum's
    /// routing: the fastest way to serve it. The answers are those of
    /// [`into_router`](Self::into_router) (same status, same headers); use `into_router` when the
    /// result must be merged or nested into another `axum::Router`, or given layers of its own.
    ///
    /// ```no_run
    /// use cors_runtime::{cors, routing::get, CorsRouter};
    ///
    /// #[cors(origins = ["https://app.example.com"])]
    /// async fn hello() -> &'static str {
    ///     "hello"
    /// }
    ///
    /// # async fn serve() {
    /// let cors = CorsRouter::new().route("/hello", get(hello));
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    /// axum::serve(listener, cors.into_make_service()).await.unwrap();
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// As [`into_router`](Self::into_router) does.
    #[track_caller]
    pub fn into_make_service(self) -> CorsService {
        self.into_make_service_with_state(())
    }
}

impl<S> CorsRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// [`into_make_service`](CorsRouter::into_make_service) for a router whose handlers take a
    /// state: provides it, as [`with_state`](Self::with_state) does.
    ///
    /// # Panics
    ///
    /// As [`into_router`](Self::into_router) does; see
    /// [`try_into_make_service_with_state`](Self::try_into_make_service_with_state).
    #[track_caller]
    pub fn into_make_service_with_state(self, state: S) -> CorsService {
        match self.try_into_make_service_with_state(state) {
            Ok(service) => service,
            Err(e) => panic!("{e}"),
        }
    }

    /// [`into_make_service_with_state`](Self::into_make_service_with_state), or every problem of
    /// the origins read from the environment, as [`try_into_router`](Self::try_into_router).
    pub fn try_into_make_service_with_state(self, state: S) -> Result<CorsService, ConfigError> {
        let (router, built) = self.ready()?.build_with_paths();
        let paths = built.paths.into_iter().map(|(path, policies, methods)| {
            let added = added_by_axum(methods.with_state(state.clone()));
            (path, policies, added)
        });
        let front = Front::new(paths, built.nested, built.opaque);
        Ok(CorsService::new(router.with_state(state), front))
    }
}

/// What axum adds to the path's answer to a preflight: the `Allow` header its method router
/// puts on whatever its fallback answers, which is where a path without an `OPTIONS` handler
/// answers preflights. Learnt by asking the method router once, with a preflight (answered by
/// the path's service before any handler, layer or user fallback runs, and with no event: no
/// subscriber sees it), rather than by copying axum's rules for that header. `Err` when the
/// answer does not come at once, which no path does; the front then steps aside.
fn added_by_axum(mut methods: axum::routing::MethodRouter) -> Result<Option<HeaderValue>, ()> {
    let probe = Request::builder()
        .method(Method::OPTIONS)
        .uri("/")
        .header(ORIGIN, "null")
        .header(ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .body(Body::empty())
        .map_err(drop)?;
    let mut cx = Context::from_waker(Waker::noop());
    let answer = tracing::subscriber::with_default(NoSubscriber::default(), || {
        let mut future = std::pin::pin!(Service::call(&mut methods, probe));
        future.as_mut().poll(&mut cx)
    });
    match answer {
        Poll::Ready(Ok(response)) => Ok(response.headers().get(ALLOW).cloned()),
        _ => Err(()),
    }
}
