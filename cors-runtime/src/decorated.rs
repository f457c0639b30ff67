//! Handlers that decorate their own responses: the fast way for a path with nothing between the
//! router and its handlers.
//!
//! The path service (`service.rs`) is a second boxed axum route around the path, which axum
//! clones and boxes a future for on every request. A path without a layer, a `route_layer`, a
//! fallback of the user's, a service route, an `OPTIONS` or `any` handler, `debug_reasons` and
//! cross-origin isolation headers needs none of what it does but the decoration: when the router
//! is built, each of its handlers is routed [`Decorated`] with its final policy (a router default
//! or origins from the environment are only known then), decorating its response in the boxed
//! route axum already makes for it, and the path's 405 fallback is a path service that answers its preflights
//! (`service::answering_fallback`). Other paths route their handlers as they are, inside their
//! path service.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::handler::Handler;
use axum::response::Response;
use http::{HeaderValue, Request};
use pin_project_lite::pin_project;

use crate::actual::strip_cors_headers;
use crate::diagnostics;
use crate::preflight::single;
use crate::service::verdict;
use crate::{Policy, SharedPolicy};

/// A handler that decorates its own responses with its policy (see the module docs).
///
/// `P` says where the policy is: carried along ([`Carried`]) or, for a `#[cors]` fn item, found
/// again by the handler's type ([`ByType`]). The latter keeps the handler zero-sized, as axum's
/// own fn handlers are, so the boxed route cloning it per request allocates nothing.
#[derive(Clone)]
pub(crate) struct Decorated<H, P> {
    handler: H,
    policy: P,
}

/// Where a [`Decorated`] handler finds its policy.
pub(crate) trait PolicyOf<H>: Clone + Send + Sync + 'static {
    fn policy(&self) -> Option<SharedPolicy>;
}

/// The policy, carried by the handler: a pointer, or a reference count for a policy built at run
/// time (a handler of a few bytes, which axum's per-request clone of the route copies into a box).
#[derive(Clone)]
pub(crate) struct Carried(Option<SharedPolicy>);

impl<H> PolicyOf<H> for Carried {
    fn policy(&self) -> Option<SharedPolicy> {
        self.0.clone()
    }
}

/// The `#[cors]` policy of the fn item `H`, from the registry (one hash probe).
#[derive(Clone, Copy)]
pub(crate) struct ByType;

impl<H: 'static> PolicyOf<H> for ByType {
    fn policy(&self) -> Option<SharedPolicy> {
        registered::<H>().map(SharedPolicy::from)
    }
}

fn registered<H: 'static>() -> Option<&'static Policy> {
    crate::registry::lookup_entry::<H>().and_then(|entry| entry.policy)
}

/// Routes `handler` on `filter` in `inner`, decorating its own responses with `policy`, its final
/// policy.
pub(crate) fn on_decorated<H, T, S>(
    inner: axum::routing::MethodRouter<S>,
    filter: axum::routing::MethodFilter,
    handler: H,
    policy: Option<SharedPolicy>,
) -> axum::routing::MethodRouter<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let same = match (registered::<H>(), &policy) {
        (Some(a), Some(b)) => std::ptr::eq(a, &**b),
        (None, None) => true,
        _ => false,
    };
    if same && std::mem::size_of::<H>() == 0 {
        let policy = ByType;
        inner.on(filter, Decorated { handler, policy })
    } else {
        let policy = Carried(policy);
        inner.on(filter, Decorated { handler, policy })
    }
}

impl<H, P, T, S> Handler<T, S> for Decorated<H, P>
where
    H: Handler<T, S>,
    P: PolicyOf<H>,
    S: Send + 'static,
{
    type Future = DecoratedFuture<H::Future>;

    fn call(self, request: Request<Body>, state: S) -> Self::Future {
        let policy = self.policy.policy();
        // Exactly one `Origin` line counts, as in the path service; cloning shares the bytes.
        let origin = single(request.headers(), &http::header::ORIGIN).cloned();
        // Never with `debug_reasons` (such a path keeps its path service): only the event.
        if diagnostics::wanted(false) {
            let route = request
                .extensions()
                .get::<axum::extract::MatchedPath>()
                .map_or("", axum::extract::MatchedPath::as_str);
            diagnostics::report_actual(
                route,
                request.method().as_str(),
                request.headers(),
                &verdict(policy.as_deref(), request.headers()),
                false,
            );
        }
        DecoratedFuture {
            inner: self.handler.call(request, state),
            policy,
            origin,
        }
    }
}

pin_project! {
    /// The handler's future, its response decorated.
    pub(crate) struct DecoratedFuture<F> {
        #[pin]
        inner: F,
        policy: Option<SharedPolicy>,
        origin: Option<HeaderValue>,
    }
}

impl<F> Future for DecoratedFuture<F>
where
    F: Future<Output = Response>,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.project();
        let mut response = std::task::ready!(this.inner.poll(cx));
        match this.policy {
            Some(policy) => policy.decorate(this.origin.as_ref(), response.headers_mut()),
            // The table is the truth: a handler without a policy sends no CORS headers.
            None => strip_cors_headers(response.headers_mut()),
        }
        Poll::Ready(response)
    }
}
