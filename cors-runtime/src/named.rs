//! Named policies: `static WRITES: Policy = cors_policy!(...)`, and attributes that extend one,
//! `#[cors(policy = WRITES, max_age = 60)]`.
//!
//! The macro checks each side on its own with `cors-rules`, but it cannot see inside `WRITES`
//! while expanding the attribute: the combination is checked here, by const evaluation of the
//! handler's `static`. `cors_policy!` records, beside the policy, what its origins would break if
//! credentials or private network access were added ([`OriginFacts`], computed by `cors-rules`
//! at compile time); the attribute passes its own keys ([`Override`]) and one message per possible
//! conflict, already naming both sides ([`MergeMessages`]). A conflict is a const panic with that
//! message, so a compile error.
//!
//! The merge rule: a key given in the attribute replaces the named policy's key, whole (lists are
//! not concatenated). `origins` carries its `dangerously_allow_insecure_origins` along with it.

use std::borrow::Cow;

use http::HeaderValue;

use crate::policy::{HeaderNames, NameList, OriginPattern, Policy, PolicyParts};

/// What an origin list would break, as `cors-rules` found while expanding the macro: one of the
/// `CONFLICT_*` codes, or 0 when the flag is fine with these origins.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct OriginFacts {
    /// If `credentials` were on.
    pub with_credentials: u8,
    /// If `private_network` were on.
    pub with_private_network: u8,
}

/// `"*"` is among the origins.
#[doc(hidden)]
pub const CONFLICT_ANY: u8 = 1;
/// A plain-`http`, non-loopback origin.
#[doc(hidden)]
pub const CONFLICT_INSECURE: u8 = 2;
/// A pattern covering a public suffix.
#[doc(hidden)]
pub const CONFLICT_PUBLIC_SUFFIX: u8 = 3;

/// `origins` given in the attribute, with their facts.
#[doc(hidden)]
pub struct OverrideOrigins {
    pub any_origin: bool,
    pub exact_origins: NameList,
    pub origin_patterns: Cow<'static, [OriginPattern]>,
    pub origins_as_written: NameList,
    pub facts: OriginFacts,
}

