//! Where a route's policy came from: what the policy table, its `Display` and every route
//! documentation format show beside the policy, so a reader knows where to change it.

use std::fmt;

/// Where a route's CORS policy came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicySource {
    /// The handler's own `#[cors(origins = ...)]`.
    Attribute,
    /// A named policy: `#[cors(policy = WRITES)]`; `overridden` when the attribute replaces
    /// some of its keys (`#[cors(policy = WRITES, max_age = 60)]`).
    Named {
        /// The path as written in the attribute (`WRITES`, `policies::WRITES`).
        name: &'static str,
        /// Whether the attribute gives keys of its own.
        overridden: bool,
    },
    /// The router's [`default_policy`](crate::CorsRouter::default_policy), for a handler without
    /// `#[cors]`.
    RouterDefault,
    /// A policy passed at the routing site ([`on_with_policy`](crate::routing::on_with_policy)),
    /// typically built from configuration with [`Policy::builder`](crate::Policy::builder).
    Builder,
    /// `#[cors(origins = env("APP_CORS_ORIGINS"), ...)]`: origins read from the variable when the
    /// router is built; the policy shows the values resolved.
    Env {
        /// The variable's name.
        var: &'static str,
        /// Whether the attribute opted out of the https requirement for these origins.
        dangerously_allow_insecure_origins: bool,
    },
    /// `#[cors(none)]`: same-origin only, on purpose.
    OptedOut,
    /// `#[cors]` with cross-origin isolation keys and no `origins`
    /// (`#[cors(resource_policy = "cross-origin")]`): same-origin only, like `#[cors(none)]`.
    IsolationOnly,
    /// No `#[cors]` and no router default: same-origin only.
    None,
}

impl PolicySource {
    /// A short label for tables and documentation: `attribute`, `named policy WRITES`,
    /// `named policy WRITES, overridden`, `router default`, `builder`, `#[cors(none)]`,
    /// `#[cors] without origins`, `none`.
    pub fn label(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for PolicySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySource::Attribute => f.write_str("attribute"),
            PolicySource::Named {
                name,
                overridden: false,
            } => write!(f, "named policy {name}"),
            PolicySource::Named {
                name,
                overridden: true,
            } => write!(f, "named policy {name}, overridden"),
            PolicySource::Env { var, .. } => write!(f, "env({var})"),
            PolicySource::RouterDefault => f.write_str("router default"),
            PolicySource::Builder => f.write_str("builder"),
            PolicySource::OptedOut => f.write_str("#[cors(none)]"),
            PolicySource::IsolationOnly => f.write_str("#[cors] without origins"),
            PolicySource::None => f.write_str("none"),
        }
    }
}
