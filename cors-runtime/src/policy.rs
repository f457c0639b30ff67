//! The CORS policy of one handler: what the `#[cors]` attribute writes as a `static`, and what
//! [`Policy::builder`](crate::Policy::builder) builds from configuration.
//!
//! Every field is const-constructible (`Cow::Borrowed`, `HeaderValue::from_static`), so the macro
//! emits a policy as static data with no allocation and no work at start-up. Header values the
//! policy always sends the same way (exposed headers, max age) are rendered once, when the policy
//! is made, never per request.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use http::HeaderValue;

use crate::origin::OriginIndex;

/// A list of names, borrowed from static data (macro) or owned (configuration).
pub(crate) type NameList = Cow<'static, [Cow<'static, str>]>;

/// The origins a policy allows, as the matcher (`origin.rs`) sees them: a view of the policy's
/// parts.
///
/// `exact` and `patterns` are kept sorted so that a lookup is a binary search: its cost grows with
/// the logarithm of the list, and it never allocates.
#[derive(Clone, Copy)]
pub(crate) struct AllowedOrigins<'a> {
    /// `*`: every origin. Never together with credentials.
    pub(crate) any: bool,
    /// Serialized origins (`https://app.example.com`), sorted bytewise, no duplicates.
    pub(crate) exact: &'a [Cow<'static, str>],
    /// Subdomain and port patterns, sorted by [`OriginPattern::host`].
    pub(crate) patterns: &'a [OriginPattern],
    /// Asked last, with an origin that passed the browser-serialization check.
    pub(crate) origin_fn: Option<&'a crate::origin_fn::OriginFn>,
    /// Where a long list's hash index is kept.
    pub(crate) index: &'a OnceLock<OriginIndex>,
}

/// A pattern origin: `https://*.example.com`, `http://localhost:*`, or both wildcards at once.
///
/// Public (hidden) only because generated code names it; nothing outside the crate reads it.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginPattern {
    /// Lowercase scheme without `://`.
    pub(crate) scheme: Cow<'static, str>,
    /// The host; with `subdomains` it is the suffix after `*.` (`example.com`).
    pub(crate) host: Cow<'static, str>,
    /// `*.` prefix: matches any non-empty sequence of labels before `host`, never `host` itself.
    pub(crate) subdomains: bool,
    pub(crate) port: Port,
}

/// The port part of an [`OriginPattern`]: the same type `cors-rules` parses an origin's port
/// into, so macro, builder and matcher share one definition.
pub(crate) use cors_rules::Port;

/// Allowed request headers (`Access-Control-Allow-Headers`) or exposed response headers
/// (`Access-Control-Expose-Headers`).
#[derive(Debug, Clone)]
pub enum HeaderNames {
    /// `*`. For allowed request headers it never covers `Authorization` (Fetch standard).
    Any,
    /// Lowercase names, sorted, no duplicates. May be empty. For allowed request headers it may
    /// also be exactly `["*", "authorization"]`: every header, `authorization` included.
    List(NameList),
}

/// One handler's CORS policy.
///
/// Made by `#[cors(...)]` (checked at compile time) or by [`Policy::builder`](crate::Policy::builder)
/// (checked when built). Generated code goes through a hidden constructor that refuses, at
/// compile time, a combination a browser would reject (any origin, headers or exposed headers with
/// credentials), so even a hand-written call to it cannot build such a policy.
#[derive(Clone)]
pub struct Policy {
    pub(crate) parts: PolicyParts,
    /// Set by `cors_policy!` only: what an attribute extending this policy must not add.
    pub(crate) named: Option<crate::named::OriginFacts>,
    /// Set by [`PolicyBuilder::origin_fn`](crate::PolicyBuilder::origin_fn) only.
    pub(crate) origin_fn: Option<crate::origin_fn::OriginFn>,
    /// Its cross-origin isolation keys (`isolation.rs`).
    pub(crate) isolation: Option<Cow<'static, crate::isolation::Isolation>>,
    /// The hash index of a long origin list, built on its first lookup (`origin.rs`); a cache,
    /// left out of `Debug`.
    pub(crate) index: OnceLock<OriginIndex>,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("parts", &self.parts)
            .field("named", &self.named)
            .field("origin_fn", &self.origin_fn)
            .field("isolation", &self.isolation)
            .finish()
    }
}

