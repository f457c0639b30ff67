//! `CorsRouter::explain`: what the router answers a request, and why, without sending it.
//!
//! Every step asks the code that serves real requests: axum's path matcher (`matchit`, the same
//! version axum pins) finds the path, the path's [`PathPolicies`] resolves the method
//! (`method_resolution.rs`) and answers the preflight or judges the actual request (`preflight.rs`,
//! `actual.rs`). Only the words are added here: the reason's offending value and what to change.

use std::fmt;

use http::header::ORIGIN;
use http::{HeaderMap, Method, Request, StatusCode};

use crate::actual::ActualVerdict;
use crate::diagnostics::{offending, Escaped, Uncut};
use crate::engine::{classify, RequestKind};
use crate::preflight::{single, Rejection};
use crate::router::CorsRouter;
use crate::routing::RoutedHandler;
use crate::service::PathPolicies;
use crate::table::RouteMethod;
use crate::{PolicySource, SharedPolicy};

const MALFORMED_FIX: &str = "nothing in the policy: browsers never send this header malformed; \
                             look at the client or at a proxy that rewrites headers";

/// What a [`CorsRouter`] answers one request, and why. Made by [`CorsRouter::explain`]; its
/// `Display` is a few lines for a human.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Explanation {
    /// The request's method.
    pub method: Method,
    /// The request's path.
    pub path: String,
    /// Not CORS, preflight or actual request (the router's own classification).
    pub kind: RequestKind,
    /// The route the request reaches; `None` when no route of the `CorsRouter` matches the path
    /// (plain axum routes or the fallback may serve it, without CORS headers).
    pub route: Option<ExplainedRoute>,
    /// The policy consulted, and where it came from (`#[cors]`, a named policy, the router's
    /// default, `on_with_policy`, the environment).
    pub policy: Option<(SharedPolicy, PolicySource)>,
    /// The handler whose policy was consulted.
    policy_handler: Option<&'static str>,
    /// The decision.
    pub decision: Decision,
    /// The status the router itself answers with: the preflight's `204`/`403`, or `405` for a
    /// method the path does not route. `None`: the handler (or the fallback) decides.
    pub status: Option<StatusCode>,
    /// The CORS headers (and `Vary`) the response carries, as the router writes them.
    pub headers: HeaderMap,
    /// The request value the refusal is about, escaped and cut as in the logs.
    pub offending_value: Option<String>,
    /// The request's `Origin`, escaped and cut as in the logs.
    pub origin: Option<String>,
    /// The request has several `Origin` lines: none of them counts.
    several_origins: bool,
}

/// The route a request reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExplainedRoute {
    /// The path as routed (`/users/{id}`), with any `nest` prefix.
    pub pattern: String,
    /// The method the handler is routed on; `None` when the path routes no handler for the
    /// request's method, which the path answers with 405.
    pub method: Option<RouteMethod>,
    /// The handler's fn name; `None` for a 405.
    pub handler: Option<&'static str>,
}

/// The router's decision on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// No `Origin`: not a CORS request; the handler runs and the browser checks nothing.
    NotCors,
    /// The preflight is granted, or the page may read the response.
    Allowed,
    /// Refused, for this one reason (the first check that failed, in the order the router checks).
    Refused(Rejection),
}

