//! `CorsRouter`: an axum router that knows the CORS policy of every route.
//!
//! Routes are kept apart, path by path, until the router is turned into an `axum::Router`. Only
//! then does each path get its preflight answerer, wrapped around the path's handlers *and* any
//! `route_layer`: an authentication layer can never answer a preflight with 401, and the handler
//! can never run for a preflight.

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::IntoResponse;
use axum::routing::Route;
use http::Method;
use tower::{Layer, Service};

use crate::routing::{MethodRouter, RoutedHandler};
use crate::service::{PathCorsLayer, PathPolicies};
use crate::table::{PolicyTable, RouteMethod, TableRoute};

/// An axum router whose routes carry their `#[cors]` policies.
///
/// ```
/// use cors_runtime::{cors, routing::get, CorsRouter};
///
/// #[cors(origins = ["https://app.example.com"])]
/// async fn hello() -> &'static str {
///     "hello"
/// }
///
/// let cors = CorsRouter::new().route("/hello", get(hello));
/// println!("{}", cors.table());
/// let app: axum::Router = cors.into_router();
/// ```
pub struct CorsRouter<S = ()> {
    pub(crate) paths: Vec<(String, MethodRouter<S>)>,
    /// Plain axum routes and the fallback: mounted as they are, with no CORS.
    plain: axum::Router<S>,
    plain_has_routes: bool,
    /// See [`CorsRouter::debug_reasons`].
    debug_reasons: bool,
}

/// Why a route could not be added. See [`CorsRouter::try_route`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RouteError {
    /// The handler's policy lists `methods = [...]` without the method it is routed on, so a
    /// browser could never call it cross-origin.
    MethodNotInPolicy {
        /// The path.
        path: String,
        /// The routed method.
        method: Method,
        /// The handler's name.
        handler: &'static str,
        /// The methods the policy lists.
        allowed: Vec<String>,
    },
    /// Two handlers on the same path and method.
    Overlap {
        /// The path.
        path: String,
        /// The method routed twice.
        method: RouteMethod,
    },
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::MethodNotInPolicy {
                path,
                method,
                handler,
                allowed,
            } => write!(
                f,
                "handler `{handler}` is routed on {method} {path}, but its #[cors] policy lists \
                 methods = [{}] without {method}; add {method} to `methods` or remove `methods` \
                 to allow the routed methods",
                allowed.join(", ")
            ),
            RouteError::Overlap { path, method } => {
                write!(f, "{method} {path} is routed to two handlers; keep one")
            }
        }
    }
}

impl std::error::Error for RouteError {}

impl<S> Default for CorsRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<S> fmt::Debug for CorsRouter<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CorsRouter")
            .field("paths", &self.paths)
            .finish_non_exhaustive()
    }
}

impl<S> From<axum::Router<S>> for CorsRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// A router of plain axum routes: mounted as they are, with no CORS (same-origin only).
    fn from(router: axum::Router<S>) -> Self {
        CorsRouter {
            paths: Vec::new(),
            plain: router,
            plain_has_routes: true,
            debug_reasons: false,
        }
    }
}

/// Joins a `nest` prefix and a path the way axum does: `/api` + `/` is `/api`.
fn join(prefix: &str, path: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    match path {
        "" | "/" => prefix.to_owned(),
        _ => format!("{prefix}{path}"),
    }
}

