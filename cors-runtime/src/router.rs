//! `CorsRouter`: an axum router that knows the CORS policy of every route.
//!
//! Routes are kept apart, path by path, until the router is turned into an `axum::Router`. Only
//! then does each path get its preflight answerer, wrapped around the path's handlers *and* any
//! `route_layer`: an authentication layer can never answer a preflight with 401, and the handler
//! can never run for a preflight.
//!
//! Routers merged into the `axum::Router` after [`CorsRouter::into_router`] are invisible here:
//! they are not in the table, the route documentation or the coverage check, and layers added to
//! that `axum::Router` sit outside the CORS decoration (their own answers get no CORS headers).

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::IntoResponse;
use axum::routing::Route;
use tower::{Layer, Service};

use crate::coverage::{self, CoverageError};
use crate::env_origins::{self, ConfigError};
use crate::provenance::PolicySource;
use crate::route_error::{check_routed_method, RouteError};
use crate::routing::{unannotated_name, MethodRouter};
use crate::service::{PathCorsLayer, PathPolicies};
use crate::table::{PolicyTable, RouteMethod, TableRoute};
use crate::SharedPolicy;

// The router default, the origins read from the environment and the final `axum::Router` are
// settled at build time, in a file of its own so this one stays under 600 lines.
mod resolve;
// Serving with preflights answered in front of axum's routing (`CorsService`).
mod serve;

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
    /// Plain axum routes, nested services and the fallback: mounted as they are, with no CORS.
    plain: axum::Router<S>,
    plain_has_routes: bool,
    plain_has_fallback: bool,
    /// Whether `plain` holds axum routes whose paths cannot be listed (an `axum::Router` merged or
    /// nested in): the front of [`CorsService`](crate::CorsService) then steps aside.
    plain_opaque: bool,
    /// Table rows of the services mounted with `nest_service` (in `plain`).
    nested_services: Vec<TableRoute>,
    /// See [`CorsRouter::debug_reasons`].
    debug_reasons: bool,
    /// Paths of nested or merged routers that turned `debug_reasons` on themselves.
    debug_paths: std::collections::HashSet<String>,
    /// For handlers without `#[cors]`; see [`CorsRouter::default_policy`].
    pub(crate) default: Option<SharedPolicy>,
    /// See [`CorsRouter::isolation`].
    pub(crate) isolation: Option<crate::Isolation>,
}

