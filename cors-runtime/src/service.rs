//! The tower service the router puts around everything mounted on one path.
//!
//! [`PathCors`] sits outside the path's handlers *and* any `route_layer`. It answers preflights
//! from the path's policy table before any user code runs, and decorates every response of the
//! path with the policy of the handler the request was routed to, including responses that an
//! extractor or an authentication `route_layer` produced in the handler's stead, and the path's
//! 405 responses, which no handler produces.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, Request, StatusCode};
use pin_project_lite::pin_project;
use tower::{Layer, Service};

use crate::actual::{strip_cors_headers, ActualVerdict};
use crate::diagnostics::{self, DEBUG_REASON_HEADER};
use crate::isolation::RouteIsolation;
use crate::method_resolution;
use crate::preflight::{
    no_policy_answer, refused_without_policy, requested_method, single, PreflightAnswer, Rejection,
    RoutedMethods,
};
use crate::request::{classify, RequestKind};
use crate::routing::RoutedHandler;
use crate::table::RouteMethod;
use crate::{Policy, SharedPolicy};

/// What one path knows about its handlers, for preflights and 405s.
#[derive(Debug, Default)]
pub(crate) struct PathPolicies {
    /// The routed method (or `any`) of each handler, in routing order: what
    /// [`method_resolution`](crate::method_resolution) resolves against.
    routes: Vec<RouteMethod>,
    /// Beside each of `routes`: what it serves to preflights, and its policy.
    entries: Vec<PathEntry>,
    /// The path as routed (`/users/{id}`): the route events name.
    pattern: String,
    /// `CorsRouter::debug_reasons`: refused requests get the reason in a response header.
    debug_reasons: bool,
    /// Beside each of `routes`: its cross-origin isolation headers (`isolation.rs`), if any.
    isolation: Vec<Option<Arc<RouteIsolation>>>,
}

/// The handler routed on one method of a path.
#[derive(Debug, Clone)]
struct PathEntry {
    /// The methods a preflight may ask this handler for (see `method_resolution::served`).
    served: Vec<Method>,
    policy: Option<SharedPolicy>,
}

impl PathPolicies {
    pub(crate) fn new(
        handlers: impl IntoIterator<Item = (RouteMethod, Option<SharedPolicy>)>,
    ) -> Self {
        let (routes, policies): (Vec<_>, Vec<_>) = handlers.into_iter().unzip();
        let entries = policies
            .into_iter()
            .enumerate()
            .map(|(i, policy)| PathEntry {
                served: method_resolution::served(&routes, i),
                policy,
            })
            .collect();
        PathPolicies {
            routes,
            entries,
            pattern: String::new(),
            debug_reasons: false,
            isolation: Vec::new(),
        }
    }

    /// The path's handlers as the routing functions recorded them.
    pub(crate) fn of(handlers: &[RoutedHandler]) -> Self {
        let mut path = Self::new(
            handlers
                .iter()
                .map(|h| (h.method.clone(), h.policy.clone())),
        );
        path.isolation = handlers.iter().map(|h| h.isolation.render()).collect();
        path
    }

    /// Names the path for reports, and turns the debug header on or off.
    pub(crate) fn reporting(mut self, pattern: &str, debug_reasons: bool) -> Self {
        pattern.clone_into(&mut self.pattern);
        self.debug_reasons = debug_reasons;
        self
    }

    /// The route a preflight reaches (index into the routes), and the answer, unreported.
    pub(crate) fn preflight(&self, request: &http::HeaderMap) -> (Option<usize>, PreflightAnswer) {
        let requested = request
            .get(http::header::ACCESS_CONTROL_REQUEST_METHOD)
            .map(HeaderValue::as_bytes)
            .unwrap_or_default();
        let index = method_resolution::preflight_route_served(&self.routes, requested, |i| {
            self.entries[i].served.as_slice()
        });
        let answer = match index.map(|i| &self.entries[i]) {
            Some(PathEntry {
                served,
                policy: Some(policy),
            }) => policy.answer_preflight(request, RoutedMethods::Only(served)),
            // No method name reaches a handler: say so rather than blame a missing policy.
            _ if requested_method(request).is_none() => {
                refused_without_policy(Rejection::MalformedRequestMethod)
            }
            _ => no_policy_answer(),
        };
        (index, answer)
    }

