//! The cross-origin isolation headers of a handler: `Cross-Origin-Resource-Policy`,
//! `Cross-Origin-Opener-Policy` and `Cross-Origin-Embedder-Policy` (and the two `-Report-Only`
//! forms), the siblings of CORS that harden the other cross-origin paths.
//!
//! A handler's headers come, key by key, from (innermost first) its own `#[cors(...)]` keys, its
//! policy's keys (`cors_policy!`, [`PolicyBuilder`](crate::PolicyBuilder)), and the defaults of
//! the routers it is mounted on ([`CorsRouter::isolation`](crate::CorsRouter::isolation)). The
//! router renders them once per route when it is built; [`decorate`] puts them on every response
//! of that handler, in place of any header of the same name the handler set.
//!
//! The values and the checks across keys live in `cors_rules::isolation`, shared with the macro.

use std::borrow::Cow;
use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue};

pub use cors_rules::{EmbedderPolicy, OpenerPolicy, ResourcePolicy};

// `#[cors(...)]` keys registered beside a handler, and the router's use of them.
mod registry;
pub(crate) use registry::own_isolation;
#[doc(hidden)]
pub use registry::{isolation_type_of_val, IsolationRegistration};
mod router;
// The builder's setters (configuration).
mod config;
pub(crate) use config::{from_checked, IsolationKeys};
pub(crate) use router::{check_resolved, effective, of_default, of_handler, takes_default_keys};

/// The name of a reporting endpoint, as declared in the page's `Reporting-Endpoints` header:
/// what `report-to="..."` names in an opener or embedder policy.
///
/// A structured-field key: a lowercase letter or `*`, then lowercase letters, digits, `_`, `-`,
/// `.` or `*`.
///
/// ```
/// use cors_runtime::ReportTo;
///
/// const COOP: ReportTo = ReportTo::from_static("coop-endpoint");
/// assert!(ReportTo::new("Coop Endpoint").is_err());
/// # let _ = COOP;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportTo(Cow<'static, str>);

impl ReportTo {
    /// An endpoint name read at run time (configuration), checked.
    pub fn new(name: impl Into<String>) -> Result<Self, crate::Problem> {
        let name = name.into();
        match cors_rules::isolation::check_endpoint(&name) {
            Ok(()) => Ok(ReportTo(Cow::Owned(name))),
            Err(fault) => Err(crate::Problem::at(cors_rules::Site::ReportTo(0), fault)),
        }
    }

