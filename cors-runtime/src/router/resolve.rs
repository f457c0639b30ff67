//! Build-time resolution of a `CorsRouter`: giving the router default to the handlers without a
//! policy, reading origins from the environment, and building the `axum::Router`.
//!
//! A child module of `router` so it reaches the router's private fields without widening their
//! visibility; it is a file of its own to keep `router.rs` under the project's 600-line limit.

use std::sync::Arc;

use super::CorsRouter;
use crate::env_origins::{self, ConfigError};
use crate::provenance::PolicySource;
use crate::route_error::{check_routed_method, RouteError};
use crate::service::{self, PathCorsLayer, PathPolicies};

impl<S> CorsRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// Gives this router's default to its handlers that have no policy and did not opt out, so
    /// that the default travels with them when the router is nested or merged.
    #[track_caller]
    pub(super) fn apply_default(&mut self) {
        if let Err(e) = self.give_default().and_then(|()| self.give_isolation()) {
            panic!("{e}");
        }
    }

    /// [`apply_default`](Self::apply_default), reporting the first handler routed on a method
    /// the default does not list (the default is given to every handler all the same).
    fn give_default(&mut self) -> Result<(), RouteError> {
        let Some(default) = &self.default else {
            return Ok(());
        };
        let mut result = Ok(());
        for (path, methods) in &mut self.paths {
            for handler in &mut methods.handlers {
                if crate::isolation::takes_default_keys(handler.source) {
                    handler.isolation = crate::isolation::of_default(&handler.isolation, default);
                }
                if handler.source == PolicySource::None {
                    handler.policy = Some(default.clone());
                    handler.source = PolicySource::RouterDefault;
                    if result.is_ok() {
                        result = check_routed_method(path, handler);
                    }
                }
            }
        }
        result
    }

    /// Reads the variables of the policies whose origins come from the environment, replacing
    /// each stand-in by the resolved policy; a handler whose variable is missing or invalid is
    /// left without a policy and its problems are in the error.
    pub(super) fn resolve_env(&mut self) -> ConfigError {
        let mut errors = ConfigError::new();
        for (_, methods) in &mut self.paths {
            for handler in &mut methods.handlers {
                let PolicySource::Env {
                    var,
                    dangerously_allow_insecure_origins,
                } = handler.source
                else {
                    continue;
                };
                let Some(template) = handler.policy.take() else {
                    continue;
                };
                match env_origins::resolve(&template, var, dangerously_allow_insecure_origins) {
                    Ok(policy) => match crate::isolation::check_resolved(var, handler, &policy) {
                        Ok(()) => handler.policy = Some(policy.into()),
                        Err(problems) => errors.extend(handler.name, problems),
                    },
                    Err(problems) => errors.extend(handler.name, problems),
                }
            }
        }
        errors
    }

    /// This router ready to build: the defaults given and origins from the environment read, or
    /// every problem of those origins. What `try_into_router` and the `CorsService` makers share.
    pub(super) fn ready(mut self) -> Result<Self, ConfigError> {
        self.apply_default();
        let errors = self.resolve_env();
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// This router as it serves: the default given and origins from the environment read, with
    /// no panic and no error (what cannot be resolved has no policy). For `explain`.
    pub(crate) fn resolved(&self) -> Self {
        let mut router = self.clone();
        let _ = router.give_default();
        let _ = router.give_isolation();
        let _ = router.resolve_env();
        router
    }

    /// Each path gets its preflight answerer, wrapped around its handlers and `route_layer`s,
    /// or, on a path whose handlers decorate their own responses, as its 405 fallback.
    pub(super) fn build(self) -> axum::Router<S> {
        self.build_with_paths().0
    }

    /// [`build`](Self::build), and what the front (`front.rs`) needs to answer the same
    /// preflights before axum's routing: each path with its policies (shared with the path's
    /// service) and its method router as mounted.
    pub(super) fn build_with_paths(self) -> (axum::Router<S>, BuiltPaths<S>) {
        let nested = self.nested_services.iter().map(|row| row.path.clone());
        let mut built = BuiltPaths {
            paths: Vec::with_capacity(self.paths.len()),
            nested: nested.collect(),
            opaque: self.plain_opaque,
        };
        let mut router = axum::Router::new();
        for (path, methods) in self.paths {
            let debug = self.debug_reasons || self.debug_paths.contains(&path);
            let policies = PathPolicies::of(&methods.handlers).reporting(&path, debug);
            let policies = Arc::new(policies);
            let mounted = policies.clone();
            let decorated = methods
                .decorated
                .as_ref()
                .filter(|_| policies.handlers_may_decorate());
            let inner = if let Some(routes) = decorated {
                // Routed again, each handler decorating its responses with its final policy.
                let mut inner = axum::routing::MethodRouter::new();
                for route in routes {
                    let policy = methods.handlers[route.row].policy.clone();
                    inner = (route.route)(inner, policy);
                }
                inner.fallback_service(service::answering_fallback(policies))
            } else {
                let layer = PathCorsLayer { path: policies };
                methods.with_405_fallback().inner.layer(layer)
            };
            router = router.route(&path, inner.clone());
            built.paths.push((path, mounted, inner));
        }
        (router.merge(self.plain), built)
    }
}

/// The paths of a built router, for the front.
pub(super) struct BuiltPaths<S> {
    /// Each path with its policies and its method router as mounted.
    pub(super) paths: Vec<(String, Arc<PathPolicies>, axum::routing::MethodRouter<S>)>,
    /// The prefixes of the nested services.
    pub(super) nested: Vec<String>,
    /// Whether plain axum routes were merged or nested in.
    pub(super) opaque: bool,
}