    /// The answer to a preflight, reported: what the path service and the front (`front.rs`)
    /// send, so that both answer alike.
    pub(crate) fn answer_preflight(&self, request: &http::HeaderMap) -> Response {
        let (_, mut answer) = self.preflight(request);
        diagnostics::report_preflight(&self.pattern, request, &mut answer, self.debug_reasons);
        let mut response = answer.into_response();
        // What axum's route adds to an empty body; set here so the front's answer has it too.
        response.headers_mut().insert(
            http::header::CONTENT_LENGTH,
            const { HeaderValue::from_static("0") },
        );
        response
    }

    /// The route an actual request with `method` reaches (`None`: the path answers 405), the
    /// policy that decorates its response, and that policy's verdict: what the path service does,
    /// step by step, for `explain` and the reports.
    pub(crate) fn actual(
        &self,
        method: &[u8],
        request: &http::HeaderMap,
    ) -> (Option<usize>, Option<&Policy>, ActualVerdict) {
        let index = method_resolution::reached(&self.routes, method);
        let policy = match index {
            Some(i) => self.entries[i].policy.as_deref(),
            None => self.policy_for_405(single(request, &http::header::ORIGIN)),
        };
        (index, policy, verdict(policy, request))
    }

    /// Whether the path's handlers may decorate their own responses instead of being wrapped in
    /// [`PathCors`] (see `decorated.rs`): no preflight can reach one (no `OPTIONS` or `any`
    /// route, so preflights go to the path's 405 fallback, which answers them), and nothing
    /// writes the debug header. Cross-origin isolation headers are added by the path service
    /// only, so a path whose handlers send some keeps it.
    pub(crate) fn handlers_may_decorate(&self) -> bool {
        !self.debug_reasons
            && self.isolation.iter().all(Option::is_none)
            && self.routes.iter().all(|r| match r {
                RouteMethod::Any => false,
                RouteMethod::One(m) => *m != Method::OPTIONS,
            })
    }

    /// The policy that speaks for a 405 of this path: the first one that allows the origin, so the
    /// page can read the error; else the first one, which still adds `Vary: Origin`.
    fn policy_for_405(&self, origin: Option<&HeaderValue>) -> Option<&Policy> {
        let mut annotated = self.entries.iter().filter_map(|e| e.policy.as_deref());
        let first = annotated.clone().next();
        origin
            .and_then(|o| annotated.find(|p| p.allows_origin(o.as_bytes())))
            .or(first)
    }
}

/// What a policy (or its absence) says about an actual request: the one verdict the path service
/// and a `Decorated` handler report.
pub(crate) fn verdict(policy: Option<&Policy>, request: &http::HeaderMap) -> ActualVerdict {
    match policy {
        Some(policy) => policy.judge_actual(request),
        None if request.contains_key(http::header::ORIGIN) => {
            ActualVerdict::Refused(Rejection::NoPolicy)
        }
        None => ActualVerdict::NotCors,
    }
}

/// Puts [`PathCors`] around everything mounted on one path.
#[derive(Clone)]
pub(crate) struct PathCorsLayer {
    pub(crate) path: Arc<PathPolicies>,
}

impl<Svc> Layer<Svc> for PathCorsLayer {
    type Service = PathCors<Svc>;

    fn layer(&self, inner: Svc) -> PathCors<Svc> {
        PathCors {
            inner,
            path: self.path.clone(),
        }
    }
}

/// See [`PathCorsLayer`].
#[derive(Clone)]
pub(crate) struct PathCors<Svc> {
    inner: Svc,
    path: Arc<PathPolicies>,
}

/// What to do with a response once the inner service has produced it.
pub(crate) enum Decoration {
    /// The request reached a handler with this policy: apply it, whatever produced the response
    /// (the handler, an extractor's rejection, a `route_layer`).
    Policy(SharedPolicy),
    /// The request's method is not routed here: decorate the method router's 405.
    NotRouted(Arc<PathPolicies>),
}

