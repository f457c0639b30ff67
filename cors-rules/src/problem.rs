//! What a check reports: a [`Fault`] (what is wrong and how to fix it) from the checks of one
//! value, and a [`Problem`] (a fault at a [`Site`] of the policy) from the policy check, which is
//! the only one that knows where a value sits.

use std::fmt;

/// What is wrong with one value, and how to fix it. The leaf checks (origin syntax, header and
/// method names) return these; they do not know where the value sits in a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fault {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Fault {
    /// A fault with its fix.
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Fault {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// The key that opts out of the https requirement for credentialed origins, as users write it in
/// `#[cors(...)]`; the builder's setter and [`PolicySpec`](crate::PolicySpec)'s field carry the same name.
pub const DANGEROUSLY_ALLOW_INSECURE_ORIGINS: &str = "dangerously_allow_insecure_origins";

/// The faults found in one origin string. A fixable fault's help is a template whose `{fix}` is
/// replaced by the whole corrected origin, once every fault is known to have a fix.
#[derive(Default)]
pub(crate) struct Analysis {
    notes: Vec<Note>,
}

struct Note {
    message: String,
    /// With `{fix}` where the corrected origin goes; `None` when this fault has no fix.
    template: Option<String>,
    /// The help when some fault of the string has no fix, so no corrected origin can be shown.
    fallback: String,
}

impl Analysis {
    pub(crate) fn fixable(
        &mut self,
        message: String,
        template: impl Into<String>,
        fallback: impl Into<String>,
    ) {
        self.notes.push(Note {
            message,
            template: Some(template.into()),
            fallback: fallback.into(),
        });
    }

    pub(crate) fn unfixable(&mut self, message: String, help: impl Into<String>) {
        self.notes.push(Note {
            message,
            template: None,
            fallback: help.into(),
        });
    }

    /// Whether no fault was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    pub(crate) fn all_fixable(&self) -> bool {
        self.notes.iter().all(|n| n.template.is_some())
    }

    pub(crate) fn into_faults(self, fix: Option<&str>) -> Vec<Fault> {
        self.notes
            .into_iter()
            .map(|n| match (n.template, fix) {
                (Some(t), Some(fix)) => {
                    Fault::new(n.message, t.replace("{fix}", &format!("\"{fix}\"")))
                }
                _ => Fault::new(n.message, n.fallback),
            })
            .collect()
    }
}

/// Where in a policy a problem is: a whole field, or one entry of a list (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Site {
    /// The origin list as a whole.
    Origins,
    /// One entry of `origins`.
    Origin(usize),
    /// The `credentials` flag.
    Credentials,
    /// The method list as a whole.
    Methods,
    /// One entry of `methods`.
    Method(usize),
    /// The allowed request headers as a whole.
    Headers,
    /// One entry of `headers`.
    Header(usize),
    /// The exposed headers as a whole.
    Expose,
    /// One entry of `expose`.
    Exposed(usize),
    /// `max_age`.
    MaxAge,
    /// `private_network`.
    PrivateNetwork,
    /// `dangerously_allow_insecure_origins`.
    DangerouslyAllowInsecureOrigins,
    /// `resource_policy`.
    ResourcePolicy,
    /// `opener_policy`.
    OpenerPolicy,
    /// `embedder_policy`.
    EmbedderPolicy,
    /// `opener_policy_report_only`.
    OpenerPolicyReportOnly,
    /// `embedder_policy_report_only`.
    EmbedderPolicyReportOnly,
    /// The `report_to` endpoint of an isolation key: 0 `opener_policy`, 1 `embedder_policy`,
    /// 2 `opener_policy_report_only`, 3 `embedder_policy_report_only`.
    ReportTo(u8),
}

impl Site {
    /// The key the site belongs to, as users write it in `#[cors(...)]` and as the runtime
    /// builder's setters are named. The one mapping from a site to its name: the macro finds the
    /// user's token by it, the builder labels its errors with it.
    pub fn key(self) -> &'static str {
        match self {
            Site::Origins | Site::Origin(_) => "origins",
            Site::Credentials => "credentials",
            Site::Methods | Site::Method(_) => "methods",
            Site::Headers | Site::Header(_) => "headers",
            Site::Expose | Site::Exposed(_) => "expose",
            Site::MaxAge => "max_age",
            Site::PrivateNetwork => "private_network",
            Site::DangerouslyAllowInsecureOrigins => DANGEROUSLY_ALLOW_INSECURE_ORIGINS,
            Site::ResourcePolicy => "resource_policy",
            Site::OpenerPolicy | Site::ReportTo(0) => "opener_policy",
            Site::EmbedderPolicy | Site::ReportTo(1) => "embedder_policy",
            Site::OpenerPolicyReportOnly | Site::ReportTo(2) => "opener_policy_report_only",
            Site::EmbedderPolicyReportOnly | Site::ReportTo(_) => "embedder_policy_report_only",
        }
    }

    /// The entry's index within its list, for the sites that are one entry.
    pub fn index(self) -> Option<usize> {
        match self {
            Site::Origin(i) | Site::Method(i) | Site::Header(i) | Site::Exposed(i) => Some(i),
            _ => None,
        }
    }

    /// How a message names the site: `origins`, `origins[1] ("https://x.com/")` when the entry's
    /// text is given, `origins[1]` without it.
    pub fn label(self, entry: Option<&str>) -> String {
        match (self.index(), entry) {
            (Some(i), Some(text)) => format!("{}[{i}] ({text:?})", self.key()),
            (Some(i), None) => format!("{}[{i}]", self.key()),
            (None, _) if matches!(self, Site::ReportTo(_)) => format!("{}.report_to", self.key()),
            (None, _) => self.key().to_owned(),
        }
    }
}

/// One mistake in a policy: where it is, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// The offending field or entry.
    pub site: Site,
    /// The other half of a conflict (`credentials` for `"*"` with credentials), or the first
    /// occurrence of a duplicate. The message already names it.
    pub related: Option<Site>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    /// A leaf check's fault, placed at `site`.
    pub fn at(site: Site, fault: Fault) -> Self {
        Problem {
            site,
            related: None,
            message: fault.message,
            help: Some(fault.help),
        }
    }

    /// The same problem, naming the other site of its conflict.
    #[must_use]
    pub fn related_to(mut self, related: Site) -> Self {
        self.related = Some(related);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

/// A problem with its fix, at `site` (and naming `related`): how the policy-level checks report.
pub(crate) fn problem(site: Site, related: Option<Site>, message: String, help: String) -> Problem {
    Problem {
        site,
        related,
        message,
        help: Some(help),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        let p = Problem::at(Site::MaxAge, Fault::new("too large", "use 600"));
        assert_eq!(p.to_string(), "too large (help: use 600)");
        assert_eq!(Problem { help: None, ..p }.to_string(), "too large");
    }

    #[test]
    fn labels() {
        assert_eq!(Site::Origins.label(None), "origins");
        assert_eq!(
            Site::Origin(1).label(Some("https://x.com/")),
            "origins[1] (\"https://x.com/\")"
        );
        assert_eq!(Site::Exposed(2).label(None), "expose[2]");
        assert_eq!(
            Site::DangerouslyAllowInsecureOrigins.label(None),
            "dangerously_allow_insecure_origins"
        );
        assert_eq!(Site::Method(0).key(), Site::Methods.key());
    }
}
