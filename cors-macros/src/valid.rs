//! The policy checks, done by `cors_rules::check_policy` (the same code that checks policies read
//! from configuration at run time), with each problem mapped back to the user's token.

use proc_macro2::Span;

use cors_rules::isolation::Directive;
use cors_rules::{
    check_policy, Callers, CheckedIsolation, CheckedPolicy, IsolationSpec, PolicySpec, Problem,
    Site,
};

use crate::ast::{Attr, Form, Handler};
use crate::ctxt::{with_help, Ctxt};

/// The string values of the attribute, owned here so the checked policy can borrow them.
pub struct Values {
    origins: Vec<String>,
    methods: Option<Vec<String>>,
    headers: Vec<String>,
    expose: Vec<String>,
    /// Each isolation key's value and `report_to`, in `IsolationAttr::keyed` order.
    isolation: Vec<Option<(String, Option<String>)>>,
}

impl Values {
    pub fn of(attr: &Attr) -> Self {
        let strings = |list: &Option<crate::ast::Keyed<Vec<syn::LitStr>>>| {
            list.as_ref().map_or_else(Vec::new, |k| {
                k.value.iter().map(syn::LitStr::value).collect()
            })
        };
        Values {
            origins: strings(&attr.origins),
            methods: attr
                .methods
                .as_ref()
                .map(|k| k.value.iter().map(|m| m.name()).collect()),
            headers: strings(&attr.headers),
            expose: strings(&attr.expose),
            isolation: attr
                .isolation
                .keyed()
                .iter()
                .map(|(_, k)| {
                    k.map(|k| {
                        let v = &k.value;
                        (
                            v.policy.value(),
                            v.report_to.as_ref().map(syn::LitStr::value),
                        )
                    })
                })
                .collect(),
        }
    }

    /// The isolation keys as `cors_rules` reads them.
    fn isolation(&self) -> IsolationSpec<'_> {
        let d = |i: usize| {
            self.isolation[i]
                .as_ref()
                .map(|(value, report_to)| Directive {
                    value,
                    report_to: report_to.as_deref(),
                })
        };
        let mut spec = IsolationSpec::default();
        spec.resource_policy = self.isolation[0].as_ref().map(|(v, _)| v.as_str());
        spec.opener_policy = d(1);
        spec.embedder_policy = d(2);
        spec.opener_policy_report_only = d(3);
        spec.embedder_policy_report_only = d(4);
        spec
    }
}

/// Whether the attribute is isolation keys alone (besides `crate`, `none`): a handler without
/// CORS that sends the isolation headers.
pub fn isolation_only(attr: &Attr) -> bool {
    let isolation = attr
        .seen
        .iter()
        .any(|k| crate::attr::isolation::KEYS.contains(&k.as_str()));
    isolation
        && attr.seen.iter().all(|k| {
            crate::attr::isolation::KEYS.contains(&k.as_str())
                || matches!(k.as_str(), "crate" | "none")
        })
}

/// The isolation keys of a handler without CORS, checked alone. `None` if a problem was found.
pub fn check_isolation_only<'v>(
    attr: &Attr,
    values: &'v Values,
    ctxt: &mut Ctxt,
) -> Option<CheckedIsolation<'v>> {
    match cors_rules::check_isolation(&values.isolation(), Callers::default()) {
        Ok(checked) => Some(checked),
        Err(problems) => {
            for problem in problems {
                report(attr, &problem, ctxt);
            }
            None
        }
    }
}

/// Where an attribute extending a named policy takes its origins from when it gives none: any
/// origin that passes every check, so only the attribute's own keys can fail.
const STAND_IN_ORIGIN: &str = "https://example.com";

