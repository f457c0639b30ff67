//! Routing functions that mirror `axum::routing` and carry each handler's `#[cors]` policy along.
//!
//! `get(list_users).post(create_user)` builds an axum method router exactly as axum would, and
//! remembers, per method, which handler was routed and which policy (if any) `#[cors]` attached to
//! it. The policy is found from the handler's type alone, so the routing site needs no macro.
//! [`CorsRouter`](crate::CorsRouter) turns these records into the policy table and the automatic
//! OPTIONS answers.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::IntoResponse;
use axum::routing::Route;
use http::Method;
use tower::{Layer, Service};

use crate::decorated::on_decorated;
use crate::method_resolution::STANDARD_METHODS;
use crate::provenance::PolicySource;
use crate::registry::{find, Found};
use crate::table::RouteMethod;
use crate::SharedPolicy;

/// An axum method router plus the CORS policy of each handler on it. Made by the functions of
/// this module; mounted with [`CorsRouter::route`](crate::CorsRouter::route).
///
/// A handler wrapped by axum (`list_users.layer(..)`) keeps the policy of the handler it wraps:
/// its type names that handler. A closure that calls an annotated handler
/// (`get(|| list_users())`) names nothing and routes without a policy; the table shows it as
/// "no CORS" and [`CorsRouter::check_coverage`](crate::CorsRouter::check_coverage) reports
/// `list_users` as not routed. Put layers on the method router ([`MethodRouter::layer`],
/// [`MethodRouter::route_layer`]) rather than in a closure.
pub struct MethodRouter<S = ()> {
    pub(crate) inner: axum::routing::MethodRouter<S>,
    pub(crate) handlers: Vec<RoutedHandler>,
    /// Whether `inner` has a fallback of its own (the user's); else the router adds its 405.
    pub(crate) has_fallback: bool,
    /// The handlers again, to be routed `Decorated` once their final policies are known, as
    /// long as nothing (a layer, a service, a fallback) sits between the router and them: then
    /// the path may go without its path service (`decorated.rs`). `None` once something does.
    pub(crate) decorated: Option<Vec<DecoratedRoute<S>>>,
}

/// A handler as routed on a path whose handlers decorate their own responses: `route` routes it,
/// `Decorated` with the policy given, on its methods; `row` is its first row in `handlers`,
/// whose policy is the final one once the router has resolved it.
pub(crate) struct DecoratedRoute<S> {
    pub(crate) row: usize,
    pub(crate) route: Arc<RouteDecorated<S>>,
}

type RouteDecorated<S> = dyn Fn(axum::routing::MethodRouter<S>, Option<SharedPolicy>) -> axum::routing::MethodRouter<S>
    + Send
    + Sync;

impl<S> Clone for DecoratedRoute<S> {
    fn clone(&self) -> Self {
        DecoratedRoute {
            row: self.row,
            route: self.route.clone(),
        }
    }
}

impl<S> Default for MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::empty()
    }
}

/// A service rather than a handler: a handler fallback is rebuilt on every call.
async fn method_not_allowed(_: Request) -> Result<axum::response::Response, Infallible> {
    Ok(http::StatusCode::METHOD_NOT_ALLOWED.into_response())
}

impl<S> Clone for MethodRouter<S> {
    fn clone(&self) -> Self {
        MethodRouter {
            inner: self.inner.clone(),
            handlers: self.handlers.clone(),
            has_fallback: self.has_fallback,
            decorated: self.decorated.clone(),
        }
    }
}

/// One handler of a [`MethodRouter`], as recorded for the policy table.
#[derive(Debug, Clone)]
pub(crate) struct RoutedHandler {
    pub(crate) method: RouteMethod,
    pub(crate) name: &'static str,
    pub(crate) policy: Option<SharedPolicy>,
    pub(crate) source: PolicySource,
    /// The type path of the annotated handler routed here (itself or wrapped), for the coverage
    /// check; `#[cors(none)]` counts as annotated.
    pub(crate) annotated: Option<&'static str>,
    /// A wrapper naming several annotated handlers: their names. Routing it is an error.
    pub(crate) ambiguous: Vec<&'static str>,
    /// Its isolation headers so far: its own keys over its policy's, then the routers' defaults
    /// once given (`isolation.rs`).
    pub(crate) isolation: crate::Isolation,
}

