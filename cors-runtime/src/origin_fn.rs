//! Origin functions: a policy that asks your code whether an origin is allowed, for
//! multi-tenant services whose origins live in a database.
//!
//! The function only ever sees an origin as a browser serializes it (checked by the same parser
//! that matches patterns, `origin.rs`): never `null`, never longer than
//! [`MAX_ORIGIN_LEN`](crate::engine::MAX_ORIGIN_LEN), never a default port spelled out, never
//! uppercase or bytes outside a host name. When it says yes, the response echoes that exact
//! origin (never `*`, credentials or not) and carries `Vary: Origin` like any origin-dependent
//! answer. It runs on every CORS request (every preflight and every actual request with an
//! `Origin` the policy's listed origins do not already allow): keep it fast and non-blocking.

use std::fmt;
use std::sync::Arc;

/// A request's origin, as handed to an origin function: `scheme://host[:port]`, already checked
/// to be what a browser sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin<'a> {
    serialized: &'a str,
    scheme: &'a str,
    host: &'a str,
    port: Option<u16>,
}

impl<'a> Origin<'a> {
    pub(crate) fn new(
        serialized: &'a str,
        scheme: &'a str,
        host: &'a str,
        port: Option<u16>,
    ) -> Self {
        Origin {
            serialized,
            scheme,
            host,
            port,
        }
    }

    /// The whole origin as the request sent it (`https://tenant.example.com:8443`): what the
    /// response echoes.
    pub fn as_str(&self) -> &'a str {
        self.serialized
    }

    /// The scheme, lowercase, without `://`.
    pub fn scheme(&self) -> &'a str {
        self.scheme
    }

    /// The host: a lowercase name (punycode for international names), an IPv4 address, or an
    /// IPv6 address in brackets.
    pub fn host(&self) -> &'a str {
        self.host
    }

    /// The port, when not the scheme's default.
    pub fn port(&self) -> Option<u16> {
        self.port
    }
}

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.serialized)
    }
}

/// The function of [`PolicyBuilder::origin_fn`](crate::PolicyBuilder::origin_fn) (a closure)
/// or of `origin_fn = path` in `#[cors]` / `cors_policy!` (a plain fn, const-constructible).
#[derive(Clone)]
pub(crate) enum OriginFn {
    Static(fn(&Origin<'_>) -> bool),
    Shared(Arc<dyn Fn(&Origin<'_>) -> bool + Send + Sync>),
}

impl OriginFn {
    pub(crate) fn call(&self, origin: &Origin<'_>) -> bool {
        match self {
            OriginFn::Static(f) => f(origin),
            OriginFn::Shared(f) => f(origin),
        }
    }
}

impl fmt::Debug for OriginFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OriginFn(..)")
    }
}