impl<S> CorsRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// Explains what this router answers `request`, and why, without running any handler: the
    /// route reached, the policy consulted, the classification, the decision and, for a refusal,
    /// the one reason with what to change to allow it. The decision is the one the built router
    /// makes (the same functions decide); only routes added to this `CorsRouter` are seen, not
    /// plain axum routes merged into it.
    ///
    /// ```
    /// use cors_runtime::{cors, routing::delete, CorsRouter, Decision};
    ///
    /// #[cors(origins = ["https://admin.example.com"], credentials)]
    /// async fn delete_user() {}
    ///
    /// let cors: CorsRouter = CorsRouter::new().route("/users", delete(delete_user));
    /// let request = http::Request::options("/users")
    ///     .header("origin", "https://evil.example")
    ///     .header("access-control-request-method", "DELETE")
    ///     .body(())
    ///     .unwrap();
    /// let explanation = cors.explain(&request);
    /// assert!(matches!(explanation.decision, Decision::Refused(_)));
    /// println!("{explanation}");
    /// ```
    pub fn explain(&self, request: &Request<()>) -> Explanation {
        let headers = request.headers();
        let kind = classify(request.method(), headers);
        let mut explanation = Explanation {
            method: request.method().clone(),
            path: request.uri().path().to_owned(),
            kind,
            route: None,
            policy: None,
            policy_handler: None,
            decision: Decision::NotCors,
            status: None,
            headers: HeaderMap::new(),
            offending_value: None,
            origin: headers
                .get(ORIGIN)
                .map(|o| Escaped(o.as_bytes()).to_string()),
            several_origins: headers.get_all(ORIGIN).iter().nth(1).is_some(),
        };
        // Explained as served: the router's default given, origins from the environment read.
        let resolved = self.resolved();
        let Some((pattern, handlers)) = resolved.matching_path(request.uri().path()) else {
            if kind != RequestKind::NotCors {
                explanation.refuse(Rejection::NoPolicy, headers);
            }
            return explanation;
        };
        let path = PathPolicies::of(handlers);
        let route = |index: Option<usize>| ExplainedRoute {
            pattern: pattern.to_owned(),
            method: index.map(|i| handlers[i].method.clone()),
            handler: index.map(|i| handlers[i].name),
        };
        if kind == RequestKind::Preflight {
            let (index, answer) = path.preflight(headers);
            explanation.route = Some(route(index));
            if let Some(i) = index {
                explanation.consulted(&handlers[i]);
            }
            explanation.status = Some(answer.status);
            explanation.headers = answer.headers;
            match answer.rejection {
                Some(rejection) => explanation.refuse(rejection, headers),
                None => explanation.decision = Decision::Allowed,
            }
            return explanation;
        }
        let method = request.method().as_str().as_bytes();
        let (index, policy, verdict) = path.actual(method, headers);
        explanation.route = Some(route(index));
        if index.is_none() {
            explanation.status = Some(StatusCode::METHOD_NOT_ALLOWED);
        }
        // The 405's policy is one of the path's; find whose it is by identity.
        if let Some(h) = policy.and_then(|p| {
            handlers
                .iter()
                .find(|h| h.policy.as_deref().is_some_and(|hp| std::ptr::eq(hp, p)))
        }) {
            explanation.consulted(h);
        }
        if let Some(policy) = policy {
            let origin = single(headers, &ORIGIN);
            policy.decorate(origin, &mut explanation.headers);
        }
        match verdict {
            ActualVerdict::NotCors => {}
            ActualVerdict::Allowed => explanation.decision = Decision::Allowed,
            ActualVerdict::Refused(rejection) => explanation.refuse(rejection, headers),
        }
        explanation
    }

    /// The routed path `path` matches, as axum matches it, and its handlers.
    fn matching_path(&self, path: &str) -> Option<(&str, &[RoutedHandler])> {
        let mut matcher = matchit::Router::new();
        for (i, (pattern, _)) in self.paths.iter().enumerate() {
            // axum refuses to build a router with conflicting paths; the first one stands here.
            let _ = matcher.insert(pattern.as_str(), i);
        }
        let i = *matcher.at(path).ok()?.value;
        let (pattern, methods) = &self.paths[i];
        Some((pattern, &methods.handlers))
    }
}

impl Explanation {
    fn consulted(&mut self, handler: &RoutedHandler) {
        if let Some(policy) = &handler.policy {
            self.policy = Some((policy.clone(), handler.source));
            self.policy_handler = Some(handler.name);
        }
    }

