//! Code generation: the user's function unchanged, then its policy as static data and its
//! registration. Everything is computed here from the checked policy; nothing is left for run time.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::ext::IdentExt;

use cors_rules::{CheckedPolicy, Names, Port};

use crate::ast::{Form, Handler};
use crate::attr;
use crate::ctxt::Ctxt;
use crate::valid::{self, Values};

// The merge of a named policy with the keys given beside it, in a file of its own (see there).
mod merge;
// The cross-origin isolation keys' statics and registration.
mod isolation;

/// The whole attribute: parse, check, then either generate or report.
pub fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut ctxt = Ctxt::default();
    let attr = attr::parse(args, &mut ctxt);
    let mut input = input;
    let item = match parse_item(input.clone()) {
        Ok((mut item, body)) => {
            if let Some(e) = remove_second_attribute(&mut item) {
                ctxt.push(e);
                input = match (&item, body) {
                    (syn::Item::Fn(f), Some(body)) => {
                        let (attrs, vis, sig) = (&f.attrs, &f.vis, &f.sig);
                        quote!(#(#attrs)* #vis #sig #body)
                    }
                    _ => quote!(#item),
                };
            }
            Some(item)
        }
        Err(e) => {
            ctxt.push(e);
            None
        }
    };
    let handler = item.as_ref().and_then(|item| match valid::handler(item) {
        Ok(handler) => Some(handler),
        Err(e) => {
            ctxt.push(e);
            None
        }
    });
    if attr.none.is_some() || valid::isolation_only(&attr) {
        valid::none(&attr, &mut ctxt);
        let values = Values::of(&attr);
        let checked = valid::check_isolation_only(&attr, &values, &mut ctxt);
        return match (handler, checked, ctxt.finish()) {
            (Some(handler), Some(checked), None) => {
                let krate = krate(&attr);
                let mut generated = opt_out(&handler, &krate, attr.none.is_some());
                generated.extend(isolation::registration(&handler, &checked, &krate));
                debug_print(&handler.ident().to_string(), &generated);
                quote!(#input #generated)
            }
            (_, _, errors) => {
                let errors = errors.map(|e| e.to_compile_error());
                quote!(#input #errors)
            }
        };
    }
    let values = Values::of(&attr);
    let checked = valid::check(&attr, &values, Form::Attribute, &mut ctxt);
    let output = match (handler, checked, ctxt.finish()) {
        (Some(handler), Some(checked), None) => {
            let krate = krate(&attr);
            let mut generated = registration(&handler, &attr, &checked, &krate);
            generated.extend(isolation::registration(
                &handler,
                &checked.isolation,
                &krate,
            ));
            debug_print(&handler.ident().to_string(), &generated);
            generated
        }
        (_, _, errors) => {
            // The function is still emitted as written, so a mistake in the policy does not also
            // turn every call of the handler into an "unresolved name" error.
            let errors = errors.map(|e| e.to_compile_error());
            return quote!(#input #errors);
        }
    };
    quote!(#input #output)
}

/// The annotated item. A fn is parsed without its body, which nothing here looks at (syn would
/// otherwise parse every statement of every handler on every build); the body comes back as
/// written, for re-emitting the fn. Anything else is parsed whole, for its error.
fn parse_item(input: TokenStream) -> syn::Result<(syn::Item, Option<proc_macro2::Group>)> {
    let head = |stream: syn::parse::ParseStream| {
        let attrs = stream.call(syn::Attribute::parse_outer)?;
        let vis: syn::Visibility = stream.parse()?;
        let sig: syn::Signature = stream.parse()?;
        let body: proc_macro2::Group = stream.parse()?;
        if body.delimiter() != proc_macro2::Delimiter::Brace {
            return Err(syn::Error::new(body.span(), "expected a fn body"));
        }
        let block = syn::Block {
            brace_token: syn::token::Brace(body.delim_span()),
            stmts: Vec::new(),
        };
        let block = Box::new(block);
        Ok((
            syn::ItemFn {
                attrs,
                vis,
                sig,
                block,
            },
            body,
        ))
    };
    match syn::parse::Parser::parse2(head, input.clone()) {
        Ok((f, body)) => Ok((syn::Item::Fn(f), Some(body))),
        Err(_) => syn::parse2::<syn::Item>(input).map(|item| (item, None)),
    }
}

/// `cors_policy!(...)`: the same keys and checks, as an expression of type `Policy`.
pub fn named(args: TokenStream) -> TokenStream {
    let mut ctxt = Ctxt::default();
    let attr = attr::parse(args, &mut ctxt);
    let values = Values::of(&attr);
    let checked = valid::check(&attr, &values, Form::Named, &mut ctxt);
    let krate = krate(&attr);
    let p = private();
    match (checked, ctxt.finish()) {
        (Some(checked), None) => {
            let (statics, parts) = parts(&checked, Hold::Statics);
            let (with_credentials, with_private_network) = valid::origin_facts(
                &checked.origins_as_written,
                attr.dangerously_allow_insecure_origins.is_some(),
            );
            let facts = quote!(#p::OriginFacts {
                with_credentials: #with_credentials,
                with_private_network: #with_private_network,
            });
            let constructor = match &attr.origin_fn {
                Some(f) => {
                    let f = origin_fn(&f.value);
                    quote!(#p::Policy::__with_origin_fn(#parts, #f, #p::Some(#facts)))
                }
                None => quote!(#p::Policy::__named(#parts, #facts)),
            };
            let constructor = match isolation::isolation_static(&checked.isolation) {
                Some(isolation) => {
                    quote!({ #isolation #constructor.__isolated(&__CORS_ISOLATION) })
                }
                None => constructor,
            };
            let generated = quote! {
                {
                    #[allow(unused_imports)]
                    use #krate::__private_v1 as __cors_private;
                    #statics
                    #constructor
                }
            };
            debug_print("cors_policy", &generated);
            generated
        }
        (_, errors) => {
            // A stand-in of the right type: the user sees the policy's errors, not a type error.
            let errors = errors.map(|e| e.to_compile_error());
            quote! {
                {
                    #errors
                    #krate::__private_v1::Policy::__stand_in()
                }
            }
        }
    }
}

/// The name generated code gives `__private_v1` in a `use`. An `Ident`, not a `TokenStream`: it is
/// interpolated dozens of times per handler, and copying a token stream goes through the compiler.
fn private() -> proc_macro2::Ident {
    proc_macro2::Ident::new("__cors_private", proc_macro2::Span::call_site())
}

fn krate(attr: &crate::ast::Attr) -> TokenStream {
    match &attr.krate {
        Some(k) => {
            let path = &k.value;
            quote!(#path)
        }
        None => runtime_path(proc_macro_crate::crate_name("cors-runtime")),
    }
}

/// The path of cors-runtime in the user's crate, found in its Cargo.toml the way proc-macro crates
/// do, so a renamed dependency (`my_cors = { package = "cors-runtime" }`) needs no `crate = ...`.
/// When the manifest cannot tell (cors-runtime's own doctests, examples and benches, which see it
/// as "itself", or a build without Cargo), the crate's own name is the answer.
fn runtime_path(
    found: Result<proc_macro_crate::FoundCrate, proc_macro_crate::Error>,
) -> TokenStream {
    match found {
        Ok(proc_macro_crate::FoundCrate::Name(name)) => {
            let ident = proc_macro2::Ident::new(&name, proc_macro2::Span::call_site());
            quote!(::#ident)
        }
        Ok(proc_macro_crate::FoundCrate::Itself) | Err(_) => quote!(::cors_runtime),
    }
}

/// A second `#[cors]` on the same fn: an error on it, since one of the two policies would be
/// lost. It is removed from the item so that it does not expand (and register) as well.
fn remove_second_attribute(item: &mut syn::Item) -> Option<syn::Error> {
    let syn::Item::Fn(f) = item else {
        return None;
    };
    let is_cors = |a: &syn::Attribute| a.path().segments.last().is_some_and(|s| s.ident == "cors");
    let second = f.attrs.iter().find(|a| is_cors(a))?;
    let error = syn::Error::new_spanned(
        second,
        "this handler already has a #[cors] attribute; a handler has one policy: merge the two \
         attributes into one",
    );
    f.attrs.retain(|a| !is_cors(a));
    Some(error)
}

/// `CORS_MACROS_DEBUG=1` prints every generated registration; `CORS_MACROS_DEBUG=<fn name>` only
/// that handler's.
fn debug_print(name: &str, generated: &TokenStream) {
    let Some(filter) = std::env::var_os("CORS_MACROS_DEBUG") else {
        return;
    };
    if filter == "1" || filter == *name {
        eprintln!("`{name}` generates:\n{generated}\n");
    }
}

fn registration(
    handler: &Handler<'_>,
    attr: &crate::ast::Attr,
    policy: &CheckedPolicy<'_>,
    krate: &TokenStream,
) -> TokenStream {
    // The crate path is named once, in a `use`: a wrong `crate = "..."` is one unresolved import.
    let p = private();
    let name = handler.ident();
    let name_str = Literal::string(&name.unraw().to_string());
    let policy_static = match &attr.policy {
        None => {
            let (statics, parts) = parts(policy, Hold::Inline);
            let construct = match &attr.origin_fn {
                Some(f) => {
                    let f = origin_fn(&f.value);
                    quote!(#p::Policy::__with_origin_fn(#parts, #f, #p::None))
                }
                None => quote!(#p::Policy::__from_checked_parts(#parts)),
            };
            quote! {
                #statics
                static __CORS_POLICY: #p::Policy = #construct;
            }
        }
        Some(base) => merge::merged(attr, &base.value, policy),
    };
    // Where the policy came from, for the table and the route documentation.
    let source = match &attr.policy {
        None => quote!(),
        Some(base) => {
            let base = base_name(&base.value);
            let overridden = attr
                .seen
                .iter()
                .any(|k| !matches!(k.as_str(), "policy" | "crate"));
            quote!(, #base, #overridden)
        }
    };
    let constructor = match &attr.policy {
        None => quote!(new),
        Some(_) => quote!(named),
    };
    // `origins = env("NAME")`: the policy's other keys with a stand-in origin, resolved by the
    // router from the variable (with the same checks) when it is built.
    let (constructor, source) = match &attr.origins_env {
        Some(env) => {
            let var = &env.value;
            let opt_out = attr.dangerously_allow_insecure_origins.is_some();
            (quote!(env), quote!(, #var, #opt_out))
        }
        None => (constructor, source),
    };

    quote! {
        // Whatever the user's crate denies, generated code never warns: it names the handler, which
        // may be `#[deprecated]`, and its shapes are not the user's to change.
        #[allow(deprecated, unused, clippy::all, clippy::pedantic, clippy::nursery)]
        const _: () = {
            use #krate::__private_v1 as __cors_private;
            #policy_static
            #p::inventory::submit! {
                #p::Registration::#constructor(
                    {
                        fn __cors_handler_type() -> #p::HandlerType {
                            #p::handler_type_of_val(&#name)
                        }
                        __cors_handler_type
                    },
                    #name_str,
                    #p::module_path!(),
                    &__CORS_POLICY
                    #source
                )
            }
        };
    }
}

/// `#[cors(none)]`, or isolation keys without `origins`: registered without a policy, so the router
/// neither gives it a default nor lists it as merely unannotated.
fn opt_out(handler: &Handler<'_>, krate: &TokenStream, none: bool) -> TokenStream {
    let p = private();
    // `none` written, or only isolation keys: the same opt-out, named as written in the table.
    let constructor = if none {
        quote!(none)
    } else {
        quote!(isolation_only)
    };
    let name = handler.ident();
    let name_str = Literal::string(&name.unraw().to_string());
    quote! {
        #[allow(deprecated, unused, clippy::all, clippy::pedantic, clippy::nursery)]
        const _: () = {
            use #krate::__private_v1 as __cors_private;
            #p::inventory::submit! {
                #p::Registration::#constructor(
                    {
                        fn __cors_handler_type() -> #p::HandlerType {
                            #p::handler_type_of_val(&#name)
                        }
                        __cors_handler_type
                    },
                    #name_str,
                    #p::module_path!(),
                )
            }
        };
    }
}

/// A checked policy as `PolicyParts`, and the statics it borrows from, if any (named
/// `__CORS_ORIGIN_PATTERNS`, `__CORS_EXPOSE_VALUE`, `__CORS_MAX_AGE_VALUE`).
fn parts(policy: &CheckedPolicy<'_>, hold: Hold) -> (TokenStream, TokenStream) {
    let p = private();
    let pieces = Pieces::of(policy, hold);
    let Pieces {
        statics,
        origin_patterns,
        exact_origins,
        as_written,
        methods,
        allow_headers,
        expose_headers,
        expose_value,
        max_age,
        max_age_value,
    } = pieces;
    let any_origin = policy.any_origin;
    let credentials = policy.credentials;
    let private_network = policy.private_network;
    let parts = quote! {
        #p::PolicyParts {
            any_origin: #any_origin,
            exact_origins: #exact_origins,
            origin_patterns: #origin_patterns,
            origins_as_written: #as_written,
            credentials: #credentials,
            methods: #methods,
            allow_headers: #allow_headers,
            expose_headers: #expose_headers,
            expose_value: #expose_value,
            max_age: #max_age,
            max_age_value: #max_age_value,
            private_network: #private_network,
        }
    };
    (statics, parts)
}

/// Where the origin patterns and header values of a policy are held.
#[derive(Clone, Copy, PartialEq)]
enum Hold {
    /// In the policy itself: the header values owned, the patterns in an inline `const`. For a
    /// `#[cors]` policy, which nothing borrows from at compile time. Every `static` costs each
    /// later build of the user's crate (a crate may have hundreds of handlers), so none is added.
    Inline,
    /// In `static`s of their own, which the merge of a named policy (`named.rs` in cors-runtime)
    /// borrows at compile time, and which `cors_policy!` keeps for the policies extending it.
    Statics,
}

/// The tokens of each part of a checked policy.
struct Pieces {
    statics: TokenStream,
    origin_patterns: TokenStream,
    exact_origins: TokenStream,
    as_written: TokenStream,
    methods: TokenStream,
    allow_headers: TokenStream,
    expose_headers: TokenStream,
    expose_value: TokenStream,
    max_age: TokenStream,
    max_age_value: TokenStream,
}

impl Pieces {
    fn of(policy: &CheckedPolicy<'_>, hold: Hold) -> Self {
        let p = private();
        let names = |list: &[&str]| -> TokenStream {
            quote!(#p::Cow::Borrowed(&[#(#p::Cow::Borrowed(#list)),*]))
        };
        let patterns = policy.origin_patterns.iter().map(|o| {
            let (scheme, host, subdomains) = (o.scheme, o.host, o.subdomains);
            let port = match o.port {
                Port::Default => quote!(#p::Port::Default),
                Port::Exact(n) => quote!(#p::Port::Exact(#n)),
                Port::Any => quote!(#p::Port::Any),
            };
            quote!(#p::OriginPattern::__new(#scheme, #host, #subdomains, #port))
        });
        let pattern_count = policy.origin_patterns.len();
        let methods = match &policy.methods {
            Some(list) => {
                let list = names(list);
                quote!(#p::Some(#list))
            }
            None => quote!(#p::None),
        };
        let header_names = |n: &Names| match n {
            Names::Any => quote!(#p::HeaderNames::Any),
            Names::List(list) => {
                let list: Vec<&str> = list.iter().map(String::as_str).collect();
                let list = names(&list);
                quote!(#p::HeaderNames::List(#list))
            }
        };
        let mut statics = TokenStream::new();
        let origin_patterns = if hold == Hold::Inline {
            if pattern_count == 0 {
                quote!(#p::Cow::Borrowed(&[]))
            } else {
                // An inline `&[OriginPattern::__new(..)]` calls a const fn, so it would not be
                // promoted to `'static`; a `const` block is.
                quote!(#p::Cow::Borrowed(const { &[#(#patterns),*] }))
            }
        } else {
            statics.extend(quote! {
                static __CORS_ORIGIN_PATTERNS: [#p::OriginPattern; #pattern_count] = [#(#patterns),*];
            });
            quote!(#p::Cow::Borrowed(&__CORS_ORIGIN_PATTERNS))
        };
        let mut value = |name: &str, v: Option<String>| match (v, hold) {
            (Some(v), Hold::Inline) => {
                quote!(#p::Some(#p::Cow::Owned(#p::HeaderValue::from_static(#v))))
            }
            (Some(v), Hold::Statics) => {
                let ident = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
                statics.extend(quote! {
                    static #ident: #p::HeaderValue = #p::HeaderValue::from_static(#v);
                });
                quote!(#p::Some(#p::Cow::Borrowed(&#ident)))
            }
            (None, _) => quote!(#p::None),
        };
        let expose_value = value("__CORS_EXPOSE_VALUE", policy.expose_headers.header_value());
        let max_age_value = value(
            "__CORS_MAX_AGE_VALUE",
            policy.max_age.map(|s| s.to_string()),
        );
        let max_age = match policy.max_age {
            Some(s) => quote!(#p::Some(#s)),
            None => quote!(#p::None),
        };
        Pieces {
            statics,
            origin_patterns,
            exact_origins: names(&policy.exact_origins),
            as_written: names(&policy.origins_as_written),
            methods,
            allow_headers: header_names(&policy.allow_headers),
            expose_headers: header_names(&policy.expose_headers),
            expose_value,
            max_age,
            max_age_value,
        }
    }
}

/// The user's fn as the pointer type the policy holds; a fn of another signature is a type
/// error on its path.
fn origin_fn(path: &syn::Path) -> TokenStream {
    let p = private();
    let span = path
        .segments
        .last()
        .map_or_else(proc_macro2::Span::call_site, |s| s.ident.span());
    quote::quote_spanned! {span=>
        {
            let __cors_origin_fn: #p::OriginFnPtr = #path;
            __cors_origin_fn
        }
    }
}

fn base_name(base: &syn::Path) -> String {
    quote!(#base).to_string().replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro_crate::FoundCrate;

    #[test]
    fn a_fn_is_parsed_without_its_body() {
        let input = quote!(
            #[doc = "x"]
            pub async fn f(a: u8) -> u8 {
                let b = a;
                b
            }
        );
        let (item, body) = parse_item(input).unwrap();
        let syn::Item::Fn(f) = item else {
            panic!("not a fn");
        };
        assert_eq!(f.sig.ident, "f");
        assert_eq!(f.attrs.len(), 1);
        assert!(f.block.stmts.is_empty());
        assert_eq!(body.unwrap().to_string(), "{ let b = a ; b }");

        let (item, body) = parse_item(quote!(
            struct S;
        ))
        .unwrap();
        assert!(matches!(item, syn::Item::Struct(_)) && body.is_none());
        assert!(parse_item(quote!(
            fn f() {}
            fn g() {}
        ))
        .is_err());
    }

    #[test]
    fn runtime_path_follows_the_manifest() {
        let path = |found| runtime_path(found).to_string();
        assert_eq!(path(Ok(FoundCrate::Name("my_cors".into()))), ":: my_cors");
        assert_eq!(path(Ok(FoundCrate::Itself)), ":: cors_runtime");
        assert_eq!(
            path(Err(proc_macro_crate::Error::CargoManifestDirNotSet)),
            ":: cors_runtime"
        );
    }
}