impl<S> std::fmt::Debug for MethodRouter<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MethodRouter")
            .field("handlers", &self.handlers)
            .finish()
    }
}

pub(crate) const EVERY_METHOD: MethodFilter = MethodFilter::GET
    .or(MethodFilter::HEAD)
    .or(MethodFilter::POST)
    .or(MethodFilter::PUT)
    .or(MethodFilter::PATCH)
    .or(MethodFilter::DELETE)
    .or(MethodFilter::OPTIONS)
    .or(MethodFilter::TRACE)
    .or(MethodFilter::CONNECT);

/// The methods a filter covers, one by one: axum's `MethodFilter` cannot be listed, only combined
/// and compared, so each standard method is tried in turn.
fn methods_of(filter: MethodFilter) -> Vec<Method> {
    STANDARD_METHODS
        .into_iter()
        .filter(|m| MethodFilter::try_from(m.clone()).is_ok_and(|one| filter.or(one) == filter))
        .collect()
}

/// The name of an unannotated handler or service: the last segment of its type's path, generic
/// arguments left out (`Layered<L, my_app::f, ..>` is `Layered`, not `f, ..>`).
pub(crate) fn unannotated_name<H>() -> &'static str {
    let full = std::any::type_name::<H>();
    let outer = full.split('<').next().unwrap_or(full);
    outer.rsplit("::").next().unwrap_or(outer)
}

/// What the registry says about a handler or service of type `H`, as a table record.
///
/// A policy given at the routing site replaces the handler's own (`PolicySource::Builder`).
/// Otherwise the registry's entry says which policy and where it came from; origins from the
/// environment keep their stand-in until the router reads the variable.
fn record<H: 'static>(policy: Option<SharedPolicy>) -> (&'static str, RecordedPolicy) {
    let given = policy.map(|p| (p, PolicySource::Builder));
    match find::<H>() {
        Found::Handler(entry) => {
            let (policy, source) = match given {
                Some((p, source)) => (Some(p), source),
                None => (entry.policy.map(SharedPolicy::from), entry.source),
            };
            (
                entry.name,
                RecordedPolicy {
                    policy,
                    source,
                    annotated: Some(entry.type_path),
                    ambiguous: Vec::new(),
                },
            )
        }
        Found::Several(entries) => (
            unannotated_name::<H>(),
            RecordedPolicy {
                source: given.as_ref().map_or(PolicySource::None, |g| g.1),
                policy: given.map(|g| g.0),
                annotated: None,
                ambiguous: entries.iter().map(|e| e.name).collect(),
            },
        ),
        Found::Nothing => (
            unannotated_name::<H>(),
            RecordedPolicy {
                source: given.as_ref().map_or(PolicySource::None, |g| g.1),
                policy: given.map(|g| g.0),
                annotated: None,
                ambiguous: Vec::new(),
            },
        ),
    }
}

struct RecordedPolicy {
    policy: Option<SharedPolicy>,
    source: PolicySource,
    annotated: Option<&'static str>,
    ambiguous: Vec<&'static str>,
}

