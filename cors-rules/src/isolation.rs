//! The cross-origin isolation headers a handler may send beside CORS: `Cross-Origin-Resource-Policy`
//! (Fetch standard, "Cross-Origin-Resource-Policy header" and "cross-origin resource policy
//! check"), `Cross-Origin-Opener-Policy` and `Cross-Origin-Embedder-Policy` with their
//! `-Report-Only` forms (HTML standard, "Cross-origin opener policies" and "Cross-origin embedder
//! policies"). Each value is parsed here, the reporting endpoint names too, and the combinations
//! that cannot work are reported, for the macro and the builder alike.

use crate::problem::{problem, Fault, Problem, Site};

/// `Cross-Origin-Resource-Policy`: who may load the resource in `no-cors` mode (`<img>`,
/// `<script>` without `crossorigin`). Requests in CORS mode are not checked against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourcePolicy {
    /// Only pages of the same origin.
    SameOrigin,
    /// Only pages of the same site (scheme and registrable domain).
    SameSite,
    /// Any page.
    CrossOrigin,
}

/// `Cross-Origin-Opener-Policy`: whether this document shares its browsing context group (and
/// so window handles) with cross-origin documents that open it or that it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpenerPolicy {
    /// Only same-origin documents with the same policy stay in the group.
    SameOrigin,
    /// As `same-origin`, but popups this document opens keep their opener.
    SameOriginAllowPopups,
    /// Always a new group for this document, while its own popups keep their opener.
    NoopenerAllowPopups,
    /// The default: no isolation.
    UnsafeNone,
}

/// `Cross-Origin-Embedder-Policy`: whether every cross-origin subresource of this document must
/// opt in to being loaded (with `Cross-Origin-Resource-Policy` or CORS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmbedderPolicy {
    /// Cross-origin `no-cors` subresources load only with a `Cross-Origin-Resource-Policy` that
    /// allows them; others need CORS (`crossorigin`).
    RequireCorp,
    /// Cross-origin `no-cors` subresources load without credentials (no cookies), so they need no
    /// opt-in.
    Credentialless,
    /// The default: no requirement.
    UnsafeNone,
}

