//! Parsing of the cross-origin isolation keys: `resource_policy = "..."`, and the four opener and
//! embedder keys, which take a value (`opener_policy = "same-origin"`) or a list naming a
//! reporting endpoint (`opener_policy(policy = "same-origin", report_to = "coop")`). Values are
//! judged later, by `cors_rules::check_isolation` (`valid.rs`); here only the shape is read.

use syn::ext::IdentExt;
use syn::parse::ParseStream;
use syn::{parenthesized, Ident, LitStr, Token};

use super::{skip_past_comma, until_comma};
use crate::ast::{IsolationAttr, IsolationValue, Keyed};
use crate::ctxt::Ctxt;

/// The isolation keys, in the order the checks report them.
pub const KEYS: [&str; 5] = [
    "resource_policy",
    "opener_policy",
    "embedder_policy",
    "opener_policy_report_only",
    "embedder_policy_report_only",
];

/// `= "value"`, or (not for `resource_policy`) `(policy = "value", report_to = "endpoint")`.
/// `None` when the shape is wrong (the error is recorded).
pub(super) fn parse(
    input: ParseStream,
    key: &Ident,
    name: &str,
    attr: &mut IsolationAttr,
    ctxt: &mut Ctxt,
) -> Option<()> {
    let reporting = name != "resource_policy";
    let value = if input.peek(syn::token::Paren) && reporting {
        list(input, key, name, ctxt)?
    } else if input.parse::<Token![=]>().is_ok() && input.peek(LitStr) && is_alone(input) {
        IsolationValue {
            policy: input.parse().ok()?,
            report_to: None,
        }
    } else {
        let rest = until_comma(input);
        let example = example(name);
        let help = if reporting {
            format!("write `{name} = \"{example}\"`, or `{name}(policy = \"{example}\", report_to = \"endpoint-name\")` to name a reporting endpoint")
        } else {
            format!("write `{name} = \"{example}\"`")
        };
        let message = format!("`{name}` takes a string literal");
        if rest.is_empty() {
            ctxt.error(key.span(), message, Some(&help));
        } else {
            ctxt.error_spanned(&rest, message, Some(&help));
        }
        return None;
    };
    let slot = match name {
        "resource_policy" => &mut attr.resource_policy,
        "opener_policy" => &mut attr.opener_policy,
        "embedder_policy" => &mut attr.embedder_policy,
        "opener_policy_report_only" => &mut attr.opener_policy_report_only,
        _ => &mut attr.embedder_policy_report_only,
    };
    *slot = Some(Keyed::new(key, value));
    Some(())
}

fn parens<'a>(input: ParseStream<'a>) -> syn::Result<syn::parse::ParseBuffer<'a>> {
    let content;
    parenthesized!(content in input);
    Ok(content)
}

fn is_alone(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<LitStr>().is_ok() && (fork.is_empty() || fork.peek(Token![,]))
}

fn example(name: &str) -> &'static str {
    match name {
        "resource_policy" => "same-site",
        "embedder_policy" | "embedder_policy_report_only" => "require-corp",
        _ => "same-origin",
    }
}

/// `(policy = "same-origin", report_to = "coop")`, in any order; `policy` is required.
fn list(input: ParseStream, key: &Ident, name: &str, ctxt: &mut Ctxt) -> Option<IsolationValue> {
    let Ok(content) = parens(input) else {
        return None;
    };
    let mut policy: Option<LitStr> = None;
    let mut report_to: Option<LitStr> = None;
    let mut broken = false;
    while !content.is_empty() {
        let Ok(inner) = content.call(Ident::parse_any) else {
            ctxt.error(
                content.span(),
                format!("expected `policy` or `report_to` in `{name}(...)`"),
                Some(&format!(
                    "write `{name}(policy = \"{}\", report_to = \"endpoint-name\")`",
                    example(name)
                )),
            );
            return None;
        };
        let inner_name = inner.unraw().to_string();
        let slot = match inner_name.as_str() {
            "policy" => &mut policy,
            "report_to" => &mut report_to,
            _ => {
                ctxt.error(
                    inner.span(),
                    format!("unknown key `{inner_name}` in `{name}(...)`"),
                    Some("the keys are `policy` and `report_to`"),
                );
                broken = true;
                skip_past_comma(&content);
                continue;
            }
        };
        if slot.is_some() {
            ctxt.error(
                inner.span(),
                format!("`{inner_name}` is given twice"),
                Some("give each key once"),
            );
            broken = true;
            skip_past_comma(&content);
            continue;
        }
        if content.parse::<Token![=]>().is_err() || !content.peek(LitStr) {
            let rest = until_comma(&content);
            ctxt.error_spanned(
                quote::quote!(#inner #rest),
                format!("`{inner_name}` takes a string literal"),
                Some(&format!("write `{inner_name} = \"...\"`")),
            );
            broken = true;
            skip_past_comma(&content);
            continue;
        }
        *slot = content.parse().ok();
        if !content.is_empty() && content.parse::<Token![,]>().is_err() {
            ctxt.error(
                content.span(),
                "expected `,` between keys",
                Some(&format!(
                    "write `{name}(policy = \"...\", report_to = \"...\")`"
                )),
            );
            return None;
        }
    }
    if broken {
        return None;
    }
    let Some(policy) = policy else {
        ctxt.error(
            key.span(),
            format!("`{name}(...)` needs `policy`"),
            Some(&format!(
                "write `{name}(policy = \"{}\", report_to = \"endpoint-name\")`",
                example(name)
            )),
        );
        return None;
    };
    Some(IsolationValue { policy, report_to })
}
