//! The policy table: every route of a router with its handler and CORS policy, one row per
//! (path, routed method). It is what `CorsRouter::table` returns and prints, and what the route
//! documentation (`docs`) is generated from. The preflight answers do not read it: each path's
//! service keeps its own copy of its routes (`service.rs`), resolved by `method_resolution.rs`.

use std::fmt;

use http::Method;

use crate::{PolicySource, SharedPolicy};

/// The method a handler is routed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteMethod {
    /// One method (`get`, `post`, `on(MethodFilter::PUT, ..)`, ...).
    One(Method),
    /// `any`: every method without a handler of its own.
    Any,
}

impl RouteMethod {
    /// Sort key: the usual reading order of methods, then any other method by name, `any` last.
    fn rank(&self) -> (u8, &str) {
        match self {
            RouteMethod::One(m) => {
                let rank = match *m {
                    Method::GET => 0,
                    Method::HEAD => 1,
                    Method::POST => 2,
                    Method::PUT => 3,
                    Method::PATCH => 4,
                    Method::DELETE => 5,
                    Method::OPTIONS => 6,
                    _ => 7,
                };
                (rank, m.as_str())
            }
            RouteMethod::Any => (8, ""),
        }
    }
}

impl fmt::Display for RouteMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // `pad` so that width and alignment (`{:<7}`) apply.
            RouteMethod::One(m) => f.pad(m.as_str()),
            RouteMethod::Any => f.pad("ANY"),
        }
    }
}

/// One route of a [`PolicyTable`].
#[derive(Debug, Clone)]
pub struct TableRoute {
    /// The path as written when routing (`/users/{id}`), with any `nest` prefix.
    pub path: String,
    /// The method the handler is routed on.
    pub method: RouteMethod,
    /// The handler's fn name.
    pub handler: &'static str,
    /// Its `#[cors]` policy; `None` for a handler without one (same-origin only).
    pub policy: Option<SharedPolicy>,
    /// Where the policy came from (or why there is none).
    pub source: PolicySource,
    /// The cross-origin isolation headers its responses carry (empty: none).
    pub isolation: crate::Isolation,
}

/// Every route of a router with its CORS policy, sorted by path, then method.
#[derive(Debug, Clone, Default)]
pub struct PolicyTable {
    routes: Vec<TableRoute>,
}

impl PolicyTable {
    pub(crate) fn new(mut routes: Vec<TableRoute>) -> Self {
        routes.sort_by(|a, b| {
            (a.path.as_str(), a.method.rank()).cmp(&(b.path.as_str(), b.method.rank()))
        });
        PolicyTable { routes }
    }

    /// The routes, in order.
    pub fn routes(&self) -> &[TableRoute] {
        &self.routes
    }

    /// An iterator over the routes, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, TableRoute> {
        self.routes.iter()
    }

    /// The number of routes.
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// Whether the router has no routes.
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }
}

impl<'a> IntoIterator for &'a PolicyTable {
    type Item = &'a TableRoute;
    type IntoIter = std::slice::Iter<'a, TableRoute>;

    fn into_iter(self) -> Self::IntoIter {
        self.routes.iter()
    }
}

impl TableRoute {
    /// One line, with the method, path and handler padded to the given widths.
    fn write_padded(
        &self,
        f: &mut fmt::Formatter<'_>,
        widths: (usize, usize, usize),
    ) -> fmt::Result {
        let (method, path, handler) = widths;
        write!(
            f,
            "{:<method$}  {:<path$}  {:<handler$}  ",
            self.method, self.path, self.handler
        )?;
        match &self.policy {
            // The handler's own attribute is the usual case and goes without saying.
            Some(policy) if self.source == PolicySource::Attribute => write!(f, "{policy}"),
            Some(policy) => write!(f, "{policy}  ({})", self.source),
            None if matches!(self.source, PolicySource::Env { .. }) => write!(
                f,
                "no CORS: {} holds no valid origins (try_into_router says why)",
                self.source
            ),
            None if matches!(
                self.source,
                PolicySource::OptedOut | PolicySource::IsolationOnly
            ) =>
            {
                write!(f, "no CORS (same-origin only, {})", self.source)
            }
            None => f.write_str("no CORS (same-origin only)"),
        }?;
        if !self.isolation.is_empty() {
            write!(f, "  [{}]", self.isolation)?;
        }
        Ok(())
    }
}

impl fmt::Display for TableRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_padded(f, (7, 0, 0))
    }
}

/// A line per route, in aligned columns.
impl fmt::Display for PolicyTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width =
            |column: fn(&TableRoute) -> usize| self.routes.iter().map(column).max().unwrap_or(0);
        let widths = (
            width(|r| r.method.to_string().len()),
            width(|r| r.path.len()),
            width(|r| r.handler.len()),
        );
        for route in &self.routes {
            route.write_padded(f, widths)?;
            writeln!(f)?;
        }
        Ok(())
    }
}
