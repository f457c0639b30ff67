//! The coverage check: every `#[cors]` handler of the binary is routed by the router that serves.
//!
//! A policy applies only where its handler is routed through this crate's routing functions on a
//! `CorsRouter`. An annotated handler routed with `axum::routing::get` on a plain router, wrapped
//! in a closure, or never routed at all compiles and runs without its policy; nothing at run time
//! can notice, because nothing runs. This check compares the link-time list of annotated
//! handlers with what the router routes, so a test can fail instead.

use std::collections::HashSet;
use std::fmt;

use crate::registry;

/// The `#[cors]` handlers that a router does not route. See
/// [`CorsRouter::check_coverage`](crate::CorsRouter::check_coverage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageError {
    unrouted: Vec<UnroutedHandler>,
}

/// One `#[cors]` handler that the router does not route.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub struct UnroutedHandler {
    /// The module the handler is declared in (`module_path!()` at the attribute).
    pub module_path: &'static str,
    /// The handler's fn name.
    pub name: &'static str,
}

impl CoverageError {
    /// The handlers not routed, sorted by module path, then name.
    pub fn unrouted(&self) -> &[UnroutedHandler] {
        &self.unrouted
    }
}

impl fmt::Display for UnroutedHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` in `{}`", self.name, self.module_path)
    }
}

impl fmt::Display for CoverageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} #[cors] handler(s) not routed by this CorsRouter, so their policies never apply:",
            self.unrouted.len()
        )?;
        for handler in &self.unrouted {
            write!(f, "\n  - {handler}")?;
        }
        f.write_str(
            "\nroute each with cors_runtime::routing (get, post, ...) on this router or on a \
             CorsRouter nested or merged into it; a handler routed with axum::routing or called \
             from a closure gets no CORS",
        )
    }
}

impl std::error::Error for CoverageError {}

/// `Ok` when every annotated handler of the binary is among `routed` (their type paths).
pub(crate) fn check<'a>(routed: impl IntoIterator<Item = &'a str>) -> Result<(), CoverageError> {
    let routed: HashSet<&str> = routed.into_iter().collect();
    let mut unrouted: Vec<UnroutedHandler> = registry::entries()
        .iter()
        .filter(|e| !routed.contains(e.type_path))
        .map(|e| UnroutedHandler {
            module_path: e.module_path,
            name: e.name,
        })
        .collect();
    if unrouted.is_empty() {
        return Ok(());
    }
    unrouted.sort();
    Err(CoverageError { unrouted })
}
