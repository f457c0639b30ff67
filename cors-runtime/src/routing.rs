//! Routing functions that mirror `axum::routing` and carry each handler's `#[cors]` policy along.
//!
//! `get(list_users).post(create_user)` builds an axum method router exactly as axum would, and
//! remembers, per method, which handler was routed and which policy (if any) `#[cors]` attached to
//! it. The policy is found from the handler's type alone, so the routing site needs no macro.
//! [`CorsRouter`](crate::CorsRouter) turns these records into the policy table and the automatic
//! OPTIONS answers.

use axum::handler::Handler;
use http::Method;

use crate::method_resolution::STANDARD_METHODS;
use crate::registry::{lookup, Annotated};
use crate::table::RouteMethod;
use crate::Policy;

/// An axum method router plus the CORS policy of each handler on it. Made by the functions of
/// this module; mounted with [`CorsRouter::route`](crate::CorsRouter::route).
pub struct MethodRouter<S = ()> {
    pub(crate) inner: axum::routing::MethodRouter<S>,
    pub(crate) handlers: Vec<RoutedHandler>,
}

/// One handler of a [`MethodRouter`], as recorded for the policy table.
#[derive(Debug, Clone)]
pub(crate) struct RoutedHandler {
    pub(crate) method: RouteMethod,
    pub(crate) name: &'static str,
    pub(crate) policy: Option<&'static Policy>,
    /// The policy came from `on_with_policy` (built at run time), not from `#[cors]`.
    pub(crate) configured: bool,
}

impl<S> std::fmt::Debug for MethodRouter<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MethodRouter")
            .field("handlers", &self.handlers)
            .finish()
    }
}

const EVERY_METHOD: MethodFilter = MethodFilter::GET
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

/// The handler's fn name: from `#[cors]` when annotated, else the last segment of its type name.
fn unannotated_name<H>() -> &'static str {
    let full = std::any::type_name::<H>();
    full.rsplit("::").next().unwrap_or(full)
}

impl<S> MethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    pub(crate) fn empty() -> Self {
        MethodRouter {
            inner: axum::routing::MethodRouter::new(),
            handlers: Vec::new(),
        }
    }

    /// Routes `handler` on every method of `filter`, applying its `#[cors]` policy if it has one.
    pub fn on<H, T>(self, filter: MethodFilter, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let annotated = lookup::<H>();
        self.mount(filter, handler, annotated, false)
    }

    /// Routes `handler` on every method of `filter` with `policy`, a policy built at run time (from
    /// configuration) with [`Policy::builder`](crate::Policy::builder). It replaces any `#[cors]`
    /// policy of the handler.
    pub fn on_with_policy<H, T>(
        self,
        filter: MethodFilter,
        handler: H,
        policy: &'static Policy,
    ) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let found = Annotated {
            name: unannotated_name::<H>(),
            policy,
        };
        self.mount(filter, handler, Some(found), true)
    }

    fn mount<H, T>(
        mut self,
        filter: MethodFilter,
        handler: H,
        annotated: Option<Annotated>,
        configured: bool,
    ) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        // The policy is applied around the whole path (see `service`), not here: that way it
        // also decorates what a `route_layer` answers in the handler's stead.
        self.inner = self.inner.on(filter, handler);
        let name = annotated.map_or_else(unannotated_name::<H>, |a| a.name);
        let policy = annotated.map(|a| a.policy);
        // `any` is one row of the table, not nine.
        if filter == EVERY_METHOD {
            self.handlers.push(RoutedHandler {
                method: RouteMethod::Any,
                name,
                policy,
                configured,
            });
            return self;
        }
        for m in methods_of(filter) {
            self.handlers.push(RoutedHandler {
                method: RouteMethod::One(m),
                name,
                policy,
                configured,
            });
        }
        self
    }

    /// Merges two method routers for the same path. Panics, as axum does, when both route the
    /// same method.
    pub fn merge(mut self, other: MethodRouter<S>) -> Self {
        self.inner = self.inner.merge(other.inner);
        self.handlers.extend(other.handlers);
        self
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
    policy: &'static Policy,
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