macro_rules! values {
    ($ty:ident, $what:literal, $($variant:ident = $text:literal),+) => {
        impl $ty {
            /// Every value, as written in the header.
            pub const VALUES: &'static [&'static str] = &[$($text),+];

            /// The value as written in the header.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }

            /// Parses a value as written in the header (exactly: lowercase, no spaces).
            pub fn parse(text: &str) -> Result<Self, Fault> {
                match text {
                    $($text => Ok($ty::$variant),)+
                    _ => Err(unknown_value($what, text, Self::VALUES)),
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

values!(
    ResourcePolicy,
    "Cross-Origin-Resource-Policy",
    SameOrigin = "same-origin",
    SameSite = "same-site",
    CrossOrigin = "cross-origin"
);
values!(
    OpenerPolicy,
    "Cross-Origin-Opener-Policy",
    SameOrigin = "same-origin",
    SameOriginAllowPopups = "same-origin-allow-popups",
    NoopenerAllowPopups = "noopener-allow-popups",
    UnsafeNone = "unsafe-none"
);
values!(
    EmbedderPolicy,
    "Cross-Origin-Embedder-Policy",
    RequireCorp = "require-corp",
    Credentialless = "credentialless",
    UnsafeNone = "unsafe-none"
);

fn unknown_value(header: &str, text: &str, values: &[&str]) -> Fault {
    let list = values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let lower = text.trim().to_ascii_lowercase();
    let help = match values.iter().find(|v| **v == lower) {
        Some(v) => format!("write \"{v}\" (values are lowercase, without spaces)"),
        None => format!("use one of {list}"),
    };
    Fault::new(
        format!("`{text}` is not a {header} value: the values are {list}"),
        help,
    )
}

/// Checks a reporting endpoint name given as `report_to`: the name of an endpoint of the
/// `Reporting-Endpoints` header, which is a structured-field key (RFC 8941): a lowercase letter
/// or `*`, then lowercase letters, digits, `_`, `-`, `.` or `*`.
pub fn check_endpoint(name: &str) -> Result<(), Fault> {
    let mut bytes = name.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'*');
    let rest_ok = bytes.all(|b| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.' | b'*')
    });
    if first_ok && rest_ok {
        return Ok(());
    }
    let message = if name.is_empty() {
        "the reporting endpoint name is empty".to_owned()
    } else {
        format!(
            "`{name}` is not a reporting endpoint name: `Reporting-Endpoints` names are \
             structured-field keys (a lowercase letter or `*`, then lowercase letters, digits, \
             `_`, `-`, `.` or `*`)"
        )
    };
    let lower = name.to_ascii_lowercase().replace([' ', '/', ':'], "-");
    let help = if !name.is_empty() && lower != name && check_endpoint(&lower).is_ok() {
        format!("write \"{lower}\", and name the endpoint so in `Reporting-Endpoints`")
    } else {
        "use a name such as \"coop-endpoint\", as declared in `Reporting-Endpoints`".to_owned()
    };
    Err(Fault::new(message, help))
}

/// One opener or embedder policy as written: its value and its optional reporting endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Directive<'a> {
    /// The value (`"same-origin"`).
    pub value: &'a str,
    /// `report_to = "..."`.
    pub report_to: Option<&'a str>,
}

impl<'a> Directive<'a> {
    /// A value without reporting endpoint.
    pub fn new(value: &'a str) -> Self {
        Directive {
            value,
            report_to: None,
        }
    }

    /// The same value, reporting to `endpoint`.
    #[must_use]
    pub fn report_to(mut self, endpoint: &'a str) -> Self {
        self.report_to = Some(endpoint);
        self
    }
}

/// The isolation keys as written, not yet checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct IsolationSpec<'a> {
    /// `resource_policy`.
    pub resource_policy: Option<&'a str>,
    /// `opener_policy`.
    pub opener_policy: Option<Directive<'a>>,
    /// `embedder_policy`.
    pub embedder_policy: Option<Directive<'a>>,
    /// `opener_policy_report_only`.
    pub opener_policy_report_only: Option<Directive<'a>>,
    /// `embedder_policy_report_only`.
    pub embedder_policy_report_only: Option<Directive<'a>>,
}

impl IsolationSpec<'_> {
    /// Whether no key is given.
    pub fn is_empty(&self) -> bool {
        *self == IsolationSpec::default()
    }
}

/// A checked opener or embedder policy: its value and reporting endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked<'a, V> {
    /// The value.
    pub value: V,
    /// The reporting endpoint's name.
    pub report_to: Option<&'a str>,
}

impl<V: Copy + std::fmt::Display> Checked<'_, V> {
    /// The header value: `same-origin`, or `same-origin; report-to="coop-endpoint"`.
    pub fn header_value(&self) -> String {
        match self.report_to {
            Some(endpoint) => format!("{}; report-to=\"{endpoint}\"", self.value),
            None => self.value.to_string(),
        }
    }
}

/// The isolation keys after checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CheckedIsolation<'a> {
    /// `Cross-Origin-Resource-Policy`.
    pub resource_policy: Option<ResourcePolicy>,
    /// `Cross-Origin-Opener-Policy`.
    pub opener_policy: Option<Checked<'a, OpenerPolicy>>,
    /// `Cross-Origin-Embedder-Policy`.
    pub embedder_policy: Option<Checked<'a, EmbedderPolicy>>,
    /// `Cross-Origin-Opener-Policy-Report-Only`.
    pub opener_policy_report_only: Option<Checked<'a, OpenerPolicy>>,
    /// `Cross-Origin-Embedder-Policy-Report-Only`.
    pub embedder_policy_report_only: Option<Checked<'a, EmbedderPolicy>>,
}

/// What the isolation check needs to know of the CORS side of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Callers {
    /// Cross-origin callers are allowed: listed origins, `*`, or an origin function.
    pub cross_origin: bool,
    /// The index of `"*"` in `origins`, when it is there.
    pub any: Option<usize>,
}