    /// Where to change the policy, in words, for a fix.
    fn policy_place(&self, source: PolicySource) -> String {
        let handler = self.policy_handler.unwrap_or("the handler");
        match source {
            PolicySource::Attribute => format!("the #[cors(...)] of `{handler}`"),
            PolicySource::Named { name, .. } => {
                format!("the named policy `{name}` (or the #[cors(...)] of `{handler}`)")
            }
            PolicySource::RouterDefault => {
                format!("the router's default_policy (which `{handler}` uses)")
            }
            PolicySource::Builder => format!("the policy given to on_with_policy for `{handler}`"),
            PolicySource::Env { var, .. } => {
                format!("the #[cors(...)] of `{handler}` (origins: the variable {var})")
            }
            PolicySource::OptedOut | PolicySource::IsolationOnly | PolicySource::None => {
                format!("a policy for `{handler}`")
            }
        }
    }

    /// The handler whose policy was consulted, with [`policy`](Self::policy).
    pub fn policy_handler(&self) -> Option<&'static str> {
        self.policy_handler
    }

    fn refuse(&mut self, rejection: Rejection, request: &HeaderMap) {
        self.offending_value = Some(Escaped(offending(&rejection, request)).to_string());
        self.decision = Decision::Refused(rejection);
    }

    /// The reason of a refusal.
    pub fn rejection(&self) -> Option<&Rejection> {
        match &self.decision {
            Decision::Refused(rejection) => Some(rejection),
            _ => None,
        }
    }

    /// What to change to allow the refused request, in words; `None` when it was not refused.
    pub fn fix(&self) -> Option<String> {
        let rejection = self.rejection()?;
        let value = self.offending_value.as_deref().unwrap_or_default();
        // Checked before the policy: a malformed method name reaches no handler, hence no policy.
        if let Rejection::MalformedRequestMethod | Rejection::MalformedRequestHeaders(_) = rejection
        {
            return Some(MALFORMED_FIX.to_owned());
        }
        let Some((policy, source)) = &self.policy else {
            return Some(self.no_policy_fix());
        };
        let in_policy = self.policy_place(*source);
        Some(match rejection {
            Rejection::OriginNotAllowed if value == "null" => format!(
                "a `null` origin (sandboxed iframe, file or data URL, cross-origin redirect) \
                 cannot be allowed: serve the page from an origin and add it to `origins` in \
                 {in_policy}"
            ),
            Rejection::OriginNotAllowed if self.several_origins => {
                "send exactly one Origin header (the request has several)".to_owned()
            }
            Rejection::OriginNotAllowed => {
                format!("add \"{value}\" to `origins` in {in_policy}")
            }
            Rejection::MethodNotAllowed(method) => {
                let upper = method.to_ascii_uppercase();
                if upper != *method && policy.methods().is_some_and(|m| m.contains(&upper.into())) {
                    format!(
                        "the page sends `{method}`, the policy allows `{}`: methods compare \
                         case-sensitively and fetch() does not uppercase this one; send it in \
                         uppercase",
                        method.to_ascii_uppercase()
                    )
                } else {
                    format!("add {method} to `methods` in {in_policy}")
                }
            }
            Rejection::MalformedRequestMethod | Rejection::MalformedRequestHeaders(_) => {
                MALFORMED_FIX.to_owned()
            }
            Rejection::MalformedRequestPrivateNetwork => {
                "send Access-Control-Request-Private-Network on one line".to_owned()
            }
            Rejection::HeaderNotAllowed(name) => {
                format!("add \"{name}\" to `headers` in {in_policy}")
            }
            Rejection::AuthorizationNotListed => {
                format!("add \"authorization\" to `headers` in {in_policy}: `*` never covers it")
            }
            Rejection::PrivateNetworkNotAllowed => {
                format!("add `private_network` to {in_policy}")
            }
            Rejection::CredentialsNotAllowed if policy.origins().iter().any(|o| o == "*") => {
                format!(
                    "replace origins = [\"*\"] with the origins that send cookies and add \
                     `credentials` to {in_policy}, or fetch without credentials"
                )
            }
            Rejection::CredentialsNotAllowed => {
                format!("add `credentials` to {in_policy}, or fetch without credentials")
            }
            Rejection::NoPolicy => self.no_policy_fix(),
        })
    }

    fn no_policy_fix(&self) -> String {
        let method = self.requested_method();
        match &self.route {
            None => format!(
                "no route of the CorsRouter matches {}: route a handler with #[cors(...)] there \
                 (plain axum routes and the fallback get no CORS headers)",
                self.path
            ),
            Some(ExplainedRoute {
                handler: Some(handler),
                ..
            }) => format!("add #[cors(origins = [...])] to `{handler}`"),
            Some(_) if method.bytes().any(|b| b.is_ascii_lowercase()) => {
                let upper = method.to_ascii_uppercase();
                format!(
                    "methods compare case-sensitively and fetch() sends `{method}` as written: \
                     send `{upper}`, or route a handler with #[cors(...)] on {method}"
                )
            }
            Some(route) => format!(
                "route a handler with #[cors(...)] on {method} {}",
                route.pattern
            ),
        }
    }

    /// The method the request asks about: the preflight's requested one, else its own.
    fn requested_method(&self) -> String {
        match (self.kind, &self.offending_value) {
            (RequestKind::Preflight, Some(v)) if self.rejection() == Some(&Rejection::NoPolicy) => {
                v.clone()
            }
            _ => self.method.to_string(),
        }
    }
}

