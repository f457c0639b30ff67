//! The isolation keys of [`PolicyBuilder`]: values read from configuration as strings, checked by
//! `cors_rules::check_isolation` (through `check_policy`) when the policy is built, with the
//! wording of the compile errors.

use std::borrow::Cow;

use cors_rules::isolation::{Checked, Directive};
use cors_rules::{CheckedIsolation, IsolationSpec};

use super::{Isolation, ReportTo, Reporting};
use crate::PolicyBuilder;

/// The keys as given to the builder.
#[derive(Debug, Clone, Default)]
pub(crate) struct IsolationKeys {
    resource_policy: Option<String>,
    /// Opener, embedder, opener report-only, embedder report-only: value and endpoint.
    directives: [(Option<String>, Option<String>); 4],
}

impl IsolationKeys {
    /// The keys as `cors_rules` reads them.
    pub(crate) fn spec(&self) -> IsolationSpec<'_> {
        let d = |i: usize| {
            let (value, report_to) = &self.directives[i];
            value.as_deref().map(|value| Directive {
                value,
                report_to: report_to.as_deref(),
            })
        };
        let mut spec = IsolationSpec::default();
        spec.resource_policy = self.resource_policy.as_deref();
        spec.opener_policy = d(0);
        spec.embedder_policy = d(1);
        spec.opener_policy_report_only = d(2);
        spec.embedder_policy_report_only = d(3);
        spec
    }

    /// The keys of `isolation`, for a policy rebuilt from another (origins from the environment).
    pub(crate) fn of(isolation: &Isolation) -> Self {
        fn strings<V: std::fmt::Display>(
            r: Option<&Reporting<V>>,
        ) -> (Option<String>, Option<String>) {
            r.map_or((None, None), |r| {
                (
                    Some(r.value.to_string()),
                    r.report_to.as_ref().map(|e| e.as_str().to_owned()),
                )
            })
        }
        IsolationKeys {
            resource_policy: isolation.resource_policy.map(|v| v.as_str().to_owned()),
            directives: [
                strings(isolation.opener_policy.as_ref()),
                strings(isolation.embedder_policy.as_ref()),
                strings(isolation.opener_policy_report_only.as_ref()),
                strings(isolation.embedder_policy_report_only.as_ref()),
            ],
        }
    }
}

/// The checked keys as a policy's isolation; `None` when no key is set.
pub(crate) fn from_checked(checked: &CheckedIsolation<'_>) -> Option<Cow<'static, Isolation>> {
    fn owned<V: Copy>(c: Option<Checked<'_, V>>) -> Option<Reporting<V>> {
        c.map(|c| Reporting {
            value: c.value,
            report_to: c.report_to.map(|e| ReportTo(Cow::Owned(e.to_owned()))),
        })
    }
    let isolation = Isolation {
        resource_policy: checked.resource_policy,
        opener_policy: owned(checked.opener_policy),
        embedder_policy: owned(checked.embedder_policy),
        opener_policy_report_only: owned(checked.opener_policy_report_only),
        embedder_policy_report_only: owned(checked.embedder_policy_report_only),
    };
    (!isolation.is_empty()).then_some(Cow::Owned(isolation))
}

macro_rules! setters {
    ($($key:ident, $with:ident, $index:literal, $header:literal, $example:literal;)*) => {
        impl PolicyBuilder {
            $(
                #[doc = concat!("`", stringify!($key), "`: the `", $header, "` header, such as `\"", $example, "\"`; see `#[cors]` for the values. A value that is not one is an error of [`build`](Self::build).")]
                pub fn $key(mut self, value: impl Into<String>) -> Self {
                    self.isolation.directives[$index] = (Some(value.into()), None);
                    self
                }

                #[doc = concat!("`", stringify!($key), "(policy = ..., report_to = ...)`: as [`", stringify!($key), "`](Self::", stringify!($key), "), adding `; report-to=\"<endpoint>\"`, the name of an endpoint of the page's `Reporting-Endpoints` header.")]
                pub fn $with(mut self, value: impl Into<String>, endpoint: impl Into<String>) -> Self {
                    self.isolation.directives[$index] = (Some(value.into()), Some(endpoint.into()));
                    self
                }
            )*
        }
    };
}

setters! {
    opener_policy, opener_policy_with_report_to, 0, "Cross-Origin-Opener-Policy", "same-origin";
    embedder_policy, embedder_policy_with_report_to, 1, "Cross-Origin-Embedder-Policy", "require-corp";
    opener_policy_report_only, opener_policy_report_only_with_report_to, 2,
        "Cross-Origin-Opener-Policy-Report-Only", "same-origin";
    embedder_policy_report_only, embedder_policy_report_only_with_report_to, 3,
        "Cross-Origin-Embedder-Policy-Report-Only", "require-corp";
}

impl PolicyBuilder {
    /// `resource_policy`: the `Cross-Origin-Resource-Policy` header, `"same-origin"`,
    /// `"same-site"` or `"cross-origin"`. Another value is an error of [`build`](Self::build),
    /// and so is `"same-origin"` beside origins, or `"same-site"` beside `*`.
    pub fn resource_policy(mut self, value: impl Into<String>) -> Self {
        self.isolation.resource_policy = Some(value.into());
        self
    }

    /// The isolation keys of an existing policy (origins read from the environment).
    pub(crate) fn isolation_of(mut self, isolation: Option<&Isolation>) -> Self {
        if let Some(isolation) = isolation {
            self.isolation = IsolationKeys::of(isolation);
        }
        self
    }
}
