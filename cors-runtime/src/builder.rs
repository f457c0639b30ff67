//! Policies from configuration: the same rules as `#[cors(...)]`, checked when the policy is
//! built instead of at compile time.
//!
//! A configuration read at start-up (environment, file) can be wrong in ways the compiler never
//! sees. [`PolicyBuilder::build`] runs the checks of `cors-rules` the attribute runs and returns
//! every problem at once in a [`PolicyError`], rather than panicking, so a service can report its
//! configuration mistakes instead of restarting in a loop.

use std::borrow::Cow;
use std::fmt;

use cors_rules::{check_policy, CheckedPolicy, Names, PolicySpec, Problem};
use http::HeaderValue;

use crate::policy::{HeaderNames, NameList, OriginPattern, PolicyParts};
use crate::Policy;

/// Builds a [`Policy`] at run time. Its setters mirror the keys of `#[cors(...)]`.
///
/// ```
/// use cors_runtime::Policy;
///
/// let policy = Policy::builder()
///     .origins(["https://app.example.com", "https://*.example.com"])
///     .credentials(true)
///     .headers(["content-type", "x-request-id"])
///     .expose(["x-request-id"])
///     .max_age(600)
///     .build()?;
/// assert!(policy.allows_origin(b"https://eu.example.com"));
///
/// let error = Policy::builder().origins(["*"]).credentials(true).build().unwrap_err();
/// assert_eq!(error.problems().len(), 1);
/// # Ok::<(), cors_runtime::PolicyError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct PolicyBuilder {
    origins: Vec<String>,
    credentials: bool,
    methods: Option<Vec<String>>,
    headers: Vec<String>,
    expose: Vec<String>,
    max_age: Option<u64>,
    private_network: bool,
    dangerously_allow_insecure_origins: bool,
    origin_fn: Option<crate::origin_fn::OriginFn>,
    /// `resource_policy`, `opener_policy`, ... (`isolation/config.rs`).
    pub(crate) isolation: crate::isolation::IsolationKeys,
}

impl Policy {
    /// Starts a policy read from configuration; see [`PolicyBuilder`].
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }
}

fn strings<I>(items: I) -> impl Iterator<Item = String>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    items.into_iter().map(Into::into)
}

impl PolicyBuilder {
    /// `origins`: adds allowed origins: serialized origins (`https://app.example.com`),
    /// patterns (`https://*.example.com`, `http://localhost:*`), or `*` alone.
    pub fn origins<I>(mut self, origins: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.origins.extend(strings(origins));
        self
    }

    /// `credentials`: whether credentialed requests (cookies, HTTP authentication) are allowed.
    pub fn credentials(mut self, credentials: bool) -> Self {
        self.credentials = credentials;
        self
    }

    /// `methods`: adds allowed methods (case-sensitive, as browsers compare them). Without any,
    /// the policy allows the methods its handler is routed on.
    pub fn methods<I>(mut self, methods: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.methods
            .get_or_insert_with(Vec::new)
            .extend(strings(methods));
        self
    }

    /// `headers`: adds allowed request headers, or `*` (which never covers `authorization`:
    /// add `authorization` beside `*` to allow it too).
    pub fn headers<I>(mut self, headers: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.headers.extend(strings(headers));
        self
    }

    /// `expose`: adds response headers the page may read, or `*` alone.
    pub fn expose<I>(mut self, expose: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.expose.extend(strings(expose));
        self
    }

