//! A policy as written, before the policy check ([`check_policy`](crate::check_policy)) judges it:
//! what the origin and name-list checks read, so they need not import the check that calls them.

use crate::problem::Site;

/// A policy as written by the user (in `#[cors(...)]` or in configuration), not yet checked.
///
/// Built with [`PolicySpec::new`] and the setters named after the keys, so new keys can be added
/// without breaking callers:
///
/// ```
/// use cors_rules::{check_policy, PolicySpec};
///
/// let spec = PolicySpec::new(vec!["https://app.example.com"])
///     .credentials(true)
///     .methods(Some(vec!["GET", "PATCH"]))
///     .max_age(Some(600));
/// assert!(check_policy(&spec).is_ok());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PolicySpec<'a> {
    /// Allowed origins: serialized origins, patterns, or `"*"`.
    pub origins: Vec<&'a str>,
    /// Whether credentialed requests are allowed.
    pub credentials: bool,
    /// Allowed methods; `None` means the methods the handler is routed on.
    pub methods: Option<Vec<&'a str>>,
    /// Allowed request headers; `["*"]` means any (except `Authorization`).
    pub headers: Vec<&'a str>,
    /// Exposed response headers; `["*"]` means any.
    pub expose: Vec<&'a str>,
    /// Preflight cache lifetime in seconds.
    pub max_age: Option<u64>,
    /// Whether to grant private network access on preflights that ask for it.
    pub private_network: bool,
    /// The dangerous opt-out: allow non-https, non-loopback origins together with credentials.
    pub dangerously_allow_insecure_origins: bool,
    /// The cross-origin isolation keys (`resource_policy`, `opener_policy`, ...).
    pub isolation: crate::isolation::IsolationSpec<'a>,
}

impl<'a> PolicySpec<'a> {
    /// A policy allowing `origins`, with every other key unset.
    pub fn new(origins: Vec<&'a str>) -> Self {
        PolicySpec {
            origins,
            ..PolicySpec::default()
        }
    }

    /// `credentials`.
    #[must_use]
    pub fn credentials(mut self, on: bool) -> Self {
        self.credentials = on;
        self
    }

    /// `methods`; `None` for the routed methods.
    #[must_use]
    pub fn methods(mut self, methods: Option<Vec<&'a str>>) -> Self {
        self.methods = methods;
        self
    }

    /// `headers`.
    #[must_use]
    pub fn headers(mut self, headers: Vec<&'a str>) -> Self {
        self.headers = headers;
        self
    }

    /// `expose`.
    #[must_use]
    pub fn expose(mut self, expose: Vec<&'a str>) -> Self {
        self.expose = expose;
        self
    }

    /// `max_age`.
    #[must_use]
    pub fn max_age(mut self, seconds: Option<u64>) -> Self {
        self.max_age = seconds;
        self
    }

    /// `private_network`.
    #[must_use]
    pub fn private_network(mut self, on: bool) -> Self {
        self.private_network = on;
        self
    }

    /// `dangerously_allow_insecure_origins`.
    #[must_use]
    pub fn dangerously_allow_insecure_origins(mut self, on: bool) -> Self {
        self.dangerously_allow_insecure_origins = on;
        self
    }

    /// The cross-origin isolation keys.
    #[must_use]
    pub fn isolation(mut self, isolation: crate::isolation::IsolationSpec<'a>) -> Self {
        self.isolation = isolation;
        self
    }

    /// The entry of a list a site points at, as written.
    pub fn entry(&self, site: Site) -> Option<&'a str> {
        let i = site.index()?;
        match site {
            Site::Origin(_) => self.origins.get(i).copied(),
            Site::Method(_) => self.methods.as_ref()?.get(i).copied(),
            Site::Header(_) => self.headers.get(i).copied(),
            Site::Exposed(_) => self.expose.get(i).copied(),
            _ => None,
        }
    }

    /// Where a problem is, as a configuration user finds it: `origins[1] ("https://x.com/")`.
    pub fn label(&self, site: Site) -> String {
        site.label(self.entry(site))
    }
}

/// A list of header names after checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    /// `*`.
    Any,
    /// Lowercase, sorted, deduplicated; may be empty. For allowed request headers it may also be
    /// exactly `["*", "authorization"]`: every header, `authorization` included (`*` alone never
    /// covers it).
    List(Vec<String>),
}

impl Names {
    /// The header value announcing these names: `*`, `a,b`, or `None` when the list is empty.
    pub fn header_value(&self) -> Option<String> {
        match self {
            Names::Any => Some("*".to_owned()),
            Names::List(list) if list.is_empty() => None,
            Names::List(list) => Some(list.join(",")),
        }
    }
}
