//! The typed model of one `#[cors(...)]` use. Every value keeps the user's token, so any later
//! check can point at exactly what the user wrote.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Ident, LitInt, LitStr};

/// A key with its value: `origins = [...]`.
pub struct Keyed<T> {
    /// The key as written (for "given twice" and whole-list errors).
    pub key: Ident,
    /// The parsed value.
    pub value: T,
}

impl<T> Keyed<T> {
    /// A value with the key it was given under.
    pub fn new(key: &Ident, value: T) -> Self {
        Keyed {
            key: key.clone(),
            value,
        }
    }
}

/// One entry of `methods = [...]`.
pub enum Method {
    /// `GET`, `PATCH`, `PROPFIND`.
    Ident(Ident),
    /// `"M-SEARCH"`: extension methods that are not Rust identifiers.
    Str(LitStr),
    /// `*`: any method.
    Star(syn::Token![*]),
}

impl Method {
    /// The method name as it will be compared with requests.
    pub fn name(&self) -> String {
        match self {
            Method::Ident(ident) => ident.unraw().to_string(),
            Method::Str(lit) => lit.value(),
            Method::Star(_) => "*".to_owned(),
        }
    }

    /// The token to point at.
    pub fn span(&self) -> Span {
        match self {
            Method::Ident(ident) => ident.span(),
            Method::Str(lit) => lit.span(),
            Method::Star(star) => star.span(),
        }
    }
}

/// The arguments of `#[cors(...)]`. A key that could not be parsed is `None` here (its error is
/// already recorded) and counted in `seen`, so it is not also reported as missing.
#[derive(Default)]
pub struct Attr {
    /// Every key name that appeared, valid value or not.
    pub seen: Vec<String>,
    /// Keys suggested for misspelled ones: not reported as missing, as the misspelling already is.
    pub suggested: Vec<&'static str>,
    pub origins: Option<Keyed<Vec<LitStr>>>,
    pub credentials: Option<Ident>,
    pub methods: Option<Keyed<Vec<Method>>>,
    pub headers: Option<Keyed<Vec<LitStr>>>,
    pub expose: Option<Keyed<Vec<LitStr>>>,
    /// The literal and its value.
    pub max_age: Option<Keyed<(LitInt, u64)>>,
    pub private_network: Option<Ident>,
    pub dangerously_allow_insecure_origins: Option<Ident>,
    pub krate: Option<Keyed<syn::Path>>,
    /// `policy = WRITES`: the named policy this attribute extends.
    pub policy: Option<Keyed<syn::Path>>,
    /// `origins = env("APP_CORS_ORIGINS")`: the variable's name, read when the router is built.
    pub origins_env: Option<Keyed<LitStr>>,
    /// `origin_fn = path`: a `fn(&Origin) -> bool` deciding origins not listed.
    pub origin_fn: Option<Keyed<syn::Path>>,
    /// `none`: no CORS for this handler, on purpose (and no router default).
    pub none: Option<Ident>,
    /// The cross-origin isolation keys.
    pub isolation: IsolationAttr,
}

/// The cross-origin isolation keys of one attribute (`attr/isolation.rs`).
#[derive(Default)]
pub struct IsolationAttr {
    pub resource_policy: Option<Keyed<IsolationValue>>,
    pub opener_policy: Option<Keyed<IsolationValue>>,
    pub embedder_policy: Option<Keyed<IsolationValue>>,
    pub opener_policy_report_only: Option<Keyed<IsolationValue>>,
    pub embedder_policy_report_only: Option<Keyed<IsolationValue>>,
}

/// `"same-origin"`, or `(policy = "same-origin", report_to = "coop")`.
pub struct IsolationValue {
    pub policy: LitStr,
    pub report_to: Option<LitStr>,
}

impl IsolationAttr {
    /// The keys in `cors_rules` order, by name.
    pub fn keyed(&self) -> [(&'static str, Option<&Keyed<IsolationValue>>); 5] {
        [
            ("resource_policy", self.resource_policy.as_ref()),
            ("opener_policy", self.opener_policy.as_ref()),
            ("embedder_policy", self.embedder_policy.as_ref()),
            (
                "opener_policy_report_only",
                self.opener_policy_report_only.as_ref(),
            ),
            (
                "embedder_policy_report_only",
                self.embedder_policy_report_only.as_ref(),
            ),
        ]
    }
}

/// Which macro is being expanded: the keys are the same, a few rules differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `#[cors(...)]` on a handler.
    Attribute,
    /// `cors_policy!(...)`, a named policy.
    Named,
}

impl Attr {
    /// Whether the key was written (with any value, `credentials = false` included).
    pub fn given(&self, key: &str) -> bool {
        self.seen.iter().any(|k| k == key)
    }

    /// The token of a key and those of its list's entries, by the key's name as
    /// `cors_rules::Site::key` gives it.
    pub fn spans(&self, key: &str) -> (Option<Span>, Vec<Span>) {
        fn list<T: Spanned>(keyed: Option<&Keyed<Vec<T>>>) -> (Option<Span>, Vec<Span>) {
            keyed.map_or((None, Vec::new()), |k| {
                (
                    Some(k.key.span()),
                    k.value.iter().map(Spanned::span).collect(),
                )
            })
        }
        let flag = |ident: Option<&Ident>| (ident.map(Ident::span), Vec::new());
        match key {
            "origins" => list(self.origins.as_ref()),
            "methods" => self.methods.as_ref().map_or((None, Vec::new()), |k| {
                (
                    Some(k.key.span()),
                    k.value.iter().map(Method::span).collect(),
                )
            }),
            "headers" => list(self.headers.as_ref()),
            "expose" => list(self.expose.as_ref()),
            // The value, not the key: it is the number that is wrong.
            "max_age" => (self.max_age.as_ref().map(|k| k.value.0.span()), Vec::new()),
            "credentials" => flag(self.credentials.as_ref()),
            "private_network" => flag(self.private_network.as_ref()),
            cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS => {
                flag(self.dangerously_allow_insecure_origins.as_ref())
            }
            // The value, not the key: it is the literal that is wrong.
            key => {
                let found = self.isolation.keyed().into_iter().find(|(k, _)| *k == key);
                (
                    found.and_then(|(_, v)| v).map(|v| v.value.policy.span()),
                    Vec::new(),
                )
            }
        }
    }
}

/// The annotated function, once known to be one `#[cors]` accepts.
pub struct Handler<'a> {
    /// The function as the user wrote it, but for its body, which is not parsed (see
    /// `expand::parse_item`).
    pub original: &'a syn::ItemFn,
}

impl Handler<'_> {
    /// The fn's name, which is also the value whose type the registry is keyed by.
    pub fn ident(&self) -> &Ident {
        &self.original.sig.ident
    }
}