impl<S> Clone for CorsRouter<S> {
    fn clone(&self) -> Self {
        CorsRouter {
            paths: self.paths.clone(),
            plain: self.plain.clone(),
            plain_has_routes: self.plain_has_routes,
            plain_has_fallback: self.plain_has_fallback,
            plain_opaque: self.plain_opaque,
            nested_services: self.nested_services.clone(),
            debug_reasons: self.debug_reasons,
            debug_paths: self.debug_paths.clone(),
            default: self.default.clone(),
            isolation: self.isolation.clone(),
        }
    }
}

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
            // Whether it has one cannot be asked; nesting it then keeps it, as axum does.
            plain_has_fallback: true,
            plain_opaque: true,
            nested_services: Vec::new(),
            debug_reasons: false,
            debug_paths: std::collections::HashSet::new(),
            default: None,
            isolation: None,
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
            plain_has_fallback: false,
            plain_opaque: false,
            nested_services: Vec::new(),
            debug_reasons: false,
            debug_paths: std::collections::HashSet::new(),
            default: None,
            isolation: None,
        }
    }

    /// The policy of this router's handlers that have no `#[cors]`: a `&'static Policy` (a
    /// named policy, `&WRITES`), an owned `Policy` or an `Arc<Policy>` built at run time.
    ///
    /// It applies to every handler routed on this router, before or after this call, that has
    /// no `#[cors]` and no [`on_with_policy`](crate::routing::on_with_policy) policy. A handler
    /// marked `#[cors(none)]` keeps no policy (same-origin only). A router mounted with
    /// [`nest`](Self::nest) or [`merge`](Self::merge) keeps its own default for its own handlers:
    /// the innermost default wins, and this one applies only to handlers that had none. Plain
    /// axum routes (`CorsRouter::from(axum::Router)`) get no default: their handlers are not seen.
    ///
    /// ```
    /// use cors_runtime::{cors, cors_policy, routing::get, CorsRouter, Policy};
    ///
    /// static WRITES: Policy = cors_policy!(origins = ["https://app.example.com"], credentials);
    ///
    /// async fn list() {}
    /// #[cors(none)]
    /// async fn internal() {}
    ///
    /// let cors = CorsRouter::<()>::new()
    ///     .route("/items", get(list))
    ///     .route("/internal", get(internal))
    ///     .default_policy(&WRITES);
    /// let table = cors.table();
    /// assert!(table.routes()[0].policy.is_none()); // `/internal`: opted out
    /// assert!(table.routes()[1].policy.is_some()); // `/items`: the router default
    /// ```
    ///
    /// # Panics
    ///
    /// When the router is turned into an `axum::Router` (or nested, or merged), if the default
    /// lists `methods` without a method a handler relying on it is routed on, as
    /// [`route`](Self::route) does for a handler's own policy.
    pub fn default_policy(mut self, policy: impl Into<SharedPolicy>) -> Self {
        self.default = Some(policy.into());
        self
    }

    /// Adds the reason of every refusal to the response, in an `x-cors-reason` header: refused
    /// preflights, and responses to actual requests the page may not read (origin not allowed,
    /// credentials under a policy without `credentials`, no policy). The browser's network panel
    /// then shows why a request was blocked. Off by default; it applies to every route of the
    /// router when [`into_router`](Self::into_router) builds it (nested and merged routers
    /// included; a nested or merged router that turned it on keeps it for its own routes).
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
            if !handler.ambiguous.is_empty() {
                return Err(RouteError::WrapsSeveralHandlers {
                    path: path.to_owned(),
                    method: handler.method.clone(),
                    handlers: handler.ambiguous.clone(),
                });
            }
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
            *slot = std::mem::take(slot).merge(methods);
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

    /// Mounts `router` under `prefix`; its routes appear in the table with the prefix. As with
    /// axum, its fallback answers the paths under `prefix` that match none of its routes, and
    /// nesting at `/` panics (use [`merge`](Self::merge)).
    #[track_caller]
    pub fn nest(mut self, prefix: &str, router: impl Into<CorsRouter<S>>) -> Self {
        if prefix.is_empty() || prefix == "/" {
            panic!("Nesting at the root is no longer supported. Use merge instead.");
        }
        let mut router = router.into();
        router.apply_default();
        for (path, methods) in router.paths {
            let path = join(prefix, &path);
            if router.debug_reasons {
                self.debug_paths.insert(path.clone());
            }
            self = self.route(&path, methods);
        }
        self.debug_paths
            .extend(router.debug_paths.iter().map(|path| join(prefix, path)));
        if router.plain_has_routes || router.plain_has_fallback {
            self.plain = self.plain.nest(prefix, router.plain);
            // A nested router with only a fallback adds no route: axum's `route_layer` would
            // panic on a router without routes.
            self.plain_has_routes |= router.plain_has_routes;
            self.plain_opaque |= router.plain_opaque;
        }
        self.nested_services
            .extend(router.nested_services.into_iter().map(|mut row| {
                row.path = join(prefix, &row.path);
                row
            }));
        self
    }

    /// Adds every route of `router` (a `CorsRouter` or a plain `axum::Router`) to this one.
    pub fn merge(mut self, router: impl Into<CorsRouter<S>>) -> Self {
        let mut router = router.into();
        router.apply_default();
        for (path, methods) in router.paths {
            if router.debug_reasons {
                self.debug_paths.insert(path.clone());
            }
            self = self.route(&path, methods);
        }
        self.debug_paths.extend(router.debug_paths);
        self.plain = self.plain.merge(router.plain);
        self.plain_has_routes |= router.plain_has_routes;
        self.plain_has_fallback |= router.plain_has_fallback;
        self.plain_opaque |= router.plain_opaque;
        self.nested_services.extend(router.nested_services);
        self
    }

    /// Routes the tower service `svc` on every standard method of `path`, like axum's
    /// `route_service`. It gets the `#[cors]` policy of the handler it wraps
    /// (`list_users.with_state(..)`), if any; otherwise it has no CORS and the table says so: its
    /// preflights are refused and CORS headers it sets itself are removed. To give any service a
    /// policy, use [`route_service_with_policy`](Self::route_service_with_policy).
    #[track_caller]
    pub fn route_service<T>(self, path: &str, svc: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse + 'static,
        T::Future: Send + 'static,
    {
        let methods =
            MethodRouter::empty().on_service_with(crate::routing::EVERY_METHOD, svc, None);
        self.route(path, methods)
    }

    /// Like [`route_service`](Self::route_service), with `policy` (for example one built from
    /// configuration with [`Policy::builder`](crate::Policy::builder); an owned `Policy`, an
    /// `Arc<Policy>` or a `&'static Policy`) answering the path's preflights and decorating
    /// every response of the service.
    #[track_caller]
    pub fn route_service_with_policy<T>(
        self,
        path: &str,
        svc: T,
        policy: impl Into<SharedPolicy>,
    ) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse + 'static,
        T::Future: Send + 'static,
    {
        let methods = MethodRouter::empty().on_service_with(
            crate::routing::EVERY_METHOD,
            svc,
            Some(policy.into()),
        );
        self.route(path, methods)
    }

    /// Mounts the tower service `svc` at `prefix` and every path under it, like axum's
    /// `nest_service` (the service sees the path without the prefix). It has no CORS: the table
    /// lists it at `prefix` with "no CORS", preflights to it are refused without reaching it, and
    /// CORS headers it sets itself are removed. Nesting at `/` panics, as with axum.
    #[track_caller]
    pub fn nest_service<T>(mut self, prefix: &str, svc: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse + 'static,
        T::Future: Send + 'static,
    {
        let name = unannotated_name::<T>();
        let layer = PathCorsLayer {
            path: Arc::new(PathPolicies::new([(RouteMethod::Any, None)])),
        };
        let svc = layer.layer(tower::ServiceExt::map_response(
            svc,
            IntoResponse::into_response,
        ));
        self.plain = self.plain.nest_service(prefix, svc);
        self.plain_has_routes = true;
        self.nested_services.push(TableRoute {
            path: prefix.to_owned(),
            method: RouteMethod::Any,
            handler: name,
            policy: None,
            source: PolicySource::None,
            isolation: crate::Isolation::new(),
        });
        self
    }

    /// The handler for requests that match no route. A path that does not exist has no policy, so
    /// the fallback is treated like a route without one (the table is the truth): CORS headers it
    /// sets itself are removed, and preflights are refused (403) without reaching it.
    pub fn fallback<H, T>(mut self, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let no_policy = PathCorsLayer {
            path: Arc::new(PathPolicies::new([(RouteMethod::Any, None)])),
        };
        self.plain = self.plain.fallback(handler.layer(no_policy));
        self.plain_has_fallback = true;
        self
    }

    /// Wraps every route added so far and the fallback in `layer`, like `axum::Router::layer`,
    /// but *inside* the CORS decoration: what the layer answers on
    /// its own (a timeout's 408, a body limit's 413, a rate limit's 429, `CatchPanicLayer`'s
    /// 500) carries the route's CORS headers, and the layer never sees a preflight.
    ///
    /// Layers added to the `axum::Router` after [`into_router`](Self::into_router) sit outside
    /// CORS: use this method for any layer that can answer on its own.
    ///
    /// The fallback and plain `axum::Router` routes merged in have no policy: there the layer
    /// sees every request, preflights included.
    ///
    /// The 405 of a method no handler of the path serves is answered without the layer (as with
    /// [`MethodRouter::layer`]): the router adds it when it builds the `axum::Router`, so that
    /// two layered routers routing the same path still merge.
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        for (_, methods) in &mut self.paths {
            let inner = std::mem::take(methods);
            *methods = inner.layer(layer.clone());
        }
        self.plain = self.plain.layer(layer);
        self
    }

    /// Checks that this router (with the `CorsRouter`s nested or merged into it) routes every
    /// `#[cors]` handler of the binary. Call it in a test, `#[test] fn
    /// every_cors_handler_is_routed()`, on the router your server builds:
    ///
    /// ```
    /// # use cors_runtime::{cors, routing::get, CorsRouter};
    /// # #[cors(origins = ["https://app.example.com"])]
    /// # async fn list_users() {}
    /// fn app() -> CorsRouter {
    ///     CorsRouter::new().route("/users", get(list_users))
    /// }
    ///
    /// // The body of `every_cors_handler_is_routed`:
    /// app().check_coverage().unwrap();
    /// ```
    ///
    /// The error lists, by name and module path, each annotated handler not routed here: routed
    /// with `axum::routing` (a plain router merged in), called from a closure, or not routed at
    /// all. A binary that serves several routers should check the one it serves.
    pub fn check_coverage(&self) -> Result<(), CoverageError> {
        coverage::check(
            self.paths
                .iter()
                .flat_map(|(_, methods)| methods.handlers.iter().filter_map(|h| h.annotated)),
        )
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
            let inner = std::mem::take(methods);
            *methods = inner.route_layer(layer.clone());
        }
        if self.plain_has_routes {
            self.plain = self.plain.route_layer(layer);
        }
        self
    }

    /// Every route with its policy, sorted by path then method.
    ///
    /// It lists the routes of this router and of the routers nested or merged into it, and each
    /// `nest_service` as one row without CORS. Plain `axum::Router` routes merged in are not
    /// listed (they have no CORS), nor is anything merged into the `axum::Router` after
    /// [`into_router`](Self::into_router): this router never sees it.
    pub fn table(&self) -> PolicyTable {
        let routes = self
            .paths
            .iter()
            .flat_map(|(path, methods)| {
                methods.handlers.iter().map(move |h| {
                    let (policy, source) = match (&self.default, h.source) {
                        (Some(default), PolicySource::None) => {
                            (Some(default.clone()), PolicySource::RouterDefault)
                        }
                        // Shown with the values the variable holds now; none when they are
                        // invalid (`try_into_router` says why).
                        (
                            _,
                            PolicySource::Env {
                                var,
                                dangerously_allow_insecure_origins,
                            },
                        ) => {
                            let resolved = h.policy.as_deref().and_then(|template| {
                                env_origins::resolve(
                                    template,
                                    var,
                                    dangerously_allow_insecure_origins,
                                )
                                .ok()
                            });
                            (resolved.map(SharedPolicy::from), h.source)
                        }
                        _ => (h.policy.clone(), h.source),
                    };
                    TableRoute {
                        path: path.clone(),
                        method: h.method.clone(),
                        handler: h.name,
                        policy,
                        source,
                        isolation: crate::isolation::effective(
                            h,
                            self.default.as_deref(),
                            self.isolation.as_ref(),
                        ),
                    }
                })
            })
            .chain(self.nested_services.iter().cloned())
            .collect();
        PolicyTable::new(routes)
    }

    /// The `axum::Router`, still waiting for its state. Each path gets its preflight answerer here.
    ///
    /// # Panics
    ///
    /// When a policy's origins read from the environment (`origins = env("...")`) are missing or
    /// invalid, with the message of [`try_into_router`](Self::try_into_router)'s error.
    #[track_caller]
    pub fn into_router(self) -> axum::Router<S> {
        match self.try_into_router() {
            Ok(router) => router,
            Err(e) => panic!("{e}"),
        }
    }

    /// The `axum::Router`, or every problem of the origins read from the environment
    /// (`#[cors(origins = env("APP_CORS_ORIGINS"), ...)]`): each variable is read here, its value
    /// split at commas and whitespace, and checked with the rules every policy is checked with.
    /// Call it before serving so a bad configuration stops the start-up with a readable error
    /// instead of a panic in a restart loop.
    ///
    /// ```
    /// use cors_runtime::{cors, routing::get, CorsRouter};
    ///
    /// #[cors(origins = env("DOC_EXAMPLE_ORIGINS"), credentials)]
    /// async fn me() {}
    ///
    /// // SAFETY of the example: no other thread reads the environment.
    /// unsafe { std::env::set_var("DOC_EXAMPLE_ORIGINS", "*") };
    /// let err = CorsRouter::<()>::new().route("/me", get(me)).try_into_router().unwrap_err();
    /// assert!(err.to_string().contains("DOC_EXAMPLE_ORIGINS entry \"*\""));
    /// ```
    pub fn try_into_router(self) -> Result<axum::Router<S>, ConfigError> {
        Ok(self.ready()?.build())
    }

    /// The `axum::Router` with its state provided, ready to serve.
    pub fn with_state<S2>(self, state: S) -> axum::Router<S2> {
        self.into_router().with_state(state)
    }
}

impl<S> From<CorsRouter<S>> for axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// [`CorsRouter::into_router`].
    fn from(router: CorsRouter<S>) -> Self {
        router.into_router()
    }
}
