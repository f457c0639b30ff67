//! `RouteError`: why `CorsRouter::try_route` refuses a route, and the method check that
//! produces its `MethodNotInPolicy`.
//!
//! Kept apart from `router.rs` so that file stays readable (the project keeps every source
//! file under 600 lines); the router and its build-time resolution both use the check.

use std::fmt;

use http::Method;

use crate::routing::RoutedHandler;
use crate::table::RouteMethod;

/// Why a route could not be added. See [`CorsRouter::try_route`](crate::CorsRouter::try_route).
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
    /// A wrapped handler whose type names several `#[cors]` handlers, so which policy applies
    /// cannot be told.
    WrapsSeveralHandlers {
        /// The path.
        path: String,
        /// The routed method.
        method: RouteMethod,
        /// The annotated handlers the wrapper's type names.
        handlers: Vec<&'static str>,
    },
    /// The handler's cross-origin isolation headers, completed by the router's defaults,
    /// contradict its CORS policy (a `same-origin` resource policy beside CORS origins).
    Isolation {
        /// The path.
        path: String,
        /// The routed method.
        method: RouteMethod,
        /// The handler's name.
        handler: &'static str,
        /// What is wrong and how to fix it, as `#[cors]` says it at compile time.
        problem: String,
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
            RouteError::WrapsSeveralHandlers {
                path,
                method,
                handlers,
            } => write!(
                f,
                "the handler routed on {method} {path} wraps several #[cors] handlers (`{}`), so \
                 its policy is ambiguous; route the handler itself and add layers with \
                 MethodRouter::layer or MethodRouter::route_layer",
                handlers.join("`, `")
            ),
            RouteError::Isolation {
                path,
                method,
                handler,
                problem,
            } => write!(
                f,
                "handler `{handler}` routed on {method} {path}: {problem}"
            ),
        }
    }
}

impl std::error::Error for RouteError {}

/// Refuses a handler routed on a method its own policy's `methods` does not list: a browser
/// could never call it cross-origin. Used by `try_route` and when the router default is given.
pub(crate) fn check_routed_method(path: &str, handler: &RoutedHandler) -> Result<(), RouteError> {
    let (RouteMethod::One(method), Some(policy)) = (&handler.method, &handler.policy) else {
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