impl<S> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// Gives the method router its explicit 405 fallback unless the user gave one. Explicit (axum
    /// still adds `Allow`) so that when a plain router merged later routes the same path, axum
    /// keeps this fallback, the one inside the preflight answers, rather than its default one.
    pub(crate) fn with_405_fallback(mut self) -> Self {
        if !self.has_fallback {
            self.inner = self
                .inner
                .fallback_service(tower::service_fn(method_not_allowed));
            self.has_fallback = true;
        }
        self
    }

    pub(crate) fn empty() -> Self {
        MethodRouter {
            inner: axum::routing::MethodRouter::new(),
            handlers: Vec::new(),
            has_fallback: false,
            decorated: Some(Vec::new()),
        }
    }

    /// Routes `handler` on every method of `filter`, applying its `#[cors]` policy if it has one.
    pub fn on<H, T>(self, filter: MethodFilter, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let (name, recorded) = record::<H>(None);
        self.on_handler(filter, handler, name, recorded)
    }

    /// Routes `handler` on every method of `filter` with `policy`, typically one built at run time
    /// (from configuration) with [`Policy::builder`](crate::Policy::builder). It replaces any
    /// `#[cors]` policy of the handler.
    ///
    /// `policy` is an owned [`Policy`](crate::Policy), an `Arc<Policy>` or a `&'static Policy`
    /// (see [`SharedPolicy`]): nothing needs to be leaked to live long enough.
    pub fn on_with_policy<H, T>(
        self,
        filter: MethodFilter,
        handler: H,
        policy: impl Into<SharedPolicy>,
    ) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let (name, recorded) = record::<H>(Some(policy.into()));
        self.on_handler(filter, handler, name, recorded)
    }

    /// Routes the tower service `svc` on every method of `filter`, with `policy` if given, else
    /// the `#[cors]` policy of the handler it wraps (`list_users.with_state(..)`), if any.
    pub(crate) fn on_service_with<T>(
        mut self,
        filter: MethodFilter,
        svc: T,
        policy: Option<SharedPolicy>,
    ) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse + 'static,
        T::Future: Send + 'static,
    {
        let (name, recorded) = record::<T>(policy);
        self.decorated = None;
        self.inner_on(
            filter,
            |inner| inner.on_service(filter, svc),
            name,
            recorded,
        )
    }

    /// Routes `handler` as axum would, and keeps it to be routed `Decorated` instead (see
    /// [`decorated`](Self::decorated)).
    fn on_handler<H, T>(
        mut self,
        filter: MethodFilter,
        handler: H,
        name: &'static str,
        recorded: RecordedPolicy,
    ) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        if let Some(routes) = &mut self.decorated {
            let again = handler.clone();
            routes.push(DecoratedRoute {
                row: self.handlers.len(),
                route: Arc::new(move |inner, policy| {
                    on_decorated(inner, filter, again.clone(), policy)
                }),
            });
        }
        self.inner_on(filter, |inner| inner.on(filter, handler), name, recorded)
    }

    fn inner_on(
        mut self,
        filter: MethodFilter,
        route: impl FnOnce(axum::routing::MethodRouter<S>) -> axum::routing::MethodRouter<S>,
        name: &'static str,
        recorded: RecordedPolicy,
    ) -> Self {
        // Routed as it is: the path service decorates its responses, including what a
        // `route_layer` or `layer` answers in its stead. A path with nothing around its handlers
        // routes them again, `Decorated`, when the router is built (see `decorated`).
        self.inner = route(std::mem::take(&mut self.inner));
        let methods = if filter == EVERY_METHOD {
            // `any` is one row of the table, not nine.
            vec![RouteMethod::Any]
        } else {
            methods_of(filter)
                .into_iter()
                .map(RouteMethod::One)
                .collect()
        };
        let isolation =
            crate::isolation::of_handler(recorded.annotated, recorded.policy.as_deref());
        for method in methods {
            self.handlers.push(RoutedHandler {
                method,
                name,
                policy: recorded.policy.clone(),
                source: recorded.source,
                annotated: recorded.annotated,
                ambiguous: recorded.ambiguous.clone(),
                isolation: isolation.clone(),
            });
        }
        self
    }

    /// Merges two method routers for the same path. Panics, as axum does, when both route the
    /// same method.
    pub fn merge(mut self, other: MethodRouter<S>) -> Self {
        self.inner = self.inner.merge(other.inner);
        let offset = self.handlers.len();
        self.handlers.extend(other.handlers);
        self.has_fallback |= other.has_fallback;
        self.decorated = match (self.decorated, other.decorated) {
            (Some(mut mine), Some(theirs)) => {
                mine.extend(theirs.into_iter().map(|mut route| {
                    route.row += offset;
                    route
                }));
                Some(mine)
            }
            _ => None,
        };
        self
    }

    /// Wraps every handler of this method router (and its [`fallback`](Self::fallback), if one
    /// was set before) in `layer`, like axum's `MethodRouter::layer`. The layer sits inside the
    /// CORS decoration: whatever it answers on its own (a timeout's 408, a body limit's 413)
    /// carries the route's CORS headers, and it never sees a preflight. The path's own 405 is
    /// answered without it.
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.inner = self.inner.layer(layer);
        self.decorated = None;
        self
    }

    /// Wraps every handler of this method router in `layer`, like axum's
    /// `MethodRouter::route_layer`: requests for methods not routed here get their 405 without
    /// running it. Inside the CORS decoration, like [`layer`](Self::layer).
    pub fn route_layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.inner = self.inner.route_layer(layer);
        self.decorated = None;
        self
    }

    /// The handler for methods routed to nothing on this path, instead of the 405. Its responses
    /// get no CORS headers (it has no policy; any it sets itself are removed), except a 405,
    /// which is decorated like the path's own. Preflights never reach it.
    pub fn fallback<H, T>(mut self, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.inner = self.inner.fallback(handler);
        self.has_fallback = true;
        self.decorated = None;
        self
    }

    /// Provides the state of this method router's handlers, like axum's `MethodRouter::with_state`.
    pub fn with_state<S2>(self, state: S) -> MethodRouter<S2> {
        MethodRouter {
            inner: self.inner.with_state(state),
            handlers: self.handlers,
            has_fallback: self.has_fallback,
            // Routed with the state provided: the handlers can no longer be routed again.
            decorated: None,
        }
    }
}