impl<S> CorsRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// An empty router.
    pub fn new() -> Self {
        CorsRouter {
            paths: Vec::new(),
            plain: axum::Router::new(),
            plain_has_routes: false,
            debug_reasons: false,
        }
    }

    /// Adds the reason of every refusal to the response, in an `x-cors-reason` header: refused
    /// preflights, and responses to actual requests the page may not read (origin not allowed,
    /// credentials under a policy without `credentials`, no policy). The browser's network panel
    /// then shows why a request was blocked. Off by default; it applies to every route of the
    /// router when [`into_router`](Self::into_router) builds it (nested and merged routers
    /// included).
    ///
    /// **Not for production**: the reason tells anyone who asks what the policy allows (which
    /// header or method is missing, that credentials are refused). The same reasons are logged as
    /// `debug` events (target `cors_runtime`) whether or not this is on, and
    /// [`explain`](Self::explain) gives them for a request without sending it.
    pub fn debug_reasons(mut self, on: bool) -> Self {
        self.debug_reasons = on;
        self
    }

    /// Adds `methods` at `path`, checking each handler's policy against the methods it is routed
    /// on. Routing the same path twice adds to it, as axum does.
    pub fn try_route(mut self, path: &str, methods: MethodRouter<S>) -> Result<Self, RouteError> {
        for handler in &methods.handlers {
            check_routed_method(path, handler)?;
        }
        let existing = self.paths.iter().position(|(p, _)| p == path);
        if let Some(i) = existing {
            let taken = &self.paths[i].1.handlers;
            if let Some(dup) = methods.handlers.iter().find(|h| {
                taken.iter().any(|t| {
                    t.method == h.method
                        || t.method == RouteMethod::Any
                        || h.method == RouteMethod::Any
                })
            }) {
                return Err(RouteError::Overlap {
                    path: path.to_owned(),
                    method: dup.method.clone(),
                });
            }
            let slot = &mut self.paths[i].1;
            *slot = std::mem::replace(slot, MethodRouter::empty()).merge(methods);
        } else {
            self.paths.push((path.to_owned(), methods));
        }
        Ok(self)
    }

    /// Like [`try_route`](Self::try_route), but panics with the error's message, which names the
    /// handler, the path and the method.
    #[track_caller]
    pub fn route(self, path: &str, methods: MethodRouter<S>) -> Self {
        match self.try_route(path, methods) {
            Ok(router) => router,
            Err(e) => panic!("{e}"),
        }
    }

    /// Mounts `router` under `prefix`; its routes appear in the table with the prefix.
    pub fn nest(mut self, prefix: &str, router: impl Into<CorsRouter<S>>) -> Self {
        let router = router.into();
        for (path, methods) in router.paths {
            self = self.route(&join(prefix, &path), methods);
        }
        if router.plain_has_routes {
            self.plain = self.plain.nest(prefix, router.plain);
            self.plain_has_routes = true;
        }
        self
    }

    /// Adds every route of `router` (a `CorsRouter` or a plain `axum::Router`) to this one.
    pub fn merge(mut self, router: impl Into<CorsRouter<S>>) -> Self {
        let router = router.into();
        for (path, methods) in router.paths {
            self = self.route(&path, methods);
        }
        self.plain = self.plain.merge(router.plain);
        self.plain_has_routes |= router.plain_has_routes;
        self
    }

    /// The handler for requests that match no route. It gets no CORS headers: a path that does not
    /// exist has no policy.
    pub fn fallback<H, T>(mut self, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.plain = self.plain.fallback(handler);
        self
    }

    /// Wraps the handlers of every route added so far in `layer`, like axum's `route_layer`, but
    /// not the automatic preflight answers: an authentication layer here never sees a preflight.
    pub fn route_layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        for (_, methods) in &mut self.paths {
            let inner = std::mem::take(&mut methods.inner);
            methods.inner = inner.route_layer(layer.clone());
        }
        if self.plain_has_routes {
            self.plain = self.plain.route_layer(layer);
        }
        self
    }

    /// Every route with its policy, sorted by path then method.
    pub fn table(&self) -> PolicyTable {
        let routes = self
            .paths
            .iter()
            .flat_map(|(path, methods)| {
                methods.handlers.iter().map(move |h| TableRoute {
                    path: path.clone(),
                    method: h.method.clone(),
                    handler: h.name,
                    policy: h.policy,
                })
            })
            .collect();
        PolicyTable::new(routes)
    }

    /// The `axum::Router`, still waiting for its state. Each path gets its preflight answerer here.
    pub fn into_router(self) -> axum::Router<S> {
        let mut router = axum::Router::new();
        for (path, methods) in self.paths {
            let policies = PathPolicies::of(&methods.handlers).reporting(&path, self.debug_reasons);
            let layer = PathCorsLayer {
                path: Arc::new(policies),
            };
            // An explicit 405 fallback (axum still adds `Allow`), so that when a plain router
            // merged later routes the same path, axum keeps this fallback, the one that carries
            // the preflight answers, rather than the plain router's default one.
            let inner = methods
                .inner
                .fallback_service(tower::service_fn(method_not_allowed));
            router = router.route(&path, inner.layer(layer));
        }
        router.merge(self.plain)
    }

    /// The `axum::Router` with its state provided, ready to serve.
    pub fn with_state<S2>(self, state: S) -> axum::Router<S2> {
        self.into_router().with_state(state)
    }
}

/// A service rather than a handler: a handler fallback is rebuilt on every call.
async fn method_not_allowed(_: Request) -> Result<axum::response::Response, Infallible> {
    Ok(http::StatusCode::METHOD_NOT_ALLOWED.into_response())
}

fn check_routed_method(path: &str, handler: &RoutedHandler) -> Result<(), RouteError> {
    let (RouteMethod::One(method), Some(policy)) = (&handler.method, handler.policy) else {
        return Ok(());
    };
    let Some(allowed) = policy.methods() else {
        return Ok(());
    };
    if allowed.iter().any(|m| m == method.as_str() || m == "*") {
        return Ok(());
    }
    Err(RouteError::MethodNotInPolicy {
        path: path.to_owned(),
        method: method.clone(),
        handler: handler.name,
        allowed: allowed.iter().map(|m| m.to_string()).collect(),
    })
}
