//! Code generation: the user's function unchanged, then its policy as static data and its
//! registration. Everything is computed here from the checked policy; nothing is left for run time.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use syn::ext::IdentExt;

use cors_rules::{CheckedPolicy, Names, Port};

use crate::ast::Handler;
use crate::attr;
use crate::ctxt::Ctxt;
use crate::valid::{self, Values};

/// The whole attribute: parse, check, then either generate or report.
pub fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut ctxt = Ctxt::default();
    let attr = attr::parse(args, &mut ctxt);
    let mut input = input;
    let item = match syn::parse2::<syn::Item>(input.clone()) {
        Ok(mut item) => {
            if let Some(e) = remove_second_attribute(&mut item) {
                ctxt.push(e);
                input = quote!(#item);
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
    let values = Values::of(&attr);
    let checked = valid::check(&attr, &values, &mut ctxt);
    let output = match (handler, checked, ctxt.finish()) {
        (Some(handler), Some(checked), None) => {
            let krate = match &attr.krate {
                Some(k) => {
                    let path = &k.value;
                    quote!(#path)
                }
                None => runtime_path(proc_macro_crate::crate_name("cors-runtime")),
            };
            let generated = registration(&handler, &checked, &krate);
            debug_print(&handler, &generated);
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
fn debug_print(handler: &Handler<'_>, generated: &TokenStream) {
    let Some(filter) = std::env::var_os("CORS_MACROS_DEBUG") else {
        return;
    };
    let name = handler.ident().to_string();
    if filter == "1" || filter == *name {
        eprintln!("#[cors] on `{name}` generates:\n{generated}\n");
    }
}

fn registration(
    handler: &Handler<'_>,
    policy: &CheckedPolicy<'_>,
    krate: &TokenStream,
) -> TokenStream {
    // The crate path is named once, in a `use`: a wrong `crate = "..."` is one unresolved import.
    let p = quote!(__cors_private);
    let name = handler.ident();
    let name_str = Literal::string(&name.unraw().to_string());

    let names = |list: &[&str]| -> TokenStream {
        quote!(#p::Cow::Borrowed(&[#(#p::Cow::Borrowed(#list)),*]))
    };
    let exact_origins = names(&policy.exact_origins);
    let as_written = names(&policy.origins_as_written);
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
    let allow_headers = header_names(&policy.allow_headers);
    let expose_headers = header_names(&policy.expose_headers);
    let header_value = |v: Option<String>| match v {
        Some(v) => quote!(#p::Some(#p::HeaderValue::from_static(#v))),
        None => quote!(#p::None),
    };
    let expose_value = header_value(policy.expose_headers.header_value());
    let max_age_value = header_value(policy.max_age.map(|s| s.to_string()));
    let max_age = match policy.max_age {
        Some(s) => quote!(#p::Some(#s)),
        None => quote!(#p::None),
    };
    let any_origin = policy.any_origin;
    let credentials = policy.credentials;
    let private_network = policy.private_network;

    quote! {
        // Whatever the user's crate denies, generated code never warns: it names the handler, which
        // may be `#[deprecated]`, and its shapes are not the user's to change.
        #[allow(deprecated, unused, clippy::all, clippy::pedantic, clippy::nursery)]
        const _: () = {
            use #krate::__private_v1 as __cors_private;
            // A separate static: an inline `&[OriginPattern::__new(..)]` calls a const fn, so it
            // would not be promoted to `'static`.
            static __CORS_ORIGIN_PATTERNS: [#p::OriginPattern; #pattern_count] = [#(#patterns),*];
            static __CORS_POLICY: #p::Policy = #p::Policy::__from_checked_parts(#p::PolicyParts {
                any_origin: #any_origin,
                exact_origins: #exact_origins,
                origin_patterns: #p::Cow::Borrowed(&__CORS_ORIGIN_PATTERNS),
                origins_as_written: #as_written,
                credentials: #credentials,
                methods: #methods,
                allow_headers: #allow_headers,
                expose_headers: #expose_headers,
                expose_value: #expose_value,
                max_age: #max_age,
                max_age_value: #max_age_value,
                private_network: #private_network,
            });
            #p::inventory::submit! {
                #p::Registration::new(
                    {
                        fn __cors_handler_type() -> #p::HandlerType {
                            #p::handler_type_of_val(&#name)
                        }
                        __cors_handler_type
                    },
                    #name_str,
                    #p::module_path!(),
                    &__CORS_POLICY,
                )
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro_crate::FoundCrate;

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