impl Callers {
    /// The callers a policy's `origins` (as written) and origin function allow.
    pub fn of(origins: &[&str], origin_fn: bool) -> Self {
        Callers {
            cross_origin: origin_fn || !origins.is_empty(),
            any: origins.iter().position(|o| *o == "*"),
        }
    }
}

/// Checks the isolation keys, alone and against the callers the CORS side allows. Problems are
/// placed at the isolation sites (`Site::ResourcePolicy`, ...; `Site::ReportTo(..)` for an
/// endpoint name).
pub fn check_isolation<'a>(
    spec: &IsolationSpec<'a>,
    callers: Callers,
) -> Result<CheckedIsolation<'a>, Vec<Problem>> {
    let mut problems = Vec::new();
    let resource_policy = spec.resource_policy.and_then(|text| {
        ResourcePolicy::parse(text)
            .map_err(|f| problems.push(Problem::at(Site::ResourcePolicy, f)))
            .ok()
    });
    let mut directive =
        |d: Option<Directive<'a>>, site: Site, parse: &dyn Fn(&str) -> Result<(), Fault>| {
            let d = d?;
            let mut ok = true;
            if let Err(f) = parse(d.value) {
                problems.push(Problem::at(site, f));
                ok = false;
            }
            if let Some(endpoint) = d.report_to {
                if let Err(f) = check_endpoint(endpoint) {
                    problems.push(Problem::at(Site::ReportTo(isolation_key(site)), f));
                    ok = false;
                }
            }
            ok.then_some(d)
        };
    let opener = |t: &str| OpenerPolicy::parse(t).map(drop);
    let embedder = |t: &str| EmbedderPolicy::parse(t).map(drop);
    let coop = directive(spec.opener_policy, Site::OpenerPolicy, &opener);
    let coep = directive(spec.embedder_policy, Site::EmbedderPolicy, &embedder);
    let coop_ro = directive(
        spec.opener_policy_report_only,
        Site::OpenerPolicyReportOnly,
        &opener,
    );
    let coep_ro = directive(
        spec.embedder_policy_report_only,
        Site::EmbedderPolicyReportOnly,
        &embedder,
    );
    let checked = CheckedIsolation {
        resource_policy,
        opener_policy: typed(coop, OpenerPolicy::parse),
        embedder_policy: typed(coep, EmbedderPolicy::parse),
        opener_policy_report_only: typed(coop_ro, OpenerPolicy::parse),
        embedder_policy_report_only: typed(coep_ro, EmbedderPolicy::parse),
    };
    cross_checks(&checked, callers, &mut problems);
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(problems)
    }
}

/// A directive whose value parsed, typed.
fn typed<'a, V>(
    d: Option<Directive<'a>>,
    parse: fn(&str) -> Result<V, Fault>,
) -> Option<Checked<'a, V>> {
    let d = d?;
    parse(d.value).ok().map(|value| Checked {
        value,
        report_to: d.report_to,
    })
}

/// The index `Site::ReportTo` carries: which key's endpoint it is.
fn isolation_key(site: Site) -> u8 {
    match site {
        Site::OpenerPolicy => 0,
        Site::EmbedderPolicy => 1,
        Site::OpenerPolicyReportOnly => 2,
        _ => 3,
    }
}

const FETCH_CORP: &str = "Fetch standard, \"cross-origin resource policy check\"";