/// Checks the policy, reporting every problem at its token. `None` if any problem was found.
///
/// Beside `policy = ...` the attribute gives only the keys it overrides: they get the same
/// checks, with the named policy's side checked later, by const evaluation (see `expand.rs`).
pub fn check<'v>(
    attr: &Attr,
    values: &'v Values,
    form: Form,
    ctxt: &mut Ctxt,
) -> Option<CheckedPolicy<'v>> {
    // `policy` written, even with a value that did not parse: no `origins` needed then.
    let extends = attr.given("policy");
    let opt_out_misplaced = extends
        && attr.given(cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS)
        && !(attr.given("origins") && attr.given("credentials"));
    let from_env = attr.origins_env.is_some();
    let fn_only = attr.given("origin_fn") && !attr.given("origins");
    let origins: Vec<&str> = if (extends || from_env || fn_only) && attr.origins.is_none() {
        vec![STAND_IN_ORIGIN]
    } else {
        values.origins.iter().map(String::as_str).collect()
    };
    let spec = PolicySpec::new(origins)
        .credentials(attr.credentials.is_some())
        .methods(
            values
                .methods
                .as_ref()
                .map(|m| m.iter().map(String::as_str).collect()),
        )
        .headers(values.headers.iter().map(String::as_str).collect())
        .expose(values.expose.iter().map(String::as_str).collect())
        .max_age(attr.max_age.as_ref().map(|k| k.value.1))
        .private_network(attr.private_network.is_some())
        // A misplaced opt-out gets its own error below, not also "not needed".
        .dangerously_allow_insecure_origins(
            attr.dangerously_allow_insecure_origins.is_some() && !opt_out_misplaced,
        )
        .isolation(values.isolation());
    let mut failed = false;
    if let (true, Some(policy)) = (from_env, &attr.policy) {
        failed = true;
        ctxt.error(
            policy.key.span(),
            "`origins = env(...)` cannot extend a named policy",
            Some("list the other keys here, or give the named policy literal origins"),
        );
    }
    if let (Form::Named, Some(env)) = (form, &attr.origins_env) {
        failed = true;
        ctxt.error(
            env.key.span(),
            "a named policy is checked at compile time: its origins are literals",
            Some("use `#[cors(origins = env(\"...\"), ...)]` on the handler instead"),
        );
    }
    if let (Form::Named, Some(none)) = (form, &attr.none) {
        failed = true;
        ctxt.error(
            none.span(),
            "`none` is for `#[cors(none)]` on a handler that must stay same-origin",
            Some("a named policy lists origins; remove `none`"),
        );
    }
    if let (Form::Named, Some(policy)) = (form, &attr.policy) {
        failed = true;
        ctxt.error(
            policy.key.span(),
            "`cors_policy!` cannot extend another policy",
            Some("list every key here; `policy = ...` goes in `#[cors(...)]` on a handler"),
        );
    }
    if opt_out_misplaced {
        failed = true;
        let (key, _) = attr.spans(cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS);
        ctxt.error(
            key.unwrap_or_else(crate::attr::attribute_span),
            format!(
                "beside `policy = ...`, `{}` goes with the `origins` and `credentials` it is for",
                cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS
            ),
            Some(
                "give `origins` and `credentials` here too, or put the opt-out in the named policy",
            ),
        );
    }
    if let (true, Some(f)) = (from_env, &attr.origin_fn) {
        failed = true;
        ctxt.error(
            f.key.span(),
            "`origin_fn` cannot be combined with `origins = env(...)`",
            Some("list the origins from the environment, or decide them all in the function"),
        );
    }
    let missing_origins = !extends
        && !attr.given("origin_fn")
        && !attr.given("origins")
        && !attr.suggested.contains(&"origins");
    if missing_origins {
        let (message, help) = match form {
            Form::Attribute => (
                "`#[cors]` needs `origins`: the origins allowed to call this handler",
                "add `origins = [\"https://app.example.com\"]`, or name a shared policy with `policy = WRITES`",
            ),
            Form::Named => (
                "`cors_policy!` needs `origins`: the origins the policy allows",
                "add `origins = [\"https://app.example.com\"]`",
            ),
        };
        ctxt.error(crate::attr::attribute_span(), message, Some(help));
    }
    match check_policy(&spec) {
        Ok(mut checked) if !failed => {
            // The stand-in origin was only there for the checks.
            if fn_only {
                checked.exact_origins.clear();
                checked.origins_as_written.clear();
            }
            Some(checked)
        }
        Ok(_) => None,
        Err(problems) => {
            for problem in problems {
                // A missing or unparsable `origins` list is already reported.
                if problem.site == Site::Origins && attr.origins.is_none() {
                    continue;
                }
                report(attr, &problem, ctxt);
            }
            None
        }
    }
}

