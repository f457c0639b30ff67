//! `#[cors(policy = BASE, ...)]`: generation of the merge of a named policy with the keys given
//! beside it, and of the messages for the conflicts the merge can find. Apart from `expand.rs`
//! because it is the one form with its own output shape (an `Override` evaluated at compile time),
//! and to keep that file under 600 lines; it reuses the parent's `Pieces` so that both forms emit
//! the same statics.

use proc_macro2::TokenStream;
use quote::quote;

use cors_rules::CheckedPolicy;

use super::{base_name, origin_fn, private, Hold, Pieces};
use crate::valid;

/// `#[cors(policy = BASE, ...)]`: `BASE` with the keys given here in place of its own, combined
/// by const evaluation so that a conflict between the two sides is a compile error (see
/// `named.rs` in cors-runtime).
pub(super) fn merged(
    attr: &crate::ast::Attr,
    base: &syn::Path,
    policy: &CheckedPolicy<'_>,
) -> TokenStream {
    let p = private();
    let pieces = Pieces::of(policy, Hold::Statics);
    let given = |key: &str| attr.given(key);
    let some_if = |key: &str, tokens: TokenStream| {
        if given(key) {
            quote!(#p::Some(#tokens))
        } else {
            quote!(#p::None)
        }
    };
    let origins = if given("origins") || given("origin_fn") {
        let (with_credentials, with_private_network) = valid::origin_facts(
            &policy.origins_as_written,
            attr.dangerously_allow_insecure_origins.is_some(),
        );
        let any_origin = policy.any_origin;
        let (exact, written, patterns) = (
            &pieces.exact_origins,
            &pieces.as_written,
            &pieces.origin_patterns,
        );
        quote!(#p::Some(#p::OverrideOrigins {
            any_origin: #any_origin,
            exact_origins: #exact,
            origin_patterns: #patterns,
            origins_as_written: #written,
            facts: #p::OriginFacts {
                with_credentials: #with_credentials,
                with_private_network: #with_private_network,
            },
        }))
    } else {
        quote!(#p::None)
    };
    let credentials = policy.credentials;
    let credentials = some_if("credentials", quote!(#credentials));
    let private_network = policy.private_network;
    let private_network = some_if("private_network", quote!(#private_network));
    let methods = some_if("methods", pieces.methods.clone());
    let allow_headers = some_if("headers", pieces.allow_headers.clone());
    let (expose_headers, expose_value) = (&pieces.expose_headers, &pieces.expose_value);
    let expose = some_if("expose", quote!((#expose_headers, #expose_value)));
    let max_age = match policy.max_age {
        Some(secs) => quote!(#p::Some((#secs, #p::Cow::Borrowed(&__CORS_MAX_AGE_VALUE)))),
        None => quote!(#p::None),
    };
    let origin_fn = match &attr.origin_fn {
        Some(f) => {
            let f = origin_fn(&f.value);
            quote!(#p::Some(#f))
        }
        None => quote!(#p::None),
    };
    let messages = merge_messages(&base_name(base));
    let statics = &pieces.statics;
    // Spanned on the path: a conflict's error points at `policy = BASE`.
    let span = base
        .segments
        .last()
        .map_or_else(proc_macro2::Span::call_site, |s| s.ident.span());
    let merge = quote::quote_spanned! {span=>
        #p::Policy::__merge(&#base, #p::Override {
            origins: #origins,
            credentials: #credentials,
            methods: #methods,
            allow_headers: #allow_headers,
            expose_headers: #expose,
            max_age: #max_age,
            private_network: #private_network,
            origin_fn: #origin_fn,
        }, &__CORS_MESSAGES)
    };
    quote! {
        #statics
        static __CORS_MESSAGES: #p::MergeMessages = #messages;
        static __CORS_POLICY: #p::Policy = #merge;
    }
}

/// One message per conflict `named.rs` can find, naming the named policy and the key given here.
fn merge_messages(base: &str) -> TokenStream {
    let p = private();
    let msg = |message: String, help: &str| crate::ctxt::with_help(message, Some(help));
    let not_https = "is not https: anyone on the network path could impersonate it and act with \
                     the user's cookies";
    let suffix = "covers a public suffix, under which anyone can register a site";
    let star = |what: &str| {
        format!("with credentials, browsers read `*` as a {what} named `*`, never as a wildcard")
    };
    let here = [
        msg(
            format!("`credentials` here cannot be combined with the `\"*\"` origins of `{base}`: browsers reject `Access-Control-Allow-Origin: *` on credentialed requests"),
            "list the origins allowed to send credentials here (`origins = [...]`), or remove `credentials`",
        ),
        msg(
            format!("`credentials` here cannot be combined with the origins of `{base}`: one of them {not_https}"),
            "list https origins here (`origins = [...]`), or remove `credentials`",
        ),
        msg(
            format!("`credentials` here cannot be combined with the origins of `{base}`: one of its patterns {suffix}"),
            "list the origins of sites you own here (`origins = [...]`), or remove `credentials`",
        ),
        msg(
            format!("`credentials` here cannot be combined with the `\"*\"` headers of `{base}`: {}", star("header")),
            "list the headers here (`headers = [...]`), or remove `credentials`",
        ),
        msg(
            format!("`credentials` here cannot be combined with the `\"*\"` exposed headers of `{base}`: {}", star("header")),
            "list the exposed headers here (`expose = [...]`), or remove `credentials`",
        ),
        msg(
            format!("`credentials` here cannot be combined with the `*` methods of `{base}`: {}", star("method")),
            "list the methods here (`methods = [...]`), or remove `credentials`",
        ),
    ];
    let off = "or turn credentials off here with `credentials = false`";
    let there = [
        msg(
            format!("`\"*\"` origins here cannot be combined with the `credentials` of `{base}`: browsers reject `Access-Control-Allow-Origin: *` on credentialed requests"),
            &format!("list the origins allowed to send credentials, {off}"),
        ),
        msg(
            format!("an origin here {not_https}, and `{base}` sets `credentials`"),
            &format!("use https origins, {off}"),
        ),
        msg(
            format!("an origin pattern here {suffix}, and `{base}` sets `credentials`"),
            &format!("list the origins of sites you own, {off}"),
        ),
        msg(
            format!("`\"*\"` headers here cannot be combined with the `credentials` of `{base}`: {}", star("header")),
            &format!("list the headers, {off}"),
        ),
        msg(
            format!("`\"*\"` exposed headers here cannot be combined with the `credentials` of `{base}`: {}", star("header")),
            &format!("list the exposed headers, {off}"),
        ),
        msg(
            format!("`*` methods here cannot be combined with the `credentials` of `{base}`: {}", star("method")),
            &format!("list the methods, {off}"),
        ),
    ];
    let plain_http = "Chromium sends private network access preflights only from secure contexts";
    let pn_here = [
        msg(
            format!("`private_network` here cannot be combined with the `\"*\"` origins of `{base}`: any website on the internet could reach this private-network server"),
            "list the origins that may reach the private network here (`origins = [...]`), or remove `private_network`",
        ),
        msg(
            format!("`private_network` here cannot be combined with the origins of `{base}`: one of them is plain `http`, and {plain_http}"),
            "list https origins here (`origins = [...]`), or remove `private_network`",
        ),
        msg(
            format!("`private_network` here cannot be combined with the origins of `{base}`: one of its patterns {suffix}"),
            "list the origins of sites you own here (`origins = [...]`), or remove `private_network`",
        ),
    ];
    let pn_off = "or turn it off here with `private_network = false`";
    let pn_there = [
        msg(
            format!("`\"*\"` origins here cannot be combined with the `private_network` of `{base}`: any website on the internet could reach this private-network server"),
            &format!("list the origins that may reach the private network, {pn_off}"),
        ),
        msg(
            format!("an origin here is plain `http`, and `{base}` sets `private_network`: {plain_http}"),
            &format!("use https origins, {pn_off}"),
        ),
        msg(
            format!("an origin pattern here {suffix}, and `{base}` sets `private_network`"),
            &format!("list the origins of sites you own, {pn_off}"),
        ),
    ];
    let not_named = format!(
        "`{base}` is not a policy made by `cors_policy!`\n= help: define it as `static {base}: Policy = cors_policy!(...);`"
    );
    quote! {
        #p::MergeMessages {
            not_named: #not_named,
            credentials_here: [#(#here),*],
            credentials_there: [#(#there),*],
            private_network_here: [#(#pn_here),*],
            private_network_there: [#(#pn_there),*],
        }
    }
}