    /// An endpoint name written in code. In a `const` an invalid name is a compile error;
    /// elsewhere it panics.
    pub const fn from_static(name: &'static str) -> Self {
        let bytes = name.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let ok = b.is_ascii_lowercase()
                || b == b'*'
                || (i > 0 && (b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.')));
            if !ok {
                panic!("a reporting endpoint name is a lowercase letter or `*`, then lowercase letters, digits, `_`, `-`, `.` or `*`");
            }
            i += 1;
        }
        if bytes.is_empty() {
            panic!("a reporting endpoint name cannot be empty");
        }
        ReportTo(Cow::Borrowed(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An opener or embedder policy's value with its optional reporting endpoint.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reporting<V> {
    pub(crate) value: V,
    pub(crate) report_to: Option<ReportTo>,
}

impl<V> Reporting<V> {
    /// For generated code: a value checked by `cors-rules`.
    pub const fn __new(value: V, report_to: Option<&'static str>) -> Self {
        Reporting {
            value,
            report_to: match report_to {
                Some(name) => Some(ReportTo(Cow::Borrowed(name))),
                None => None,
            },
        }
    }
}

impl<V: fmt::Display> fmt::Display for Reporting<V> {
    /// The header value: `same-origin`, or `same-origin; report-to="coop-endpoint"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.report_to {
            Some(endpoint) => write!(f, "{}; report-to=\"{}\"", self.value, endpoint.as_str()),
            None => write!(f, "{}", self.value),
        }
    }
}

/// Cross-origin isolation headers: a router default ([`CorsRouter::isolation`]), or what a
/// handler's `#[cors(...)]` keys or a policy ([`Policy::isolation`]) set. Each key left unset is
/// taken from the next level out (handler, then its policy, then the routers, innermost first);
/// a header no level sets is not sent.
///
/// ```
/// use cors_runtime::{EmbedderPolicy, Isolation, OpenerPolicy, ReportTo, ResourcePolicy};
///
/// // Cross-origin isolated documents (`crossOriginIsolated === true` in the page).
/// let isolated = Isolation::new()
///     .opener_policy(OpenerPolicy::SameOrigin)
///     .embedder_policy(EmbedderPolicy::RequireCorp)
///     .resource_policy(ResourcePolicy::SameSite)
///     .opener_policy_report_only_with_report_to(OpenerPolicy::SameOrigin, ReportTo::from_static("coop"));
/// assert_eq!(isolated.to_string(), "resource_policy=same-site opener_policy=same-origin \
///     embedder_policy=require-corp opener_policy_report_only=same-origin; report-to=\"coop\"");
/// ```
///
/// [`CorsRouter::isolation`]: crate::CorsRouter::isolation
/// [`Policy::isolation`]: crate::Policy::isolation
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Isolation {
    pub(crate) resource_policy: Option<ResourcePolicy>,
    pub(crate) opener_policy: Option<Reporting<OpenerPolicy>>,
    pub(crate) embedder_policy: Option<Reporting<EmbedderPolicy>>,
    pub(crate) opener_policy_report_only: Option<Reporting<OpenerPolicy>>,
    pub(crate) embedder_policy_report_only: Option<Reporting<EmbedderPolicy>>,
}

const CORP: HeaderName = HeaderName::from_static("cross-origin-resource-policy");
const COOP: HeaderName = HeaderName::from_static("cross-origin-opener-policy");
const COEP: HeaderName = HeaderName::from_static("cross-origin-embedder-policy");
const COOP_RO: HeaderName = HeaderName::from_static("cross-origin-opener-policy-report-only");
const COEP_RO: HeaderName = HeaderName::from_static("cross-origin-embedder-policy-report-only");

impl Isolation {
    /// No header set.
    pub const fn new() -> Self {
        Isolation {
            resource_policy: None,
            opener_policy: None,
            embedder_policy: None,
            opener_policy_report_only: None,
            embedder_policy_report_only: None,
        }
    }

    /// For generated code: keys checked by `cors-rules`.
    #[doc(hidden)]
    pub const fn __from_parts(
        resource_policy: Option<ResourcePolicy>,
        opener_policy: Option<Reporting<OpenerPolicy>>,
        embedder_policy: Option<Reporting<EmbedderPolicy>>,
        opener_policy_report_only: Option<Reporting<OpenerPolicy>>,
        embedder_policy_report_only: Option<Reporting<EmbedderPolicy>>,
    ) -> Self {
        Isolation {
            resource_policy,
            opener_policy,
            embedder_policy,
            opener_policy_report_only,
            embedder_policy_report_only,
        }
    }

    /// `Cross-Origin-Resource-Policy`: which pages may load the response in `no-cors` mode.
    #[must_use]
    pub fn resource_policy(mut self, value: ResourcePolicy) -> Self {
        self.resource_policy = Some(value);
        self
    }

    /// `Cross-Origin-Opener-Policy`.
    #[must_use]
    pub fn opener_policy(mut self, value: OpenerPolicy) -> Self {
        self.opener_policy = Some(Reporting {
            value,
            report_to: None,
        });
        self
    }

    /// `Cross-Origin-Opener-Policy` with `report-to`.
    #[must_use]
    pub fn opener_policy_with_report_to(mut self, value: OpenerPolicy, endpoint: ReportTo) -> Self {
        self.opener_policy = Some(Reporting {
            value,
            report_to: Some(endpoint),
        });
        self
    }

    /// `Cross-Origin-Embedder-Policy`.
    #[must_use]
    pub fn embedder_policy(mut self, value: EmbedderPolicy) -> Self {
        self.embedder_policy = Some(Reporting {
            value,
            report_to: None,
        });
        self
    }

    /// `Cross-Origin-Embedder-Policy` with `report-to`.
    #[must_use]
    pub fn embedder_policy_with_report_to(
        mut self,
        value: EmbedderPolicy,
        endpoint: ReportTo,
    ) -> Self {
        self.embedder_policy = Some(Reporting {
            value,
            report_to: Some(endpoint),
        });
        self
    }

    /// `Cross-Origin-Opener-Policy-Report-Only`.
    #[must_use]
    pub fn opener_policy_report_only(mut self, value: OpenerPolicy) -> Self {
        self.opener_policy_report_only = Some(Reporting {
            value,
            report_to: None,
        });
        self
    }

    /// `Cross-Origin-Opener-Policy-Report-Only` with `report-to`.
    #[must_use]
    pub fn opener_policy_report_only_with_report_to(
        mut self,
        value: OpenerPolicy,
        endpoint: ReportTo,
    ) -> Self {
        self.opener_policy_report_only = Some(Reporting {
            value,
            report_to: Some(endpoint),
        });
        self
    }

    /// `Cross-Origin-Embedder-Policy-Report-Only`.
    #[must_use]
    pub fn embedder_policy_report_only(mut self, value: EmbedderPolicy) -> Self {
        self.embedder_policy_report_only = Some(Reporting {
            value,
            report_to: None,
        });
        self
    }

    /// `Cross-Origin-Embedder-Policy-Report-Only` with `report-to`.
    #[must_use]
    pub fn embedder_policy_report_only_with_report_to(
        mut self,
        value: EmbedderPolicy,
        endpoint: ReportTo,
    ) -> Self {
        self.embedder_policy_report_only = Some(Reporting {
            value,
            report_to: Some(endpoint),
        });
        self
    }

    /// Whether no header is set.
    pub fn is_empty(&self) -> bool {
        *self == Isolation::new()
    }

    /// Every header set, as (key, header name, header value), in a fixed order: what the
    /// responses carry and what the table and the route documentation show.
    ///
    /// ```
    /// use cors_runtime::{Isolation, ReportTo, ResourcePolicy, EmbedderPolicy};
    ///
    /// let isolation = Isolation::new()
    ///     .embedder_policy_with_report_to(EmbedderPolicy::RequireCorp, ReportTo::from_static("coep"))
    ///     .resource_policy(ResourcePolicy::CrossOrigin);
    /// let headers: Vec<_> = isolation
    ///     .headers()
    ///     .into_iter()
    ///     .map(|(key, name, value)| (key, name.to_string(), value))
    ///     .collect();
    /// assert_eq!(headers, [
    ///     ("resource_policy", "cross-origin-resource-policy".to_owned(), "cross-origin".to_owned()),
    ///     ("embedder_policy", "cross-origin-embedder-policy".to_owned(),
    ///      "require-corp; report-to=\"coep\"".to_owned()),
    /// ]);
    /// ```
    pub fn headers(&self) -> Vec<(&'static str, HeaderName, String)> {
        let mut out = Vec::new();
        if let Some(v) = self.resource_policy {
            out.push(("resource_policy", CORP, v.as_str().to_owned()));
        }
        let mut push = |key, name: &HeaderName, value: Option<String>| {
            if let Some(value) = value {
                out.push((key, name.clone(), value));
            }
        };
        push(
            "opener_policy",
            &COOP,
            self.opener_policy.as_ref().map(|r| r.to_string()),
        );
        push(
            "embedder_policy",
            &COEP,
            self.embedder_policy.as_ref().map(|r| r.to_string()),
        );
        push(
            "opener_policy_report_only",
            &COOP_RO,
            self.opener_policy_report_only
                .as_ref()
                .map(|r| r.to_string()),
        );
        push(
            "embedder_policy_report_only",
            &COEP_RO,
            self.embedder_policy_report_only
                .as_ref()
                .map(|r| r.to_string()),
        );
        out
    }

    /// `self` with every key it leaves unset taken from `outer`.
    #[must_use]
    pub(crate) fn over(&self, outer: &Isolation) -> Isolation {
        Isolation {
            resource_policy: self.resource_policy.or(outer.resource_policy),
            opener_policy: self
                .opener_policy
                .clone()
                .or_else(|| outer.opener_policy.clone()),
            embedder_policy: self
                .embedder_policy
                .clone()
                .or_else(|| outer.embedder_policy.clone()),
            opener_policy_report_only: self
                .opener_policy_report_only
                .clone()
                .or_else(|| outer.opener_policy_report_only.clone()),
            embedder_policy_report_only: self
                .embedder_policy_report_only
                .clone()
                .or_else(|| outer.embedder_policy_report_only.clone()),
        }
    }

    /// The header lines, rendered once for a route.
    pub(crate) fn render(&self) -> Option<std::sync::Arc<RouteIsolation>> {
        if self.is_empty() {
            return None;
        }
        let lines = self
            .headers()
            .into_iter()
            .map(|(_, name, value)| {
                // Values and endpoint names were checked: every byte is a visible ASCII char.
                let value = HeaderValue::try_from(value)
                    .expect("a checked isolation value is a valid header value");
                (name, value)
            })
            .collect();
        Some(std::sync::Arc::new(RouteIsolation { lines }))
    }
}

/// One line per key: `resource_policy=same-site opener_policy=same-origin; report-to="coop"`.
impl fmt::Display for Isolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (key, _, value)) in self.headers().into_iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{key}={value}")?;
        }
        Ok(())
    }
}

/// A route's isolation headers, rendered when the router is built.
#[derive(Debug)]
pub(crate) struct RouteIsolation {
    lines: Vec<(HeaderName, HeaderValue)>,
}

/// Puts a route's isolation headers on one of its responses, replacing any header of the same
/// name the handler set: the table is the truth. `None`: the route sets none, and the response is
/// left as it is.
pub(crate) fn decorate(isolation: Option<&RouteIsolation>, response: &mut HeaderMap) {
    let Some(isolation) = isolation else {
        return;
    };
    for (name, value) in &isolation.lines {
        response.insert(name.clone(), value.clone());
    }
}