fn cross_checks(checked: &CheckedIsolation<'_>, callers: Callers, problems: &mut Vec<Problem>) {
    match (checked.resource_policy, callers.any) {
        (Some(ResourcePolicy::SameOrigin | ResourcePolicy::SameSite), Some(star)) => {
            let value = checked.resource_policy.map_or("", ResourcePolicy::as_str);
            problems.push(problem(
                Site::ResourcePolicy,
                Some(Site::Origin(star)),
                format!(
                    "`resource_policy = \"{value}\"` with `\"*\"` origins: every site may read this \
                     handler with CORS, yet the resource policy blocks other sites' `no-cors` \
                     loads (`<img>`, `<script>` without `crossorigin`) ({FETCH_CORP})"
                ),
                "write `resource_policy = \"cross-origin\"` for a resource any site may load, or \
                 list the origins that may read it"
                    .to_owned(),
            ));
        }
        (Some(ResourcePolicy::SameOrigin), None) if callers.cross_origin => {
            problems.push(problem(
                Site::ResourcePolicy,
                Some(Site::Origins),
                format!(
                    "`resource_policy = \"same-origin\"` blocks the `no-cors` loads (`<img>`, \
                     `<script>` without `crossorigin`) of the very origins `origins` allows to \
                     read this handler with CORS ({FETCH_CORP}: only CORS requests skip it)"
                ),
                "for loads by those pages write `resource_policy = \"same-site\"` (pages of this \
                 site) or `\"cross-origin\"`; for CORS reads only, remove `resource_policy`"
                    .to_owned(),
            ));
        }
        _ => {}
    }
    let html_coop = "HTML standard, \"Cross-origin opener policies\"";
    let html_coep = "HTML standard, \"Cross-origin embedder policies\"";
    if let Some(ro) = checked.opener_policy_report_only {
        report_only(
            ro.value == OpenerPolicy::UnsafeNone,
            checked.opener_policy.map(|c| c.value) == Some(ro.value),
            Site::OpenerPolicyReportOnly,
            Site::OpenerPolicy,
            ro.value.as_str(),
            html_coop,
            problems,
        );
    }
    if let Some(ro) = checked.embedder_policy_report_only {
        report_only(
            ro.value == EmbedderPolicy::UnsafeNone,
            checked.embedder_policy.map(|c| c.value) == Some(ro.value),
            Site::EmbedderPolicyReportOnly,
            Site::EmbedderPolicy,
            ro.value.as_str(),
            html_coep,
            problems,
        );
    }
}

