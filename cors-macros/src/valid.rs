//! The policy checks, done by `cors_rules::check_policy` (the same code that checks policies read
//! from configuration at run time), with each problem mapped back to the user's token.

use proc_macro2::Span;

use cors_rules::{check_policy, CheckedPolicy, PolicySpec, Problem, Site};

use crate::ast::{Attr, Handler};
use crate::ctxt::{with_help, Ctxt};

/// The string values of the attribute, owned here so the checked policy can borrow them.
pub struct Values {
    origins: Vec<String>,
    methods: Option<Vec<String>>,
    headers: Vec<String>,
    expose: Vec<String>,
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
        }
    }
}

/// Checks the policy, reporting every problem at its token. `None` if any problem was found.
pub fn check<'v>(attr: &Attr, values: &'v Values, ctxt: &mut Ctxt) -> Option<CheckedPolicy<'v>> {
    let spec = PolicySpec::new(values.origins.iter().map(String::as_str).collect())
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
        .dangerously_allow_insecure_origins(attr.dangerously_allow_insecure_origins.is_some());
    let missing_origins =
        !attr.seen.iter().any(|k| k == "origins") && !attr.suggested.contains(&"origins");
    if missing_origins {
        ctxt.error(
            crate::attr::attribute_span(),
            "`#[cors]` needs `origins`: the origins allowed to call this handler",
            Some("add `origins = [\"https://app.example.com\"]`"),
        );
    }
    match check_policy(&spec) {
        Ok(checked) => Some(checked),
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
