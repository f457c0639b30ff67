//! The cross-origin isolation headers of a route in the documents: an `isolation` object on the
//! JSON route, an `x-cross-origin-isolation` extension on OpenAPI operations (beside `x-cors`,
//! since a route without CORS may set them), and an Isolation column in Markdown when any route
//! sets one.

use serde::{Deserialize, Serialize};

use crate::Isolation;

/// The isolation headers one route sends, as header values (`same-origin`, or `same-origin;
/// report-to="coop"`); a header the route does not send is absent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IsolationDoc {
    /// `Cross-Origin-Resource-Policy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_policy: Option<String>,
    /// `Cross-Origin-Opener-Policy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opener_policy: Option<String>,
    /// `Cross-Origin-Embedder-Policy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedder_policy: Option<String>,
    /// `Cross-Origin-Opener-Policy-Report-Only`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opener_policy_report_only: Option<String>,
    /// `Cross-Origin-Embedder-Policy-Report-Only`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedder_policy_report_only: Option<String>,
}

impl IsolationDoc {
    /// The document of `isolation`; `None` when it sets no header.
    pub(crate) fn of(isolation: &Isolation) -> Option<Self> {
        let mut doc = IsolationDoc::default();
        for (key, _, value) in isolation.headers() {
            let slot = match key {
                "resource_policy" => &mut doc.resource_policy,
                "opener_policy" => &mut doc.opener_policy,
                "embedder_policy" => &mut doc.embedder_policy,
                "opener_policy_report_only" => &mut doc.opener_policy_report_only,
                _ => &mut doc.embedder_policy_report_only,
            };
            *slot = Some(value);
        }
        (doc != IsolationDoc::default()).then_some(doc)
    }

    /// The Markdown cell: `CORP same-site, COOP same-origin`, by the headers' usual initials.
    pub(crate) fn cell(&self) -> Vec<(&'static str, &str)> {
        [
            ("CORP", &self.resource_policy),
            ("COOP", &self.opener_policy),
            ("COEP", &self.embedder_policy),
            ("COOP-RO", &self.opener_policy_report_only),
            ("COEP-RO", &self.embedder_policy_report_only),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|v| (name, v)))
        .collect()
    }
}
