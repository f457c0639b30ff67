//! The router's side of isolation: each routed handler's headers (its own keys over its policy's),
//! the router default ([`CorsRouter::isolation`]) given to every handler of the router, and the
//! check of the combination that only appears then (a default `same-origin` resource policy
//! beside a handler's CORS origins).

use super::Isolation;
use crate::provenance::PolicySource;
use crate::route_error::RouteError;
use crate::routing::RoutedHandler;
use crate::{ConfigProblem, CorsRouter, Policy};

/// A routed handler's isolation before any router default: its own `#[cors(...)]` keys (found
/// by the type path of its fn item) over its policy's.
pub(crate) fn of_handler(annotated: Option<&'static str>, policy: Option<&Policy>) -> Isolation {
    let own = super::own_isolation(annotated);
    let from_policy = policy.and_then(Policy::isolation);
    match (own, from_policy) {
        (Some(own), Some(policy)) => own.over(policy),
        (Some(own), None) => own.clone(),
        (None, Some(policy)) => policy.clone(),
        (None, None) => Isolation::new(),
    }
}

/// A handler's isolation once it gets the router's default policy: that policy's keys complete
/// the handler's own.
pub(crate) fn of_default(isolation: &Isolation, default_policy: &Policy) -> Isolation {
    match default_policy.isolation() {
        Some(p) => isolation.over(p),
        None => isolation.clone(),
    }
}

/// Whether a handler gets the isolation keys of the router's default policy: one that gets the
/// policy itself, and one that opted out of CORS only (`#[cors(none)]`, isolation keys alone).
pub(crate) fn takes_default_keys(source: PolicySource) -> bool {
    matches!(
        source,
        PolicySource::None | PolicySource::OptedOut | PolicySource::IsolationOnly
    )
}

/// What a handler of a router with `default_isolation` (and router default policy, for a handler
/// relying on it) sends, without changing the handler.
pub(crate) fn effective(
    handler: &RoutedHandler,
    default_policy: Option<&Policy>,
    default_isolation: Option<&Isolation>,
) -> Isolation {
    let mut isolation = handler.isolation.clone();
    // Not given yet (`table` on a router not built): as `give_default` will.
    if let (true, Some(p)) = (takes_default_keys(handler.source), default_policy) {
        isolation = of_default(&isolation, p);
    }
    if let Some(d) = default_isolation {
        isolation = isolation.over(d);
    }
    isolation
}

/// Refuses a handler whose resource policy contradicts the callers its CORS policy allows, by
/// the check `#[cors]` runs at compile time; here for combinations made by the router (its
/// default isolation or policy, a policy given at the routing site).
pub(crate) fn check(path: &str, handler: &RoutedHandler) -> Result<(), RouteError> {
    let Some(policy) = &handler.policy else {
        return Ok(());
    };
    match resource_problems(handler, policy).into_iter().next() {
        None => Ok(()),
        Some(problem) => Err(RouteError::Isolation {
            path: path.to_owned(),
            method: handler.method.clone(),
            handler: handler.name,
            problem: problem.to_string(),
        }),
    }
}

/// What `cors_rules` finds wrong with the handler's resource policy beside `policy`'s callers.
fn resource_problems(handler: &RoutedHandler, policy: &Policy) -> Vec<crate::Problem> {
    let Some(resource) = handler.isolation.resource_policy else {
        return Vec::new();
    };
    let origins: Vec<&str> = policy.origins().iter().map(|o| &**o).collect();
    let mut spec = cors_rules::IsolationSpec::default();
    spec.resource_policy = Some(resource.as_str());
    let callers = cors_rules::Callers::of(&origins, policy.has_origin_fn());
    cors_rules::check_isolation(&spec, callers)
        .err()
        .unwrap_or_default()
}

/// The check of [`check`] for a policy whose origins were just read from `var`: its problem is
/// one of the variable's, reported with the others before anything is served.
pub(crate) fn check_resolved(
    var: &'static str,
    handler: &RoutedHandler,
    resolved: &Policy,
) -> Result<(), Vec<ConfigProblem>> {
    let problems = resource_problems(handler, resolved);
    if problems.is_empty() {
        return Ok(());
    }
    Err(problems
        .into_iter()
        .map(|p| ConfigProblem {
            var,
            value: None,
            handlers: Vec::new(),
            message: p.message,
            help: p.help,
        })
        .collect())
}

impl<S> CorsRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// Cross-origin isolation headers for every handler of this router, with or without
    /// `#[cors]`, before or after this call, and of the routers nested or merged into it. Each
    /// header is a default: a handler's own key (`#[cors(opener_policy = "...")]`), its policy's
    /// and a nested router's default replace it, key by key (the innermost wins).
    ///
    /// The headers go on every response of those handlers (errors, extractor rejections and
    /// layer answers included), replacing any header of the same name the handler set; never on
    /// preflight answers, 404s or the routes of plain `axum::Router`s merged in.
    ///
    /// ```
    /// use cors_runtime::{routing::get, CorsRouter, EmbedderPolicy, Isolation, OpenerPolicy};
    ///
    /// async fn page() {}
    ///
    /// let app = CorsRouter::<()>::new()
    ///     .route("/", get(page))
    ///     .isolation(
    ///         Isolation::new()
    ///             .opener_policy(OpenerPolicy::SameOrigin)
    ///             .embedder_policy(EmbedderPolicy::RequireCorp),
    ///     );
    /// let table = app.table();
    /// let row = &table.routes()[0];
    /// assert_eq!(row.isolation.to_string(), "opener_policy=same-origin embedder_policy=require-corp");
    /// ```
    ///
    /// # Panics
    ///
    /// When the router is turned into an `axum::Router` (or nested, or merged), with a
    /// [`RouteError::Isolation`], if a handler ends up with `resource_policy` `same-origin`
    /// beside CORS origins, or `same-site` beside `"*"` origins (see `#[cors]`).
    pub fn isolation(mut self, isolation: Isolation) -> Self {
        self.isolation = Some(isolation);
        self
    }

    /// Gives this router's isolation defaults to its handlers, then
    /// checks each handler's resource policy against its origins. After `give_default`.
    pub(crate) fn give_isolation(&mut self) -> Result<(), RouteError> {
        let mut result = Ok(());
        for (path, methods) in &mut self.paths {
            for handler in &mut methods.handlers {
                // The default policy was given by `give_default` already.
                handler.isolation = effective(handler, None, self.isolation.as_ref());
                if result.is_ok() {
                    result = check(path, handler);
                }
            }
        }
        result
    }
}
