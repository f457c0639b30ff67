//! Test-only: builds policies from a few strings without going through the checks of
//! `cors-rules`, so the engine's tests do not depend on the builder. The inputs are assumed valid.

use std::borrow::Cow;

use http::HeaderValue;

use crate::policy::{HeaderNames, OriginPattern, PolicyParts, Port};
use crate::Policy;

/// A policy in the making; defaults: no credentials, routed methods, no headers, nothing exposed.
#[derive(Clone, Debug)]
pub(crate) struct PolicySketch {
    origins: Vec<String>,
    credentials: bool,
    methods: Option<Vec<String>>,
    headers: Option<Vec<String>>,
    expose: Option<Vec<String>>,
    max_age: Option<u32>,
    private_network: bool,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn header_names(list: &Option<Vec<String>>) -> HeaderNames {
    match list {
        Some(l) if l.len() == 1 && l[0] == "*" => HeaderNames::Any,
        Some(l) => {
            let mut l: Vec<String> = l.iter().map(|n| n.to_ascii_lowercase()).collect();
            l.sort();
            l.dedup();
            HeaderNames::List(Cow::Owned(l.into_iter().map(Cow::Owned).collect()))
        }
        None => HeaderNames::List(Cow::Borrowed(&[])),
    }
}

fn pattern(origin: &str) -> Option<OriginPattern> {
    let (scheme, rest) = origin.split_once("://")?;
    let split = match rest.find(']') {
        Some(close) => close + 1,
        None => rest.find(':').unwrap_or(rest.len()),
    };
    let (host, port) = rest.split_at(split);
    let port = match port {
        "" => Port::Default,
        ":*" => Port::Any,
        p => Port::Exact(p.strip_prefix(':')?.parse().ok()?),
    };
    let (host, subdomains) = match host.strip_prefix("*.") {
        Some(h) => (h, true),
        None => (host, false),
    };
    if !subdomains && port != Port::Any {
        return None;
    }
    Some(OriginPattern {
        scheme: Cow::Owned(scheme.to_owned()),
        host: Cow::Owned(host.to_owned()),
        subdomains,
        port,
    })
}

impl PolicySketch {
    pub(crate) fn new(origins: &[&str]) -> Self {
        PolicySketch {
            origins: names(origins),
            credentials: false,
            methods: None,
            headers: None,
            expose: None,
            max_age: None,
            private_network: false,
        }
    }

    pub(crate) fn with_owned_origins(origins: &[String]) -> Self {
        let refs: Vec<&str> = origins.iter().map(String::as_str).collect();
        Self::new(&refs)
    }

    pub(crate) fn credentials(mut self) -> Self {
        self.credentials = true;
        self
    }

    pub(crate) fn methods(mut self, m: &[&str]) -> Self {
        self.methods = Some(names(m));
        self
    }

    pub(crate) fn headers(mut self, h: &[&str]) -> Self {
        self.headers = Some(names(h));
        self
    }

    pub(crate) fn expose(mut self, h: &[&str]) -> Self {
        self.expose = Some(names(h));
        self
    }

    pub(crate) fn max_age(mut self, secs: u32) -> Self {
        self.max_age = Some(secs);
        self
    }

    pub(crate) fn private_network(mut self) -> Self {
        self.private_network = true;
        self
    }

    pub(crate) fn build(&self) -> Policy {
        let any_origin = self.origins.iter().any(|o| o == "*");
        let mut exact = Vec::new();
        let mut patterns = Vec::new();
        for o in self.origins.iter().filter(|o| *o != "*") {
            match pattern(o) {
                Some(p) => patterns.push(p),
                None => exact.push(o.clone()),
            }
        }
        exact.sort();
        exact.dedup();
        patterns.sort_by(|a, b| a.host.cmp(&b.host));
        let expose_headers = header_names(&self.expose);
        let expose_value = match &expose_headers {
            HeaderNames::Any => Some(HeaderValue::from_static("*")),
            HeaderNames::List(l) if l.is_empty() => None,
            HeaderNames::List(l) => HeaderValue::from_str(&l.join(",")).ok(),
        };
        Policy::__from_checked_parts(PolicyParts {
            any_origin,
            exact_origins: Cow::Owned(exact.into_iter().map(Cow::Owned).collect()),
            origin_patterns: Cow::Owned(patterns),
            origins_as_written: Cow::Owned(self.origins.iter().cloned().map(Cow::Owned).collect()),
            credentials: self.credentials,
            methods: self
                .methods
                .as_ref()
                .map(|m| Cow::Owned(m.iter().cloned().map(Cow::Owned).collect())),
            allow_headers: header_names(&self.headers),
            expose_headers,
            expose_value: expose_value.map(Cow::Owned),
            max_age: self.max_age,
            max_age_value: self.max_age.map(|s| Cow::Owned(HeaderValue::from(s))),
            private_network: self.private_network,
        })
    }
}

/// A header map from (name, value) pairs, in order, repeated names appended.
pub(crate) fn header_map(pairs: &[(&str, &str)]) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in pairs {
        let name = http::HeaderName::from_bytes(name.as_bytes()).expect("test header name");
        map.append(
            name,
            HeaderValue::from_str(value).expect("test header value"),
        );
    }
    map
}

/// Every (name, value) of `map`, sorted by name, values of one name in order: a comparable
/// picture of exactly what a response carries.
pub(crate) fn header_pairs(map: &http::HeaderMap) -> Vec<(String, String)> {
    let mut names: Vec<&http::HeaderName> = map.keys().collect();
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    names
        .into_iter()
        .flat_map(|name| {
            map.get_all(name).iter().map(move |v| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
        })
        .collect()
}

/// Owned pairs from a table's literals.
pub(crate) fn owned_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    // Stable: values of one name keep their order.
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}