/// The parts of a [`Policy`], already checked and rendered. Only generated code (and the
/// configuration builder) fill this in; see [`Policy::__from_checked_parts`].
///
/// In a `static`, `origin_patterns` must borrow a separate `static [OriginPattern; N]` item:
/// `&[OriginPattern::__new(..)]` written inline is not promoted to a static (it calls a const fn),
/// while `Cow::Borrowed(&[Cow::Borrowed("..")])` is.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct PolicyParts {
    pub any_origin: bool,
    pub exact_origins: NameList,
    pub origin_patterns: Cow<'static, [OriginPattern]>,
    pub origins_as_written: NameList,
    pub credentials: bool,
    pub methods: Option<NameList>,
    pub allow_headers: HeaderNames,
    pub expose_headers: HeaderNames,
    /// Borrowed (from a separate `static`) in generated code, so a named policy's value can be
    /// shared by the policies that extend it (`named.rs`) without copying it at compile time.
    pub expose_value: Option<Cow<'static, HeaderValue>>,
    pub max_age: Option<u32>,
    pub max_age_value: Option<Cow<'static, HeaderValue>>,
    pub private_network: bool,
}

/// Whether `list` holds `*`, which a sorted list keeps first. A `const fn`, for
/// [`Policy::__from_checked_parts`].
const fn has_star(list: &NameList) -> bool {
    let list: &[Cow<'static, str>] = match list {
        Cow::Borrowed(list) => list,
        Cow::Owned(list) => list.as_slice(),
    };
    let first = match list.first() {
        Some(Cow::Borrowed(first)) => first.as_bytes(),
        Some(Cow::Owned(first)) => first.as_str().as_bytes(),
        None => return false,
    };
    matches!(first, [b'*'])
}

impl HeaderNames {
    /// `*`, alone or beside `authorization`. A `const fn`, for [`Policy::__from_checked_parts`].
    const fn has_star(&self) -> bool {
        match self {
            HeaderNames::Any => true,
            HeaderNames::List(list) => has_star(list),
        }
    }

    /// Whether this is `*`.
    pub fn is_any(&self) -> bool {
        matches!(self, HeaderNames::Any)
    }

    /// The listed names (lowercase, sorted); empty for `*`.
    pub fn names(&self) -> &[Cow<'static, str>] {
        match self {
            HeaderNames::Any => &[],
            HeaderNames::List(names) => names,
        }
    }
}

impl OriginPattern {
    /// For generated code: the parts have been checked by `cors-rules`.
    #[doc(hidden)]
    pub const fn __new(
        scheme: &'static str,
        host: &'static str,
        subdomains: bool,
        port: Port,
    ) -> Self {
        OriginPattern {
            scheme: Cow::Borrowed(scheme),
            host: Cow::Borrowed(host),
            subdomains,
            port,
        }
    }
}

