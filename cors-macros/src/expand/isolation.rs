//! Code generation for the cross-origin isolation keys: the checked keys as a `static`
//! `Isolation`, registered beside the handler (for `#[cors]`) or carried by the policy (for
//! `cors_policy!`). Nothing is emitted for an attribute without these keys.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use cors_rules::isolation::Checked;
use cors_rules::CheckedIsolation;

use crate::ast::Handler;

/// `static __CORS_ISOLATION: Isolation = ...;`, or nothing when no key is set.
pub(super) fn isolation_static(checked: &CheckedIsolation<'_>) -> Option<TokenStream> {
    if *checked == CheckedIsolation::default() {
        return None;
    }
    let p = quote!(__cors_private);
    let variant = |ty: &str, v: &dyn std::fmt::Debug| {
        let ty = Ident::new(ty, Span::call_site());
        let v = Ident::new(&format!("{v:?}"), Span::call_site());
        quote!(#p::#ty::#v)
    };
    fn reporting<V: std::fmt::Debug + Copy>(
        c: Option<Checked<'_, V>>,
        variant: &dyn Fn(&dyn std::fmt::Debug) -> TokenStream,
    ) -> TokenStream {
        let p = quote!(__cors_private);
        match c {
            Some(c) => {
                let value = variant(&c.value);
                let report_to = match c.report_to {
                    Some(name) => quote!(#p::Some(#name)),
                    None => quote!(#p::None),
                };
                quote!(#p::Some(#p::Reporting::__new(#value, #report_to)))
            }
            None => quote!(#p::None),
        }
    }
    let resource = match checked.resource_policy {
        Some(v) => {
            let v = variant("ResourcePolicy", &v);
            quote!(#p::Some(#v))
        }
        None => quote!(#p::None),
    };
    let opener = |v: &dyn std::fmt::Debug| variant("OpenerPolicy", v);
    let embedder = |v: &dyn std::fmt::Debug| variant("EmbedderPolicy", v);
    let coop = reporting(checked.opener_policy, &opener);
    let coep = reporting(checked.embedder_policy, &embedder);
    let coop_ro = reporting(checked.opener_policy_report_only, &opener);
    let coep_ro = reporting(checked.embedder_policy_report_only, &embedder);
    Some(quote! {
        static __CORS_ISOLATION: #p::Isolation =
            #p::Isolation::__from_parts(#resource, #coop, #coep, #coop_ro, #coep_ro);
    })
}

/// The handler's own isolation keys, registered under the type of its fn item.
pub(super) fn registration(
    handler: &Handler<'_>,
    checked: &CheckedIsolation<'_>,
    krate: &TokenStream,
) -> TokenStream {
    let Some(statics) = isolation_static(checked) else {
        return TokenStream::new();
    };
    let p = quote!(__cors_private);
    let name = handler.ident();
    quote! {
        #[allow(deprecated, unused, clippy::all, clippy::pedantic, clippy::nursery)]
        const _: () = {
            use #krate::__private_v1 as __cors_private;
            #statics
            #p::inventory::submit! {
                #p::IsolationRegistration::new(
                    {
                        fn __cors_isolated() -> #p::TypePath {
                            #p::isolation_type_of_val(&#name)
                        }
                        __cors_isolated
                    },
                    &__CORS_ISOLATION,
                )
            }
        };
    }
}