fn report_only(
    unsafe_none: bool,
    same_as_enforced: bool,
    site: Site,
    enforced: Site,
    value: &str,
    section: &str,
    problems: &mut Vec<Problem>,
) {
    let key = site.key();
    if unsafe_none {
        problems.push(problem(
            site,
            None,
            format!(
                "`{key} = \"unsafe-none\"` never reports anything: `unsafe-none` restricts \
                 nothing, so nothing can violate it ({section})"
            ),
            format!("try a stricter value in `{key}`, or remove it"),
        ));
    } else if same_as_enforced {
        let enforced_key = enforced.key();
        problems.push(problem(
            site,
            Some(enforced),
            format!(
                "`{key}` repeats the enforced `{enforced_key} = \"{value}\"`: what it would report \
                 is already blocked, and reported by the enforced header when it has `report_to` \
                 ({section})"
            ),
            format!(
                "to get reports, give `{enforced_key}` a `report_to`; to try a stricter value first, \
                 use it here; else remove `{key}`"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(
            ResourcePolicy::parse("same-site"),
            Ok(ResourcePolicy::SameSite)
        );
        assert_eq!(
            OpenerPolicy::parse("noopener-allow-popups").map(OpenerPolicy::as_str),
            Ok("noopener-allow-popups")
        );
        let fault = EmbedderPolicy::parse("Require-Corp").unwrap_err();
        assert!(fault.message.contains("\"credentialless\""), "{fault:?}");
        assert_eq!(
            fault.help,
            "write \"require-corp\" (values are lowercase, without spaces)"
        );
        let fault = ResourcePolicy::parse("none").unwrap_err();
        assert!(fault.help.contains("\"cross-origin\""), "{fault:?}");
    }

    #[test]
    fn endpoints() {
        for ok in ["coop-endpoint", "a", "*", "a_b.c-d*9"] {
            assert!(check_endpoint(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Coop", "9a", "-a", "a b", "a\"b", "é"] {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
        assert!(check_endpoint("Coop")
            .unwrap_err()
            .help
            .contains("\"coop\""));
    }

    fn spec() -> IsolationSpec<'static> {
        IsolationSpec::default()
    }

    /// A spec, its callers, and the problems expected (site, piece of the message).
    type Rejected = (IsolationSpec<'static>, Callers, Vec<(Site, &'static str)>);

    #[test]
    fn rejects() {
        let any = Callers::of(&["*"], false);
        let listed = Callers::of(&["https://a.example"], false);
        let by_fn = Callers::of(&[], true);
        let none = Callers::default();
        let table: Vec<Rejected> = vec![
            (
                IsolationSpec {
                    resource_policy: Some("same-origin"),
                    ..spec()
                },
                listed,
                vec![(Site::ResourcePolicy, "the very origins")],
            ),
            (
                IsolationSpec {
                    resource_policy: Some("same-origin"),
                    ..spec()
                },
                by_fn,
                vec![(Site::ResourcePolicy, "the very origins")],
            ),
            (
                IsolationSpec {
                    resource_policy: Some("same-site"),
                    ..spec()
                },
                any,
                vec![(Site::ResourcePolicy, "`\"*\"` origins")],
            ),
            (
                IsolationSpec {
                    resource_policy: Some("same-origin"),
                    ..spec()
                },
                any,
                vec![(Site::ResourcePolicy, "`\"*\"` origins")],
            ),
            (
                IsolationSpec {
                    resource_policy: Some("cross"),
                    opener_policy: Some(Directive::new("same-origin").report_to("Bad")),
                    embedder_policy: Some(Directive::new("require_corp")),
                    ..spec()
                },
                none,
                vec![
                    (
                        Site::ResourcePolicy,
                        "not a Cross-Origin-Resource-Policy value",
                    ),
                    (Site::ReportTo(0), "not a reporting endpoint"),
                    (
                        Site::EmbedderPolicy,
                        "not a Cross-Origin-Embedder-Policy value",
                    ),
                ],
            ),
            (
                IsolationSpec {
                    opener_policy_report_only: Some(Directive::new("unsafe-none")),
                    embedder_policy: Some(Directive::new("credentialless")),
                    embedder_policy_report_only: Some(Directive::new("credentialless")),
                    ..spec()
                },
                none,
                vec![
                    (Site::OpenerPolicyReportOnly, "never reports"),
                    (Site::EmbedderPolicyReportOnly, "repeats the enforced"),
                ],
            ),
        ];
        for (spec, callers, expected) in table {
            let problems = check_isolation(&spec, callers).unwrap_err();
            let got: Vec<Site> = problems.iter().map(|p| p.site).collect();
            let want: Vec<Site> = expected.iter().map(|e| e.0).collect();
            assert_eq!(got, want, "{spec:?}: {problems:#?}");
            for (p, (_, piece)) in problems.iter().zip(&expected) {
                assert!(p.message.contains(piece), "{:?} lacks {piece:?}", p.message);
                assert!(p.help.as_deref().is_some_and(|h| !h.is_empty()));
            }
        }
    }

    #[test]
    fn accepts() {
        let listed = Callers::of(&["https://a.example"], false);
        let spec = IsolationSpec {
            resource_policy: Some("same-site"),
            opener_policy: Some(Directive::new("same-origin").report_to("coop")),
            embedder_policy: Some(Directive::new("require-corp")),
            opener_policy_report_only: Some(Directive::new("same-origin-allow-popups")),
            embedder_policy_report_only: Some(Directive::new("credentialless").report_to("coep")),
        };
        let checked = check_isolation(&spec, listed).unwrap();
        assert_eq!(checked.resource_policy, Some(ResourcePolicy::SameSite));
        assert_eq!(
            checked.opener_policy.unwrap().header_value(),
            "same-origin; report-to=\"coop\""
        );
        assert_eq!(
            checked.embedder_policy.unwrap().header_value(),
            "require-corp"
        );
        // Same-origin only: nothing to conflict with.
        let alone = IsolationSpec {
            resource_policy: Some("same-origin"),
            ..IsolationSpec::default()
        };
        assert!(check_isolation(&alone, Callers::default()).is_ok());
        assert!(IsolationSpec::default().is_empty());
    }
}
