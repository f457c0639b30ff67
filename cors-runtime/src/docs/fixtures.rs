//! Policies and tables for the unit tests of this module, built without the macro or the router.

use std::borrow::Cow;

use crate::policy::PolicyParts;
use crate::table::{PolicyTable, RouteMethod, TableRoute};
use crate::{HeaderNames, Policy, SharedPolicy};

/// A policy as a test writes it. `["*"]` in `headers` or `expose` is the any-name form.
pub(crate) struct Spec {
    pub(crate) origins: &'static [&'static str],
    pub(crate) credentials: bool,
    pub(crate) methods: Option<&'static [&'static str]>,
    pub(crate) headers: &'static [&'static str],
    pub(crate) expose: &'static [&'static str],
    pub(crate) max_age: Option<u32>,
    pub(crate) private_network: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            origins: &["https://app.example.com"],
            credentials: false,
            methods: None,
            headers: &[],
            expose: &[],
            max_age: None,
            private_network: false,
        }
    }
}

fn list(names: &'static [&'static str]) -> Cow<'static, [Cow<'static, str>]> {
    Cow::Owned(names.iter().map(|n| Cow::Borrowed(*n)).collect())
}

fn header_names(names: &'static [&'static str]) -> HeaderNames {
    if names == ["*"] {
        HeaderNames::Any
    } else {
        HeaderNames::List(list(names))
    }
}

/// A shared policy; the documentation only reads what the accessors return, so the matching
/// fields (exact origins, patterns, rendered header values) are left empty.
pub(crate) fn policy(spec: Spec) -> SharedPolicy {
    let parts = PolicyParts {
        any_origin: spec.origins == ["*"],
        exact_origins: Cow::Borrowed(&[]),
        origin_patterns: Cow::Borrowed(&[]),
        origins_as_written: list(spec.origins),
        credentials: spec.credentials,
        methods: spec.methods.map(list),
        allow_headers: header_names(spec.headers),
        expose_headers: header_names(spec.expose),
        expose_value: None,
        max_age: spec.max_age,
        max_age_value: None,
        private_network: spec.private_network,
    };
    Policy::__from_checked_parts(parts).into()
}

/// A table of `(path, method, handler, policy)` rows.
pub(crate) fn table(
    rows: Vec<(&str, RouteMethod, &'static str, Option<SharedPolicy>)>,
) -> PolicyTable {
    PolicyTable::new(
        rows.into_iter()
            .map(|(path, method, handler, policy)| TableRoute {
                path: path.to_owned(),
                method,
                handler,
                source: if policy.is_some() {
                    crate::PolicySource::Attribute
                } else {
                    crate::PolicySource::None
                },
                policy,
                isolation: crate::Isolation::new(),
            })
            .collect(),
    )
}