impl Policy {
    /// For generated code and the configuration builder. The caller guarantees the parts passed
    /// the checks of `cors-rules` and are sorted as the field docs say. The combinations that would
    /// make a browser-visible wildcard meet credentials are refused here too: in a `static` (what
    /// the macro writes) the panic is a compile error, so a hand-written call cannot slip past
    /// the rules.
    ///
    /// ```
    /// use cors_runtime::__private_v1 as p;
    /// static POLICY: p::Policy = p::Policy::__from_checked_parts(p::PolicyParts {
    ///     any_origin: true,
    ///     exact_origins: p::Cow::Borrowed(&[]),
    ///     origin_patterns: p::Cow::Borrowed(&[]),
    ///     origins_as_written: p::Cow::Borrowed(&[p::Cow::Borrowed("*")]),
    ///     credentials: false,
    ///     methods: p::None,
    ///     allow_headers: p::HeaderNames::Any,
    ///     expose_headers: p::HeaderNames::Any,
    ///     expose_value: p::None,
    ///     max_age: p::None,
    ///     max_age_value: p::None,
    ///     private_network: false,
    /// });
    /// assert!(!POLICY.credentials());
    /// ```
    ///
    /// The same with credentials does not compile:
    ///
    /// ```compile_fail,E0080
    /// use cors_runtime::__private_v1 as p;
    /// static POLICY: p::Policy = p::Policy::__from_checked_parts(p::PolicyParts {
    ///     any_origin: true,
    ///     exact_origins: p::Cow::Borrowed(&[]),
    ///     origin_patterns: p::Cow::Borrowed(&[]),
    ///     origins_as_written: p::Cow::Borrowed(&[p::Cow::Borrowed("*")]),
    ///     credentials: true,
    ///     methods: p::None,
    ///     allow_headers: p::HeaderNames::List(p::Cow::Borrowed(&[])),
    ///     expose_headers: p::HeaderNames::List(p::Cow::Borrowed(&[])),
    ///     expose_value: p::None,
    ///     max_age: p::None,
    ///     max_age_value: p::None,
    ///     private_network: false,
    /// });
    /// ```
    ///
    /// Nor does a `*` method list with credentials:
    ///
    /// ```compile_fail,E0080
    /// use cors_runtime::__private_v1 as p;
    /// static POLICY: p::Policy = p::Policy::__from_checked_parts(p::PolicyParts {
    ///     any_origin: false,
    ///     exact_origins: p::Cow::Borrowed(&[p::Cow::Borrowed("https://a.test")]),
    ///     origin_patterns: p::Cow::Borrowed(&[]),
    ///     origins_as_written: p::Cow::Borrowed(&[p::Cow::Borrowed("https://a.test")]),
    ///     credentials: true,
    ///     methods: p::Some(p::Cow::Borrowed(&[p::Cow::Borrowed("*")])),
    ///     allow_headers: p::HeaderNames::List(p::Cow::Borrowed(&[])),
    ///     expose_headers: p::HeaderNames::List(p::Cow::Borrowed(&[])),
    ///     expose_value: p::None,
    ///     max_age: p::None,
    ///     max_age_value: p::None,
    ///     private_network: false,
    /// });
    /// ```
    #[doc(hidden)]
    pub const fn __from_checked_parts(parts: PolicyParts) -> Self {
        check_parts(&parts);
        Policy {
            parts,
            named: None,
            origin_fn: None,
            isolation: None,
            index: OnceLock::new(),
        }
    }