macro_rules! method_fns {
    ($($name:ident => $filter:ident),* $(,)?) => {
        impl<S> MethodRouter<S>
        where
            S: Clone + Send + Sync + 'static,
        {
            $(
                #[doc = concat!("Routes `", stringify!($filter), "` requests to `handler`, with its `#[cors]` policy if it has one.")]
                pub fn $name<H, T>(self, handler: H) -> Self
                where
                    H: Handler<T, S>,
                    T: 'static,
                {
                    self.on(MethodFilter::$filter, handler)
                }
            )*
        }

        $(
            #[doc = concat!("Routes `", stringify!($filter), "` requests to `handler`, like `axum::routing::", stringify!($name), "`, with its `#[cors]` policy if it has one.")]
            pub fn $name<H, T, S>(handler: H) -> MethodRouter<S>
            where
                H: Handler<T, S>,
                T: 'static,
                S: Clone + Send + Sync + 'static,
            {
                MethodRouter::empty().$name(handler)
            }
        )*
    };
}

method_fns! {
    get => GET,
    post => POST,
    put => PUT,
    patch => PATCH,
    delete => DELETE,
    head => HEAD,
    options => OPTIONS,
    trace => TRACE,
}

/// Routes every method without a handler of its own to `handler`, like `axum::routing::any`,
/// with its `#[cors]` policy if it has one. A preflight for any method is answered by that policy.
///
/// Unlike axum's `any`, the handler is routed on each standard method rather than as the method
/// fallback: a fallback is out of reach of `route_layer`, and an authentication layer must not
/// silently skip `any` handlers.
pub fn any<H, T, S>(handler: H) -> MethodRouter<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    MethodRouter::empty().on(EVERY_METHOD, handler)
}

/// Routes the methods of `filter` to `handler` with a policy built at run time; see
/// [`MethodRouter::on_with_policy`].
pub fn on_with_policy<H, T, S>(
    filter: MethodFilter,
    handler: H,
    policy: impl Into<SharedPolicy>,
) -> MethodRouter<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    MethodRouter::empty().on_with_policy(filter, handler, policy)
}

/// Routes the methods of `filter` to `handler`, like `axum::routing::on`, with its `#[cors]`
/// policy if it has one.
pub fn on<H, T, S>(filter: MethodFilter, handler: H) -> MethodRouter<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    MethodRouter::empty().on(filter, handler)
}

pub use axum::routing::MethodFilter;