/// `#[cors(none)]`: the key stands alone (besides `crate`).
pub fn none(attr: &Attr, ctxt: &mut Ctxt) {
    let Some(none) = &attr.none else {
        return;
    };
    let others: Vec<&str> = attr
        .seen
        .iter()
        .map(String::as_str)
        .filter(|k| !matches!(*k, "none" | "crate") && !crate::attr::isolation::KEYS.contains(k))
        .collect();
    if !others.is_empty() {
        ctxt.error(
            none.span(),
            format!(
                "`none` stands alone: the handler gets no CORS policy, so {} would be ignored",
                others
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some("remove `none` to give the handler a policy, or remove the other keys"),
        );
    }
}

/// What `origins` would break if `credentials` or `private_network` were added by the other side
/// of a merge, found by the same `check_policy` (codes of `cors_runtime::__private_v1`: 1 for `*`,
/// 2 for a plain-`http` origin, 3 for a pattern over a public suffix; 0 for nothing).
pub fn origin_facts(origins: &[&str], opt_out: bool) -> (u8, u8) {
    let code = |spec: PolicySpec<'_>, flag: Site| -> u8 {
        let Err(problems) = check_policy(&spec) else {
            return 0;
        };
        problems
            .iter()
            .find_map(|p| match (p.site, p.related) {
                (Site::Origin(i), Some(related)) if related == flag => {
                    Some(if origins.get(i) == Some(&"*") {
                        1
                    } else if p.message.contains("public suffix") {
                        3
                    } else {
                        2
                    })
                }
                // `private_network` with `*` is reported on the flag, naming the origin.
                (site, Some(Site::Origin(_))) if site == flag => Some(1),
                _ => None,
            })
            .unwrap_or(0)
    };
    let spec = || PolicySpec::new(origins.to_vec()).dangerously_allow_insecure_origins(opt_out);
    (
        code(spec().credentials(true), Site::Credentials),
        code(spec().private_network(true), Site::PrivateNetwork),
    )
}

/// One error per problem, at its token. A conflict's message already names the other side and a
/// duplicate's the first occurrence, so neither gets a second error of its own.
fn report(attr: &Attr, problem: &Problem, ctxt: &mut Ctxt) {
    ctxt.error(
        span_of(attr, problem.site),
        &problem.message,
        problem.help.as_deref(),
    );
}

/// The token a [`Site`] stands for: the entry, else its key, else the attribute itself.
fn span_of(attr: &Attr, site: Site) -> Span {
    if let Site::ReportTo(i) = site {
        let keyed = attr.isolation.keyed();
        let report_to = keyed
            .get(usize::from(i) + 1)
            .and_then(|(_, k)| k.as_ref())
            .and_then(|k| k.value.report_to.as_ref());
        if let Some(lit) = report_to {
            return lit.span();
        }
    }
    let (key, entries) = attr.spans(site.key());
    site.index()
        .and_then(|i| entries.get(i).copied())
        .or(key)
        .unwrap_or_else(crate::attr::attribute_span)
}