/// The request line, then one labelled line per fact.
impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, Escaped(self.path.as_bytes()))?;
        let kind = match self.kind {
            RequestKind::NotCors => "not a CORS request (no Origin)",
            RequestKind::Preflight => "CORS preflight",
            RequestKind::Actual => "CORS actual request",
        };
        writeln!(f, "  request:  {kind}")?;
        if let Some(origin) = &self.origin {
            writeln!(f, "  origin:   {origin}")?;
        }
        match &self.route {
            None => writeln!(
                f,
                "  route:    none of the CorsRouter's routes matches the path"
            )?,
            Some(ExplainedRoute {
                pattern,
                method: Some(method),
                handler: Some(handler),
            }) => writeln!(f, "  route:    {method} {pattern} -> {handler}")?,
            Some(route) => writeln!(
                f,
                "  route:    {}, no handler for this method",
                route.pattern
            )?,
        }
        let handler = self.policy_handler.unwrap_or_default();
        match &self.policy {
            Some((policy, PolicySource::Attribute)) => {
                writeln!(f, "  policy:   {policy}  (#[cors] on `{handler}`)")?
            }
            Some((policy, PolicySource::Builder)) => {
                writeln!(f, "  policy:   {policy}  (on_with_policy for `{handler}`)")?
            }
            Some((policy, source)) => {
                writeln!(f, "  policy:   {policy}  ({source}, for `{handler}`)")?
            }
            None => writeln!(f, "  policy:   none")?,
        }
        let outcome = match (&self.decision, self.status) {
            (Decision::NotCors, _) => "not CORS: the handler runs, the browser checks nothing",
            (Decision::Allowed, Some(StatusCode::NO_CONTENT)) => "allowed (204 No Content)",
            (Decision::Allowed, _) => "allowed: the page may read the response",
            (Decision::Refused(_), Some(StatusCode::FORBIDDEN)) => {
                "refused (403 Forbidden, no CORS headers)"
            }
            (Decision::Refused(_), _) => "refused: the browser will not let the page read it",
        };
        writeln!(f, "  decision: {outcome}")?;
        if let Some(status) = self.status.filter(|s| *s == StatusCode::METHOD_NOT_ALLOWED) {
            writeln!(
                f,
                "  status:   {status} (the path does not route this method)"
            )?;
        }
        if let Decision::Refused(rejection) = &self.decision {
            writeln!(f, "  reason:   {rejection}")?;
            // The origin is on its own line already.
            let shown = |v: &&str| !v.is_empty() && self.origin.as_deref() != Some(*v);
            if let Some(value) = self.offending_value.as_deref().filter(shown) {
                writeln!(f, "  value:    {value}")?;
            }
            if let Some(fix) = self.fix() {
                writeln!(f, "  fix:      {fix}")?;
            }
        }
        let mut label = "  headers: ";
        for (name, value) in &self.headers {
            writeln!(f, "{label} {name}: {}", Uncut(value.as_bytes()))?;
            label = "           ";
        }
        Ok(())
    }
}