    /// `max_age`: how long, in seconds, browsers may cache a successful preflight (at most
    /// 86400).
    pub fn max_age(mut self, seconds: u64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// `private_network`: grant private network access to preflights that ask for it.
    pub fn private_network(mut self, private_network: bool) -> Self {
        self.private_network = private_network;
        self
    }

    /// `dangerously_allow_insecure_origins`: allow non-https, non-loopback origins together with
    /// credentials. Anyone on the network path can impersonate such an origin.
    pub fn dangerously_allow_insecure_origins(mut self, allow: bool) -> Self {
        self.dangerously_allow_insecure_origins = allow;
        self
    }

    /// Delegates the origin decision to `f`, for origins not listed in
    /// [`origins`](Self::origins) (which may then be left empty): multi-tenant services whose
    /// origins live in a database.
    ///
    /// `f` sees only an origin a browser could have sent ([`Origin`](crate::Origin)): never
    /// `null`, never longer than [`MAX_ORIGIN_LEN`](crate::engine::MAX_ORIGIN_LEN), never with
    /// uppercase letters, a path or a default port. When it returns `true` the response echoes
    /// that exact origin, never `*` (with credentials or without), and carries `Vary: Origin`.
    /// It runs on every CORS request whose origin is not listed, preflights included: keep it
    /// fast, and never block in it (look tenants up in memory, not over the network).
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use std::sync::Arc;
    /// use cors_runtime::{Origin, Policy};
    ///
    /// let tenants: Arc<HashSet<String>> = Arc::new(["acme.example.com".to_owned()].into());
    /// let policy = Policy::builder()
    ///     .origin_fn(move |origin: &Origin<'_>| {
    ///         origin.scheme() == "https" && tenants.contains(origin.host())
    ///     })
    ///     .credentials(true)
    ///     .build()?;
    /// assert!(policy.allows_origin(b"https://acme.example.com"));
    /// assert!(!policy.allows_origin(b"https://ACME.example.com"));
    /// assert!(!policy.allows_origin(b"null"));
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    pub fn origin_fn(
        mut self,
        f: impl Fn(&crate::Origin<'_>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.origin_fn = Some(crate::origin_fn::OriginFn::Shared(std::sync::Arc::new(f)));
        self
    }

    /// Checks the policy with the rules `#[cors]` applies at compile time and builds it, or
    /// returns every problem found.
    pub fn build(&self) -> Result<Policy, PolicyError> {
        // With an origin function and no listed origins, the other keys are checked beside a
        // stand-in origin that is removed again below.
        let stand_in = self.origin_fn.is_some() && self.origins.is_empty();
        let origins = if stand_in {
            vec!["https://example.com"]
        } else {
            self.origins.iter().map(String::as_str).collect()
        };
        let spec = PolicySpec::new(origins)
            .credentials(self.credentials)
            .methods(
                self.methods
                    .as_ref()
                    .map(|m| m.iter().map(String::as_str).collect()),
            )
            .headers(self.headers.iter().map(String::as_str).collect())
            .expose(self.expose.iter().map(String::as_str).collect())
            .max_age(self.max_age)
            .private_network(self.private_network)
            .dangerously_allow_insecure_origins(self.dangerously_allow_insecure_origins)
            .isolation(self.isolation.spec());
        match check_policy(&spec) {
            Ok(checked) => {
                let isolation = crate::isolation::from_checked(&checked.isolation);
                let mut policy = policy_from(checked);
                policy.isolation = isolation;
                if stand_in {
                    policy.parts.exact_origins = Cow::Borrowed(&[]);
                    policy.parts.origins_as_written = Cow::Borrowed(&[]);
                }
                policy.origin_fn = self.origin_fn.clone();
                Ok(policy)
            }
            Err(problems) => Err(PolicyError::new(&spec, problems)),
        }
    }
}

fn owned_list<'a>(items: impl IntoIterator<Item = &'a str>) -> NameList {
    Cow::Owned(
        items
            .into_iter()
            .map(|s| Cow::Owned(s.to_owned()))
            .collect(),
    )
}

fn header_names(names: Names) -> HeaderNames {
    match names {
        Names::Any => HeaderNames::Any,
        Names::List(list) => {
            HeaderNames::List(Cow::Owned(list.into_iter().map(Cow::Owned).collect()))
        }
    }
}

fn policy_from(checked: CheckedPolicy<'_>) -> Policy {
    // Checked names are tokens, always valid in a header value; `None` is unreachable.
    let expose_value = checked
        .expose_headers
        .header_value()
        .and_then(|v| HeaderValue::try_from(v).ok())
        .map(Cow::Owned);
    let patterns = checked
        .origin_patterns
        .iter()
        .map(|p| OriginPattern {
            scheme: Cow::Owned(p.scheme.to_owned()),
            host: Cow::Owned(p.host.to_owned()),
            subdomains: p.subdomains,
            port: p.port,
        })
        .collect();
    Policy::__from_checked_parts(PolicyParts {
        any_origin: checked.any_origin,
        // Sorted bytewise and by host by `check_policy`, as matching requires.
        exact_origins: owned_list(checked.exact_origins.iter().copied()),
        origin_patterns: Cow::Owned(patterns),
        origins_as_written: owned_list(checked.origins_as_written.iter().copied()),
        credentials: checked.credentials,
        methods: checked
            .methods
            .as_ref()
            .map(|m| owned_list(m.iter().copied())),
        allow_headers: header_names(checked.allow_headers),
        expose_headers: header_names(checked.expose_headers),
        expose_value,
        max_age: checked.max_age,
        max_age_value: checked.max_age.map(|s| Cow::Owned(HeaderValue::from(s))),
        private_network: checked.private_network,
    })
}

/// Every problem of a policy that failed its checks. `Display` lists them all, one per line, each
/// with the configuration key (and entry) it concerns.
#[derive(Debug, Clone)]
pub struct PolicyError {
    problems: Vec<Problem>,
    /// Where each problem is, as the user would find it: `origins[1] ("https://x.com/")`.
    places: Vec<String>,
}

impl PolicyError {
    fn new(spec: &PolicySpec<'_>, problems: Vec<Problem>) -> Self {
        let places = problems.iter().map(|p| spec.label(p.site)).collect();
        PolicyError { problems, places }
    }