    /// For generated code: `origin_fn = path` in `#[cors]` (`named: None`) or in
    /// `cors_policy!` (`named: Some(..)`).
    #[doc(hidden)]
    pub const fn __with_origin_fn(
        parts: PolicyParts,
        origin_fn: fn(&crate::Origin<'_>) -> bool,
        named: Option<crate::named::OriginFacts>,
    ) -> Self {
        check_parts(&parts);
        Policy {
            parts,
            named,
            origin_fn: Some(crate::origin_fn::OriginFn::Static(origin_fn)),
            isolation: None,
            index: OnceLock::new(),
        }
    }

    /// For the merge (`named.rs`): parts checked, with an origin function kept as it is.
    pub(crate) const fn from_parts_and_fn(
        parts: PolicyParts,
        origin_fn: Option<fn(&crate::Origin<'_>) -> bool>,
    ) -> Self {
        check_parts(&parts);
        Policy {
            parts,
            named: None,
            origin_fn: match origin_fn {
                Some(f) => Some(crate::origin_fn::OriginFn::Static(f)),
                None => None,
            },
            isolation: None,
            index: OnceLock::new(),
        }
    }
}

/// The combinations that would make a browser-visible wildcard meet credentials. See
/// [`Policy::__from_checked_parts`].
const fn check_parts(parts: &PolicyParts) {
    {
        if parts.credentials {
            if parts.any_origin {
                panic!("a CORS policy cannot allow any origin (`*`) with credentials");
            }
            if parts.allow_headers.has_star() {
                panic!("a CORS policy cannot allow any header (`*`) with credentials");
            }
            if parts.expose_headers.has_star() {
                panic!("a CORS policy cannot expose any header (`*`) with credentials");
            }
            if let Some(methods) = &parts.methods {
                if has_star(methods) {
                    panic!("a CORS policy cannot allow any method (`*`) with credentials");
                }
            }
        }
    }
}

impl Policy {
    /// The origin matcher's view of the allowed origins.
    pub(crate) fn allowed_origins(&self) -> AllowedOrigins<'_> {
        AllowedOrigins {
            any: self.parts.any_origin,
            exact: &self.parts.exact_origins,
            patterns: &self.parts.origin_patterns,
            origin_fn: self.origin_fn.as_ref(),
            index: &self.index,
        }
    }

    /// The checked parts, for the engine's own files.
    pub(crate) fn parts(&self) -> &PolicyParts {
        &self.parts
    }

    /// The origins as written in the policy, in order (`*` for any origin).
    pub fn origins(&self) -> &[Cow<'static, str>] {
        &self.parts.origins_as_written
    }

    /// Whether origins not listed in [`origins`](Self::origins) are decided by a function
    /// ([`PolicyBuilder::origin_fn`](crate::PolicyBuilder::origin_fn)).
    pub fn has_origin_fn(&self) -> bool {
        self.origin_fn.is_some()
    }

    /// Whether credentialed requests (cookies, HTTP authentication) are allowed.
    pub fn credentials(&self) -> bool {
        self.parts.credentials
    }

    /// The explicitly allowed methods, or `None` when the policy allows the methods its handler is
    /// routed on.
    pub fn methods(&self) -> Option<&[Cow<'static, str>]> {
        self.parts.methods.as_deref()
    }

    /// The allowed request headers.
    pub fn allow_headers(&self) -> &HeaderNames {
        &self.parts.allow_headers
    }

    /// The response headers exposed to the page.
    pub fn expose_headers(&self) -> &HeaderNames {
        &self.parts.expose_headers
    }

    /// How long, in seconds, a browser may cache a successful preflight; `None` leaves it to the
    /// browser's default (5 seconds).
    pub fn max_age(&self) -> Option<u32> {
        self.parts.max_age
    }

    /// Whether a preflight asking for private network access is granted.
    pub fn private_network(&self) -> bool {
        self.parts.private_network
    }

    /// Whether this policy's answer depends on the request's origin, that is, whether every
    /// response must carry `Vary: Origin`. Only the any-origin policy without credentials answers
    /// every origin the same way (`*`).
    pub fn varies_by_origin(&self) -> bool {
        !self.parts.any_origin || self.parts.credentials
    }
}

impl fmt::Display for HeaderNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderNames::Any => f.write_str("*"),
            HeaderNames::List(names) => f.write_str(&names.join(", ")),
        }
    }
}

/// One line: `origins=[...] credentials methods=[...] headers=[...] expose=[...] max_age=N`,
/// leaving out what the policy does not set.
impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "origins=[{}]", self.origins().join(", "))?;
        if self.credentials() {
            f.write_str(" credentials")?;
        }
        if let Some(methods) = self.methods() {
            write!(f, " methods=[{}]", methods.join(", "))?;
        }
        let is_empty = |h: &HeaderNames| matches!(h, HeaderNames::List(l) if l.is_empty());
        if !is_empty(self.allow_headers()) {
            write!(f, " headers=[{}]", self.allow_headers())?;
        }
        if !is_empty(self.expose_headers()) {
            write!(f, " expose=[{}]", self.expose_headers())?;
        }
        if let Some(max_age) = self.max_age() {
            write!(f, " max_age={max_age}")?;
        }
        if self.private_network() {
            f.write_str(" private_network")?;
        }
        if self.origin_fn.is_some() {
            f.write_str(" origin_fn")?;
        }
        Ok(())
    }
}