/// The keys the attribute gives beside `policy = ...`; `None` keeps the named policy's.
#[doc(hidden)]
pub struct Override {
    pub origins: Option<OverrideOrigins>,
    pub credentials: Option<bool>,
    pub methods: Option<Option<NameList>>,
    pub allow_headers: Option<HeaderNames>,
    pub expose_headers: Option<(HeaderNames, Option<Cow<'static, HeaderValue>>)>,
    pub max_age: Option<(u32, Cow<'static, HeaderValue>)>,
    pub private_network: Option<bool>,
    /// Used when `origins` is given (with `origin_fn = path` or not): an origin function goes with
    /// the origins it completes.
    pub origin_fn: Option<fn(&crate::Origin<'_>) -> bool>,
}

/// The messages of every conflict the merge can find, written by the macro with both sides'
/// names in them. Indexes: 0..=2 are the origin conflicts (`CONFLICT_* - 1`), then `headers`,
/// `expose` and `methods` holding `*`.
#[doc(hidden)]
pub struct MergeMessages {
    /// The path does not name a policy made by `cors_policy!`.
    pub not_named: &'static str,
    /// `credentials` in the attribute meets the named policy's keys.
    pub credentials_here: [&'static str; 6],
    /// The named policy's `credentials` meets the attribute's keys.
    pub credentials_there: [&'static str; 6],
    /// `private_network` in the attribute meets the named policy's origins.
    pub private_network_here: [&'static str; 3],
    /// The named policy's `private_network` meets the attribute's origins.
    pub private_network_there: [&'static str; 3],
}

const fn borrow_list(list: &'static NameList) -> NameList {
    match list {
        Cow::Borrowed(list) => Cow::Borrowed(list),
        Cow::Owned(list) => Cow::Borrowed(list.as_slice()),
    }
}

const fn borrow_names(names: &'static HeaderNames) -> HeaderNames {
    match names {
        HeaderNames::Any => HeaderNames::Any,
        HeaderNames::List(list) => HeaderNames::List(borrow_list(list)),
    }
}

const fn borrow_value(
    value: &'static Option<Cow<'static, HeaderValue>>,
) -> Option<Cow<'static, HeaderValue>> {
    match value {
        Some(Cow::Borrowed(v)) => Some(Cow::Borrowed(v)),
        Some(Cow::Owned(v)) => Some(Cow::Borrowed(v)),
        None => None,
    }
}

/// Generated code only ever borrows; an owned value in an override cannot outlive the call.
const fn reborrow_list(list: &NameList) -> NameList {
    match list {
        Cow::Borrowed(list) => Cow::Borrowed(list),
        Cow::Owned(_) => panic!("a policy override holds borrowed lists only"),
    }
}

// It must tell `Borrowed` from `Owned`, which a plain reference cannot.
#[allow(clippy::ptr_arg)]
const fn reborrow_patterns(list: &Cow<'static, [OriginPattern]>) -> Cow<'static, [OriginPattern]> {
    match list {
        Cow::Borrowed(list) => Cow::Borrowed(list),
        Cow::Owned(_) => panic!("a policy override holds borrowed lists only"),
    }
}

const fn reborrow_names(names: &HeaderNames) -> HeaderNames {
    match names {
        HeaderNames::Any => HeaderNames::Any,
        HeaderNames::List(list) => HeaderNames::List(reborrow_list(list)),
    }
}

// It must tell `Borrowed` from `Owned`, which a plain reference cannot.
#[allow(clippy::ptr_arg)]
const fn reborrow_cow(value: &Cow<'static, HeaderValue>) -> Cow<'static, HeaderValue> {
    match value {
        Cow::Borrowed(v) => Cow::Borrowed(v),
        Cow::Owned(_) => panic!("a policy override holds borrowed values only"),
    }
}

const fn reborrow_value(
    value: &Option<Cow<'static, HeaderValue>>,
) -> Option<Cow<'static, HeaderValue>> {
    match value {
        Some(v) => Some(reborrow_cow(v)),
        None => None,
    }
}

const fn has_star(names: &HeaderNames) -> bool {
    match names {
        HeaderNames::Any => true,
        HeaderNames::List(list) => list_has_star(list),
    }
}

const fn list_has_star(list: &NameList) -> bool {
    let list: &[Cow<'static, str>] = match list {
        Cow::Borrowed(list) => list,
        Cow::Owned(list) => list.as_slice(),
    };
    match list.first() {
        Some(Cow::Borrowed(s)) => matches!(s.as_bytes(), [b'*']),
        Some(Cow::Owned(s)) => matches!(s.as_str().as_bytes(), [b'*']),
        None => false,
    }
}

/// A conflict between a flag given on one side and a value from the other. `flag_here`: the
/// flag comes from the attribute; `value_here`: the value too. Both on one side were checked by
/// the macro already.
const fn conflict(
    flag_here: bool,
    value_here: bool,
    here: &[&'static str],
    there: &[&'static str],
    index: usize,
) {
    if flag_here && !value_here {
        panic!("{}", here[index]);
    }
    if !flag_here && value_here {
        panic!("{}", there[index]);
    }
}

impl Policy {
    /// For `cors_policy!`: a policy other handlers may name in `#[cors(policy = ...)]`.
    #[doc(hidden)]
    pub const fn __named(parts: PolicyParts, facts: OriginFacts) -> Self {
        let mut policy = Policy::__from_checked_parts(parts);
        policy.named = Some(facts);
        policy
    }

    /// For `#[cors(policy = BASE, ...)]`: `base` with the attribute's keys in place of its own.
    /// Panics (at compile time, in the handler's `static`) with the matching message of
    /// `messages` when the result would be a policy the browser rejects.
    #[doc(hidden)]
    pub const fn __merge(
        base: &'static Policy,
        over: Override,
        messages: &'static MergeMessages,
    ) -> Self {
        let Some(base_facts) = base.named else {
            panic!("{}", messages.not_named);
        };
        let b = &base.parts;
        // Everything is read by reference and the override forgotten at the end: a const fn may
        // not drop a value that might own memory, even one that never does.
        let o = &over;
        let credentials_here = o.credentials.is_some();
        let credentials = match o.credentials {
            Some(on) => on,
            None => b.credentials,
        };
        let private_network_here = o.private_network.is_some();
        let private_network = match o.private_network {
            Some(on) => on,
            None => b.private_network,
        };
        let origins_here = o.origins.is_some();
        // Field by field: a const fn may not drop a tuple of them either.
        let any_origin = match &o.origins {
            Some(given) => given.any_origin,
            None => b.any_origin,
        };
        let exact_origins = match &o.origins {
            Some(given) => reborrow_list(&given.exact_origins),
            None => borrow_list(&b.exact_origins),
        };
        let origin_patterns = match &o.origins {
            Some(given) => reborrow_patterns(&given.origin_patterns),
            None => match &b.origin_patterns {
                Cow::Borrowed(p) => Cow::Borrowed(*p),
                Cow::Owned(p) => Cow::Borrowed(p.as_slice()),
            },
        };
        let origins_as_written = match &o.origins {
            Some(given) => reborrow_list(&given.origins_as_written),
            None => borrow_list(&b.origins_as_written),
        };
        let facts = match &o.origins {
            Some(given) => given.facts,
            None => base_facts,
        };
        let origin_fn = match (&o.origins, &base.origin_fn) {
            (Some(_), _) => o.origin_fn,
            (None, Some(crate::origin_fn::OriginFn::Static(f))) => Some(*f),
            (None, Some(crate::origin_fn::OriginFn::Shared(_))) => {
                panic!("{}", messages.not_named)
            }
            (None, None) => None,
        };
        let methods_here = o.methods.is_some();
        let methods = match &o.methods {
            Some(Some(m)) => Some(reborrow_list(m)),
            Some(None) => None,
            None => match &b.methods {
                Some(m) => Some(borrow_list(m)),
                None => None,
            },
        };
        let headers_here = o.allow_headers.is_some();
        let allow_headers = match &o.allow_headers {
            Some(h) => reborrow_names(h),
            None => borrow_names(&b.allow_headers),
        };
        let expose_here = o.expose_headers.is_some();
        let expose_headers = match &o.expose_headers {
            Some((names, _)) => reborrow_names(names),
            None => borrow_names(&b.expose_headers),
        };
        let expose_value = match &o.expose_headers {
            Some((_, value)) => reborrow_value(value),
            None => borrow_value(&b.expose_value),
        };
        let max_age = match &o.max_age {
            Some((secs, _)) => Some(*secs),
            None => b.max_age,
        };
        let max_age_value = match &o.max_age {
            Some((_, value)) => Some(reborrow_cow(value)),
            None => borrow_value(&b.max_age_value),
        };
        core::mem::forget(over);

        let (here, there) = (&messages.credentials_here, &messages.credentials_there);
        if credentials {
            if facts.with_credentials != 0 {
                let i = facts.with_credentials as usize - 1;
                conflict(credentials_here, origins_here, here, there, i);
            }
            if has_star(&allow_headers) {
                conflict(credentials_here, headers_here, here, there, 3);
            }
            if has_star(&expose_headers) {
                conflict(credentials_here, expose_here, here, there, 4);
            }
            if let Some(m) = &methods {
                if list_has_star(m) {
                    conflict(credentials_here, methods_here, here, there, 5);
                }
            }
        }
        if private_network && facts.with_private_network != 0 {
            let i = facts.with_private_network as usize - 1;
            conflict(
                private_network_here,
                origins_here,
                &messages.private_network_here,
                &messages.private_network_there,
                i,
            );
        }
        Policy::from_parts_and_fn(
            PolicyParts {
                any_origin,
                exact_origins,
                origin_patterns,
                origins_as_written,
                credentials,
                methods,
                allow_headers,
                expose_headers,
                expose_value,
                max_age,
                max_age_value,
                private_network,
            },
            origin_fn,
        )
        .with_isolation_of(base)
    }

    /// For the macro's error path: a policy of the right type, never used, so that a mistake in
    /// `cors_policy!(...)` is one error rather than also a type error.
    #[doc(hidden)]
    pub const fn __stand_in() -> Self {
        Policy::__from_checked_parts(PolicyParts {
            any_origin: false,
            exact_origins: Cow::Borrowed(&[]),
            origin_patterns: Cow::Borrowed(&[]),
            origins_as_written: Cow::Borrowed(&[]),
            credentials: false,
            methods: None,
            allow_headers: HeaderNames::List(Cow::Borrowed(&[])),
            expose_headers: HeaderNames::List(Cow::Borrowed(&[])),
            expose_value: None,
            max_age: None,
            max_age_value: None,
            private_network: false,
        })
    }
}
