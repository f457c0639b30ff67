//! Decorating the response to an actual (non-preflight) request.
//!
//! The handler always runs: CORS is enforced by the browser, which hides a response it was not
//! allowed to read. The server's part is to say, on every response (success, error, or an
//! extractor's rejection), whether the page may read it.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::vary::append_vary_origin;
use crate::Policy;

/// The response headers of the CORS protocol. The policy is the one authority on them: a value
/// a handler set itself (a leftover from a hand-written CORS layer, say) would contradict it.
static CORS_RESPONSE_HEADERS: [HeaderName; 7] = [
    ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_ALLOW_CREDENTIALS,
    ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_EXPOSE_HEADERS,
    ACCESS_CONTROL_MAX_AGE,
    HeaderName::from_static("access-control-allow-private-network"),
];

impl Policy {
    /// Decorates the handler's response headers for a request whose `Origin` header was
    /// `request_origin` (`None` when it had none).
    ///
    /// First removes any CORS response header the handler set. Then, for an allowed origin, sets
    /// exactly one `Access-Control-Allow-Origin` (the request's origin, or `*` for the any-origin
    /// policy without credentials), `Access-Control-Allow-Credentials: true` with credentials and
    /// `Access-Control-Expose-Headers` when the policy exposes headers. A disallowed or absent
    /// origin gets no CORS header. Finally, when the answer depends on the origin
    /// ([`varies_by_origin`](Policy::varies_by_origin)), appends `Origin` to `Vary`, keeping the
    /// handler's own `Vary` values.
    pub fn decorate(&self, request_origin: Option<&HeaderValue>, response: &mut HeaderMap) {
        for name in &CORS_RESPONSE_HEADERS {
            response.remove(name);
        }
        if let Some(origin) = request_origin.filter(|o| self.origins.allows(o.as_bytes())) {
            let allow_origin = if self.origins.any && !self.credentials {
                HeaderValue::from_static("*")
            } else {
                origin.clone()
            };
            response.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
            if self.credentials {
                response.insert(
                    ACCESS_CONTROL_ALLOW_CREDENTIALS,
                    HeaderValue::from_static("true"),
                );
            }
            if let Some(expose) = &self.expose_value {
                response.insert(ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
            }
        }
        if self.varies_by_origin() {
            append_vary_origin(response);
        }
    }
}
