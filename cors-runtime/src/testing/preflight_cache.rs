//! The CORS-preflight cache, as Chromium keeps it: one entry per page origin and URL, holding what
//! the last successful preflight granted, for `Access-Control-Max-Age` seconds (5 when absent, at
//! most 7200). A request the entry covers skips its preflight.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use http::Method;

use super::preflight::Grant;

/// Chromium's lifetime for an entry whose preflight sent no (valid) `Access-Control-Max-Age`.
const DEFAULT_MAX_AGE: Duration = Duration::from_secs(5);
/// Chromium's cap on `Access-Control-Max-Age`.
const MAX_MAX_AGE: Duration = Duration::from_secs(7200);
/// Past this many entries the expired ones go, then the whole cache: a long test run stays small.
const MAX_ENTRIES: usize = 1024;

#[derive(Debug, Default)]
pub(super) struct PreflightCache {
    entries: HashMap<(String, String), Entry>,
}

#[derive(Debug)]
struct Entry {
    grant: Grant,
    /// Whether the preflight was made for a credentialed request.
    credentials: bool,
    expires: Instant,
}

impl PreflightCache {
    /// Keeps what a successful preflight granted, replacing the entry for the same origin and URL.
    pub(super) fn store(
        &mut self,
        key: (&str, &str),
        credentials: bool,
        grant: Grant,
        max_age: Option<&str>,
        now: Instant,
    ) {
        if self.entries.len() >= MAX_ENTRIES {
            self.entries.retain(|_, e| e.expires > now);
            if self.entries.len() >= MAX_ENTRIES {
                self.entries.clear();
            }
        }
        let entry = Entry {
            grant,
            credentials,
            expires: now + lifetime(max_age),
        };
        self.entries
            .insert((key.0.to_owned(), key.1.to_owned()), entry);
    }

    /// Whether a live entry lets this request skip its preflight. An entry made without
    /// credentials never serves a credentialed request.
    pub(super) fn covers(
        &self,
        key: (&str, &str),
        credentials: bool,
        method: &Method,
        unsafe_names: &[&str],
        now: Instant,
    ) -> bool {
        let Some(entry) = self.entries.get(&(key.0.to_owned(), key.1.to_owned())) else {
            return false;
        };
        entry.expires > now
            && (entry.credentials || !credentials)
            && entry
                .grant
                .allows(entry.credentials, method, unsafe_names)
                .is_ok()
    }
}

/// An entry's lifetime from `Access-Control-Max-Age`: a decimal number of seconds, negative
/// meaning 0 (not cached), capped at 7200; anything unparsable means the 5-second default.
fn lifetime(max_age: Option<&str>) -> Duration {
    match max_age.map(|v| v.trim().parse::<i64>()) {
        Some(Ok(seconds)) if seconds <= 0 => Duration::ZERO,
        Some(Ok(seconds)) => Duration::from_secs(seconds as u64).min(MAX_MAX_AGE),
        _ => DEFAULT_MAX_AGE,
    }
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, StatusCode};

    use super::super::preflight::check_preflight;
    use super::*;

    const O: &str = "https://app.test";
    const URL: &str = "/x";

    fn grant(methods: &str, headers: &str) -> Grant {
        let mut h = HeaderMap::new();
        h.insert("access-control-allow-origin", O.parse().unwrap());
        h.insert("access-control-allow-credentials", "true".parse().unwrap());
        h.insert("access-control-allow-methods", methods.parse().unwrap());
        h.insert("access-control-allow-headers", headers.parse().unwrap());
        check_preflight(StatusCode::NO_CONTENT, &h, O, false, &Method::GET, &[]).unwrap()
    }

    #[test]
    fn max_age_default_cap_and_negative() {
        assert_eq!(lifetime(None), Duration::from_secs(5));
        assert_eq!(lifetime(Some("abc")), Duration::from_secs(5));
        assert_eq!(lifetime(Some("600")), Duration::from_secs(600));
        assert_eq!(lifetime(Some("86400")), Duration::from_secs(7200));
        assert_eq!(lifetime(Some("0")), Duration::ZERO);
        assert_eq!(lifetime(Some("-1")), Duration::ZERO);
    }

    #[test]
    fn entry_covers_what_it_granted_until_it_expires() {
        let now = Instant::now();
        let mut cache = PreflightCache::default();
        cache.store((O, URL), false, grant("PUT", "x-a"), Some("600"), now);
        let put = Method::PUT;
        assert!(cache.covers((O, URL), false, &put, &["x-a"], now));
        assert!(cache.covers((O, URL), false, &put, &[], now + Duration::from_secs(599)));
        assert!(!cache.covers((O, URL), false, &put, &[], now + Duration::from_secs(600)));
        assert!(
            !cache.covers((O, URL), false, &Method::DELETE, &[], now),
            "method not granted"
        );
        assert!(
            !cache.covers((O, URL), false, &put, &["x-b"], now),
            "header not granted"
        );
        assert!(
            !cache.covers((O, "/y"), false, &put, &[], now),
            "another URL"
        );
        assert!(
            !cache.covers(("https://b.test", URL), false, &put, &[], now),
            "another origin"
        );
        assert!(
            !cache.covers((O, URL), true, &put, &[], now),
            "made without credentials"
        );
    }

    #[test]
    fn zero_max_age_is_not_cached_and_a_new_preflight_replaces_the_entry() {
        let now = Instant::now();
        let mut cache = PreflightCache::default();
        cache.store((O, URL), true, grant("PUT", ""), Some("0"), now);
        assert!(!cache.covers((O, URL), true, &Method::PUT, &[], now));
        cache.store((O, URL), true, grant("PUT", ""), None, now);
        assert!(
            cache.covers((O, URL), true, &Method::PUT, &[], now),
            "credentialed entry"
        );
        assert!(
            cache.covers((O, URL), false, &Method::PUT, &[], now),
            "serves uncredentialed too"
        );
        cache.store((O, URL), true, grant("DELETE", ""), None, now);
        assert!(
            !cache.covers((O, URL), true, &Method::PUT, &[], now),
            "replaced"
        );
    }
}