pin_project! {
    /// Either a preflight answered on the spot, or the inner response, decorated.
    #[project = PathFutureProj]
    pub(crate) enum PathCorsFuture<F> {
        Answered { response: Option<Response> },
        Inner {
            #[pin]
            inner: F,
            origin: Option<HeaderValue>,
            // `None` for a handler without a policy: its responses lose any CORS headers.
            decoration: Option<Decoration>,
            // The debug header's value, when `debug_reasons` and the request was refused.
            reason: Option<HeaderValue>,
            // The isolation headers of the handler the request reached.
            isolation: Option<Arc<RouteIsolation>>,
        },
    }
}

impl<F> Future for PathCorsFuture<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            PathFutureProj::Answered { response } => {
                Poll::Ready(Ok(response.take().unwrap_or_default()))
            }
            PathFutureProj::Inner {
                inner,
                origin,
                decoration,
                reason,
                isolation,
            } => {
                let mut response = std::task::ready!(inner.poll(cx))?;
                crate::isolation::decorate(isolation.as_deref(), response.headers_mut());
                if let Some(reason) = reason.take() {
                    response
                        .headers_mut()
                        .insert(DEBUG_REASON_HEADER.clone(), reason);
                }
                let policy = match decoration {
                    Some(Decoration::Policy(policy)) => Some(&**policy),
                    Some(Decoration::NotRouted(path))
                        if response.status() == StatusCode::METHOD_NOT_ALLOWED =>
                    {
                        path.policy_for_405(origin.as_ref())
                    }
                    _ => None,
                };
                match policy {
                    Some(policy) => policy.decorate(origin.as_ref(), response.headers_mut()),
                    // The table is the truth: a route without a policy sends no CORS headers,
                    // whatever its handler sets.
                    None => strip_cors_headers(response.headers_mut()),
                }
                Poll::Ready(Ok(response))
            }
        }
    }
}

impl<Svc> Service<Request<Body>> for PathCors<Svc>
where
    Svc: Service<Request<Body>, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = PathCorsFuture<Svc::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        if let RequestKind::Preflight = classify(request.method(), request.headers()) {
            return PathCorsFuture::Answered {
                response: Some(self.path.answer_preflight(request.headers())),
            };
        }
        let method = request.method().as_str().as_bytes();
        let reached = method_resolution::reached(&self.path.routes, method);
        let isolation = reached.and_then(|i| self.path.isolation.get(i).cloned().flatten());
        let decoration = match reached {
            // A pointer copy, or a reference count for a policy built at run time: no allocation.
            Some(i) => self.path.entries[i].policy.clone().map(Decoration::Policy),
            None => Some(Decoration::NotRouted(self.path.clone())),
        };
        // Exactly one `Origin` line, as for preflights: with two, none of them is answered.
        // Cloning a header value shares its bytes; nothing is copied.
        let origin = match decoration {
            Some(_) => single(request.headers(), &http::header::ORIGIN).cloned(),
            None => None,
        };
        // Judged a second time only for a report someone reads (decoration judges on its own).
        let reason = if diagnostics::wanted(self.path.debug_reasons) {
            let (_, _, verdict) = self.path.actual(method, request.headers());
            diagnostics::report_actual(
                &self.path.pattern,
                request.method().as_str(),
                request.headers(),
                &verdict,
                self.path.debug_reasons,
            )
        } else {
            None
        };
        PathCorsFuture::Inner {
            inner: self.inner.call(request),
            origin,
            decoration,
            reason,
            isolation,
        }
    }
}

/// The path's 405, for methods no handler of the path serves. Inside [`PathCors`] it is also
/// where the preflights of a path whose handlers decorate themselves are answered.
#[derive(Clone, Copy)]
pub(crate) struct MethodNotAllowed;

impl Service<Request<Body>> for MethodNotAllowed {
    type Response = Response;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<Body>) -> Self::Future {
        std::future::ready(Ok(StatusCode::METHOD_NOT_ALLOWED.into_response()))
    }
}

/// The 405 fallback of a path whose handlers decorate themselves: it answers the path's
/// preflights and decorates its 405s, in the one boxed route axum gives a fallback.
pub(crate) fn answering_fallback(path: Arc<PathPolicies>) -> PathCors<MethodNotAllowed> {
    PathCors {
        inner: MethodNotAllowed,
        path,
    }
}

/// The answer as an HTTP response with an empty body.
impl IntoResponse for PreflightAnswer {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}
