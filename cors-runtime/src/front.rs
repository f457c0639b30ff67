//! Preflights answered in front of axum's router: [`CorsService`].
//!
//! Inside the `axum::Router`, a preflight goes through axum's routing (path lookup, a
//! `MatchedPath` and the path parameters written into the request, the path's boxed route and
//! its future) before the path service answers it from the path's policies. The front looks the
//! path up itself, with the matcher axum routes with (`matchit`, the version axum pins) and the
//! same paths inserted, and answers from the same policies with the same code
//! (`PathPolicies::answer_preflight`), so the answer is the same, only cheaper. Everything else,
//! and every preflight to a path the front does not know (a plain route, a nested service, the
//! fallback), goes to the `axum::Router` untouched.
//!
//! The front must see every path axum's router could prefer: matchit picks the most specific
//! match (`/users/me` over `/users/{id}`), so a path it did not know could change which route a
//! request reaches. A router holding plain `axum::Router` routes, whose paths cannot be listed,
//! therefore gets no front: all of its requests go through the `axum::Router`, as with
//! `into_router`.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::Response;
use axum::routing::future::RouteFuture;
use http::header::ALLOW;
use http::{HeaderValue, Method, Request};
use pin_project_lite::pin_project;
use tower::Service;

use crate::request::{classify, RequestKind};
use crate::service::PathPolicies;

/// The paths the front answers preflights for.
pub(crate) struct Front {
    /// Each path of the `axum::Router`'s own routes: its policies, or `None` for a nested
    /// service (whose preflights the `axum::Router` refuses). `None` altogether when the router
    /// holds routes the front cannot see.
    paths: Option<matchit::Router<Option<FrontPath>>>,
}

/// A path the front answers for.
struct FrontPath {
    policies: Arc<PathPolicies>,
    /// What axum adds to the path's answer (its `Allow`), so that the front's is the same.
    allow: Option<HeaderValue>,
}

impl Front {
    /// `paths`: the router's paths with their policies and the `Allow` axum adds to their
    /// answers (`Err`: unknown); `nested`: the prefixes of its nested services; `opaque`: whether
    /// it holds plain axum routes.
    pub(crate) fn new(
        paths: impl IntoIterator<Item = (String, Arc<PathPolicies>, Result<Option<HeaderValue>, ()>)>,
        nested: impl IntoIterator<Item = String>,
        opaque: bool,
    ) -> Self {
        if opaque {
            return Front { paths: None };
        }
        let mut matcher = matchit::Router::new();
        let mut ok = true;
        for (path, policies, allow) in paths {
            let Ok(allow) = allow else {
                return Front { paths: None };
            };
            ok &= matcher
                .insert(path, Some(FrontPath { policies, allow }))
                .is_ok();
        }
        for prefix in nested {
            // What axum's `nest_service` routes: the prefix, the prefix with a trailing slash
            // (which a catch-all never matches, as its tail would be empty) and everything under
            // it.
            let base = prefix.trim_end_matches('/');
            ok &= matcher
                .insert(format!("{base}/{{*__nest_tail}}"), None)
                .is_ok();
            ok &= matcher.insert(format!("{base}/"), None).is_ok();
            if !prefix.ends_with('/') {
                ok &= matcher.insert(prefix, None).is_ok();
            }
        }
        // axum refuses to build a router with conflicting paths; should matchit refuse one here
        // all the same, the front steps aside rather than guess.
        Front {
            paths: ok.then_some(matcher),
        }
    }

    /// Whether the front answers preflights (false: everything goes to the `axum::Router`).
    pub(crate) fn is_active(&self) -> bool {
        self.paths.is_some()
    }

    fn path(&self, path: &str) -> Option<&FrontPath> {
        self.paths.as_ref()?.at(path).ok()?.value.as_ref()
    }
}

/// A [`CorsRouter`](crate::CorsRouter) ready to serve: preflights to its paths are answered in
/// front of axum's routing, everything else goes to the `axum::Router` that
/// [`into_router`](crate::CorsRouter::into_router) builds. Answers are the same either way
/// (same status, same headers); a preflight is just cheaper this way.
///
/// Made by [`CorsRouter::into_make_service`](crate::CorsRouter::into_make_service) or
/// [`CorsRouter::into_make_service_with_state`](crate::CorsRouter::into_make_service_with_state),
/// and passed to `axum::serve` as it is. It is also a `tower::Service` of requests (for tests,
/// or to wrap it in layers that must see every request, preflights included).
///
/// A router holding plain axum routes (`CorsRouter::from(axum::Router)`, or one merged or nested
/// in) gets no front: which of its routes a path reaches cannot be known outside axum, so every
/// request goes through the `axum::Router`, as with `into_router`.
#[derive(Clone)]
pub struct CorsService {
    router: axum::Router,
    front: Arc<Front>,
}

impl CorsService {
    pub(crate) fn new(router: axum::Router, front: Front) -> Self {
        CorsService {
            router,
            front: Arc::new(front),
        }
    }

    /// Whether preflights are answered in front of axum's routing (see the type's docs).
    pub fn answers_preflights_in_front(&self) -> bool {
        self.front.is_active()
    }
}

impl std::fmt::Debug for CorsService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CorsService")
            .field("front", &self.front.is_active())
            .finish_non_exhaustive()
    }
}

pin_project! {
    /// The response future of a [`CorsService`].
    pub struct CorsServiceFuture {
        #[pin]
        inner: Answer,
    }
}

pin_project! {
    /// A preflight answered in front, or the `axum::Router`'s future.
    #[project = AnswerProj]
    enum Answer {
        Answered { response: Option<Response> },
        Routed {
            #[pin]
            future: RouteFuture<Infallible>,
        },
    }
}

impl Future for CorsServiceFuture {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().inner.project() {
            AnswerProj::Answered { response } => {
                Poll::Ready(Ok(response.take().unwrap_or_default()))
            }
            AnswerProj::Routed { future } => future.poll(cx),
        }
    }
}

impl Service<Request<Body>> for CorsService {
    type Response = Response;
    type Error = Infallible;
    type Future = CorsServiceFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The `axum::Router` is always ready.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> CorsServiceFuture {
        // `OPTIONS` first: the one comparison every other request pays.
        if request.method() == Method::OPTIONS
            && classify(request.method(), request.headers()) == RequestKind::Preflight
        {
            if let Some(path) = self.front.path(request.uri().path()) {
                let mut response = path.policies.answer_preflight(request.headers());
                if let Some(allow) = &path.allow {
                    response.headers_mut().insert(ALLOW, allow.clone());
                }
                let inner = Answer::Answered {
                    response: Some(response),
                };
                return CorsServiceFuture { inner };
            }
        }
        let inner = Answer::Routed {
            future: self.router.call(request),
        };
        CorsServiceFuture { inner }
    }
}

/// What `axum::serve` asks of the value it serves: a service per connection, this one.
impl<L> Service<axum::serve::IncomingStream<'_, L>> for CorsService
where
    L: axum::serve::Listener,
{
    type Response = CorsService;
    type Error = Infallible;
    type Future = std::future::Ready<Result<CorsService, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: axum::serve::IncomingStream<'_, L>) -> Self::Future {
        std::future::ready(Ok(self.clone()))
    }
}