    /// The problems, in the order of the policy's fields.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "invalid CORS policy ({n} problem{}):",
            if n == 1 { "" } else { "s" }
        )?;
        for (problem, place) in self.problems.iter().zip(&self.places) {
            write!(f, "\n  - {place}: {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{header_map, header_pairs, owned_pairs};
    use crate::RoutedMethods;
    use cors_rules::Site;

    #[test]
    fn a_valid_policy_behaves_as_written() {
        let policy = Policy::builder()
            .origins(["https://example.com", "https://*.example.com"])
            .origins(["http://localhost:*"])
            .credentials(true)
            .methods(["PUT", "PATCH"])
            .headers(["X-B", "content-type"])
            .expose(["x-total", "X-Page"])
            .max_age(600)
            .private_network(true)
            .build()
            .unwrap();
        assert_eq!(
            policy.origins(),
            [
                "https://example.com",
                "https://*.example.com",
                "http://localhost:*"
            ]
        );
        for (origin, allowed) in [
            ("https://example.com", true),
            ("https://a.b.example.com", true),
            ("http://localhost:3000", true),
            ("https://evilexample.com", false),
            ("https://example.com.evil.net", false),
            ("https://example.com_.evil.com", false),
        ] {
            assert_eq!(policy.allows_origin(origin.as_bytes()), allowed, "{origin}");
        }
        let answer = policy.preflight(
            &header_map(&[
                ("origin", "https://a.example.com"),
                ("access-control-request-method", "PATCH"),
                ("access-control-request-headers", "content-type,x-b"),
                ("access-control-request-private-network", "true"),
            ]),
            RoutedMethods::Any,
        );
        assert_eq!(answer.status, 204);
        assert_eq!(
            header_pairs(&answer.headers),
            owned_pairs(&[
                ("access-control-allow-origin", "https://a.example.com"),
                ("access-control-allow-credentials", "true"),
                ("access-control-allow-methods", "PATCH"),
                ("access-control-allow-headers", "content-type,x-b"),
                ("access-control-max-age", "600"),
                ("access-control-allow-private-network", "true"),
                (
                    "vary",
                    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
                ),
            ])
        );
        let lowercase = policy.preflight(
            &header_map(&[
                ("origin", "https://a.example.com"),
                ("access-control-request-method", "patch"),
            ]),
            RoutedMethods::Any,
        );
        assert_eq!(lowercase.status, 403);
        let mut response = http::HeaderMap::new();
        policy.decorate(
            Some(&HeaderValue::from_static("https://example.com")),
            &mut response,
        );
        assert_eq!(
            header_pairs(&response),
            owned_pairs(&[
                ("access-control-allow-origin", "https://example.com"),
                ("access-control-allow-credentials", "true"),
                ("access-control-expose-headers", "x-page,x-total"),
                ("vary", "Origin"),
            ])
        );
    }

    #[test]
    fn any_origin() {
        let policy = Policy::builder()
            .origins(["*"])
            .headers(["*"])
            .build()
            .unwrap();
        assert!(!policy.varies_by_origin());
        assert!(policy.allows_origin(b"https://anything.test"));
        assert!(policy.allow_headers().is_any());
        assert!(policy.allow_headers().names().is_empty());
    }

    #[test]
    fn every_problem_is_reported() {
        let error = Policy::builder()
            .origins(["*", "https://App.example.com/"])
            .credentials(true)
            .headers(["cookie"])
            .max_age(100_000)
            .build()
            .unwrap_err();
        let sites: Vec<Site> = error.problems().iter().map(|p| p.site).collect();
        assert!(sites.len() >= 5, "{error}");
        assert!(sites.contains(&Site::Origin(0)), "{error}");
        assert!(sites.contains(&Site::Origin(1)), "{error}");
        assert!(sites.contains(&Site::Header(0)), "{error}");
        assert!(sites.contains(&Site::MaxAge), "{error}");
        let text = error.to_string();
        assert!(
            text.starts_with(&format!(
                "invalid CORS policy ({} problems):\n  - origins[0] (\"*\"): ",
                sites.len()
            )),
            "{text}"
        );
        assert!(
            text.contains("\n  - origins[1] (\"https://App.example.com/\"): "),
            "{text}"
        );
        assert!(text.contains("\n  - headers[0] (\"cookie\"): "), "{text}");
        assert!(text.contains("\n  - max_age: "), "{text}");
        assert_eq!(text.lines().count(), sites.len() + 1, "{text}");
    }

    #[test]
    fn one_problem() {
        let error = Policy::builder().build().unwrap_err();
        assert_eq!(error.problems().len(), 1);
        assert_eq!(error.problems()[0].site, Site::Origins);
        let text = error.to_string();
        assert!(
            text.starts_with("invalid CORS policy (1 problem):\n  - origins: no origins"),
            "{text}"
        );
    }

    #[test]
    fn dangerously_allow_insecure_origins() {
        let http_with_credentials = || {
            Policy::builder()
                .origins(["http://intranet.corp"])
                .credentials(true)
        };
        let error = http_with_credentials().build().unwrap_err();
        assert_eq!(error.problems()[0].site, Site::Origin(0));
        let policy = http_with_credentials()
            .dangerously_allow_insecure_origins(true)
            .build()
            .unwrap();
        assert!(policy.allows_origin(b"http://intranet.corp"));
    }
}