/// `#[cors]` goes on a free, non-generic `fn`: the policy is registered under the type of that
/// one fn item.
pub fn handler(item: &syn::Item) -> Result<Handler<'_>, syn::Error> {
    let syn::Item::Fn(original) = item else {
        return Err(not_a_fn(item));
    };
    let sig = &original.sig;
    if sig.receiver().is_none() {
        if let Some(kind) = crate::context::enclosing_block() {
            return Err(syn::Error::new(
                crate::attr::attribute_span(),
                with_help(
                    format!(
                        "`#[cors]` cannot be used on an associated function (this fn is inside \
                         {} `{kind}` block): its policy is registered beside the fn by a free \
                         item, which cannot name `Self::{}`",
                        if kind == "impl" { "an" } else { "a" },
                        sig.ident
                    ),
                    Some("make the handler a free `fn` outside the block (it may call the associated function) and route that"),
                ),
            ));
        }
    }
    if let Some(receiver) = sig.receiver() {
        return Err(syn::Error::new_spanned(
            receiver,
            with_help(
                "`#[cors]` goes on a free function, not on a method",
                Some("move the handler out of the `impl` block; a router takes a plain `fn`"),
            ),
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(syn::Error::new_spanned(
            &sig.generics,
            with_help(
                "`#[cors]` cannot be used on a generic function: its policy is registered under \
                 the type of one function, and each instantiation is a different type",
                Some("make the handler non-generic; it may call a generic function"),
            ),
        ));
    }
    let impl_trait = sig.inputs.iter().find_map(|arg| match arg {
        syn::FnArg::Typed(pat) => find_impl_trait(&pat.ty),
        syn::FnArg::Receiver(_) => None,
    });
    if let Some(ty) = impl_trait {
        return Err(syn::Error::new_spanned(
            ty,
            with_help(
                "`#[cors]` cannot be used on a generic function: `impl Trait` in an argument \
                 makes it generic",
                Some("name a concrete type for this argument"),
            ),
        ));
    }
    Ok(Handler { original })
}

fn find_impl_trait(ty: &syn::Type) -> Option<&syn::Type> {
    match ty {
        syn::Type::ImplTrait(_) => Some(ty),
        syn::Type::Reference(r) => find_impl_trait(&r.elem),
        syn::Type::Paren(p) => find_impl_trait(&p.elem),
        syn::Type::Group(g) => find_impl_trait(&g.elem),
        syn::Type::Slice(s) => find_impl_trait(&s.elem),
        syn::Type::Array(a) => find_impl_trait(&a.elem),
        syn::Type::Ptr(p) => find_impl_trait(&p.elem),
        syn::Type::Tuple(t) => t.elems.iter().find_map(find_impl_trait),
        syn::Type::Path(p) => p.path.segments.iter().find_map(|seg| match &seg.arguments {
            syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
                syn::GenericArgument::Type(t) => find_impl_trait(t),
                _ => None,
            }),
            _ => None,
        }),
        _ => None,
    }
}

fn not_a_fn(item: &syn::Item) -> syn::Error {
    use quote::ToTokens;
    let (kind, head): (&str, proc_macro2::TokenStream) = match item {
        syn::Item::Struct(s) => ("a struct", head(&s.struct_token, &s.ident)),
        syn::Item::Enum(e) => ("an enum", head(&e.enum_token, &e.ident)),
        syn::Item::Union(u) => ("a union", head(&u.union_token, &u.ident)),
        syn::Item::Const(c) => ("a const", head(&c.const_token, &c.ident)),
        syn::Item::Static(s) => ("a static", head(&s.static_token, &s.ident)),
        syn::Item::Trait(t) => ("a trait", head(&t.trait_token, &t.ident)),
        syn::Item::Type(t) => ("a type alias", head(&t.type_token, &t.ident)),
        syn::Item::Mod(m) => ("a module", head(&m.mod_token, &m.ident)),
        syn::Item::Impl(i) => ("an impl block", i.impl_token.to_token_stream()),
        syn::Item::Use(u) => ("a use declaration", u.use_token.to_token_stream()),
        syn::Item::ExternCrate(e) => ("an extern crate", head(&e.crate_token, &e.ident)),
        syn::Item::ForeignMod(f) => ("an extern block", f.abi.to_token_stream()),
        syn::Item::Macro(m) => ("a macro", m.mac.path.to_token_stream()),
        other => ("this item", other.to_token_stream()),
    };
    syn::Error::new_spanned(
        head,
        with_help(
            format!("`#[cors]` goes on a handler function, not on {kind}"),
            Some("put `#[cors(...)]` on the `fn` or `async fn` that handles the route"),
        ),
    )
}

fn head(keyword: &impl quote::ToTokens, ident: &syn::Ident) -> proc_macro2::TokenStream {
    quote::quote!(#keyword #ident)
}
