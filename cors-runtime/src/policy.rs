//! The CORS policy of one handler: what the `#[cors]` attribute writes as a `static`, and what
//! [`Policy::builder`](crate::Policy::builder) builds from configuration.
//!
//! Every field is const-constructible (`Cow::Borrowed`, `HeaderValue::from_static`), so the macro
//! emits a policy as static data with no allocation and no work at start-up. Header values the
//! policy always sends the same way (exposed headers, max age) are rendered once, when the policy
//! is made, never per request.

use std::borrow::Cow;

use http::HeaderValue;

/// A list of names, borrowed from static data (macro) or owned (configuration).
pub type NameList = Cow<'static, [Cow<'static, str>]>;

/// The origins a policy allows.
///
/// `exact` and `patterns` are kept sorted so that a lookup is a binary search: its cost grows with
/// the logarithm of the list, and it never allocates.
#[derive(Debug, Clone)]
pub struct AllowedOrigins {
    /// `*`: every origin. Never together with credentials.
    pub(crate) any: bool,
    /// Serialized origins (`https://app.example.com`), sorted bytewise, no duplicates.
    pub(crate) exact: NameList,
    /// Subdomain and port patterns, sorted by [`OriginPattern::host`].
    pub(crate) patterns: Cow<'static, [OriginPattern]>,
    /// The origins exactly as the user wrote them, in order: for the policy table and docs.
    pub(crate) as_written: NameList,
}

/// A pattern origin: `https://*.example.com`, `http://localhost:*`, or both wildcards at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginPattern {
    /// Lowercase scheme without `://`.
    pub(crate) scheme: Cow<'static, str>,
    /// The host; with `subdomains` it is the suffix after `*.` (`example.com`).
    pub(crate) host: Cow<'static, str>,
    /// `*.` prefix: matches any non-empty sequence of labels before `host`, never `host` itself.
    pub(crate) subdomains: bool,
    pub(crate) port: PortPattern,
}

/// The port part of an [`OriginPattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortPattern {
    /// No port in the origin (the scheme's default port).
    Default,
    /// An explicit, non-default port.
    Exact(u16),
    /// `:*`: any port, and also no port.
    Any,
}

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
/// (checked when built). There is no other way to make one, so every `Policy` is valid: never `*`
/// together with credentials, no forbidden header names, and so on.
#[derive(Debug, Clone)]
pub struct Policy {
    pub(crate) origins: AllowedOrigins,
    pub(crate) credentials: bool,
    /// `None`: the methods the handler is routed on.
    pub(crate) methods: Option<NameList>,
    pub(crate) allow_headers: HeaderNames,
    pub(crate) expose_headers: HeaderNames,
    /// Rendered `Access-Control-Expose-Headers`, `None` when nothing is exposed.
    pub(crate) expose_value: Option<HeaderValue>,
    pub(crate) max_age: Option<u32>,
    /// Rendered `Access-Control-Max-Age`.
    pub(crate) max_age_value: Option<HeaderValue>,
    pub(crate) private_network: bool,
}

/// The parts of a [`Policy`], already checked and rendered. Only generated code (and the
/// configuration builder) fill this in; see [`Policy::__from_checked_parts`].
///
/// In a `static`, `origin_patterns` must borrow a separate `static [OriginPattern; N]` item:
/// `&[OriginPattern::__new(..)]` written inline is not promoted to a static (it calls a const fn),
/// while `Cow::Borrowed(&[Cow::Borrowed("..")])` is.
#[doc(hidden)]
pub struct PolicyParts {
    pub any_origin: bool,
    pub exact_origins: NameList,
    pub origin_patterns: Cow<'static, [OriginPattern]>,
    pub origins_as_written: NameList,
    pub credentials: bool,
    pub methods: Option<NameList>,
    pub allow_headers: HeaderNames,
    pub expose_headers: HeaderNames,
    pub expose_value: Option<HeaderValue>,
    pub max_age: Option<u32>,
    pub max_age_value: Option<HeaderValue>,
    pub private_network: bool,
}

impl HeaderNames {
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
        port: PortPattern,
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
    /// the checks of `cors-rules` and are sorted as the field docs say; nothing is checked here.
    #[doc(hidden)]
    pub const fn __from_checked_parts(parts: PolicyParts) -> Self {
        // A const fn cannot move the fields out of a struct argument that has drop glue (the
        // checker does not see that nothing is left to drop), so each field is read out of a
        // `ManuallyDrop` exactly once instead.
        let parts = std::mem::ManuallyDrop::new(parts);
        // `ManuallyDrop` is `repr(transparent)`: a pointer to it is a pointer to the parts.
        let p: *const PolicyParts = (&parts as *const std::mem::ManuallyDrop<PolicyParts>).cast();
        // SAFETY: `parts` is never dropped and each field is read exactly once, so every value is
        // moved into the new `Policy` and none is duplicated or leaked.
        unsafe {
            Policy {
                origins: AllowedOrigins {
                    any: (*p).any_origin,
                    exact: std::ptr::read(&(*p).exact_origins),
                    patterns: std::ptr::read(&(*p).origin_patterns),
                    as_written: std::ptr::read(&(*p).origins_as_written),
                },
                credentials: (*p).credentials,
                methods: std::ptr::read(&(*p).methods),
                allow_headers: std::ptr::read(&(*p).allow_headers),
                expose_headers: std::ptr::read(&(*p).expose_headers),
                expose_value: std::ptr::read(&(*p).expose_value),
                max_age: (*p).max_age,
                max_age_value: std::ptr::read(&(*p).max_age_value),
                private_network: (*p).private_network,
            }
        }
    }

    /// The origins as written in the policy, in order (`*` for any origin).
    pub fn origins(&self) -> &[Cow<'static, str>] {
        &self.origins.as_written
    }

    /// Whether credentialed requests (cookies, HTTP authentication) are allowed.
    pub fn credentials(&self) -> bool {
        self.credentials
    }

    /// The explicitly allowed methods, or `None` when the policy allows the methods its handler is
    /// routed on.
    pub fn methods(&self) -> Option<&[Cow<'static, str>]> {
        self.methods.as_deref()
    }

    /// The allowed request headers.
    pub fn allow_headers(&self) -> &HeaderNames {
        &self.allow_headers
    }

    /// The response headers exposed to the page.
    pub fn expose_headers(&self) -> &HeaderNames {
        &self.expose_headers
    }

    /// How long, in seconds, a browser may cache a successful preflight; `None` leaves it to the
    /// browser's default (5 seconds).
    pub fn max_age(&self) -> Option<u32> {
        self.max_age
    }

    /// Whether a preflight asking for private network access is granted.
    pub fn private_network(&self) -> bool {
        self.private_network
    }

    /// Whether this policy's answer depends on the request's origin, that is, whether every
    /// response must carry `Vary: Origin`. Only the any-origin policy without credentials answers
    /// every origin the same way (`*`).
    pub fn varies_by_origin(&self) -> bool {
        !self.origins.any || self.credentials
    }
}
