//! Syntax users bring from other libraries (tower-http's builder calls, struct literals,
//! `Duration` values), recognised so the error says what to write in `#[cors]` instead of a
//! generic "expected `,`".

use proc_macro2::TokenTree;
use syn::parse::ParseStream;
use syn::{Ident, Token};

use crate::attr::until_comma;
use crate::ctxt::Ctxt;

/// `credentials(true)`, `origins("...")`, `max_age(600)` (builder-call habits) and `origins: [...]`
/// (struct-literal habit): one error over the whole `key ...` saying what to write instead.
pub fn key_syntax(input: ParseStream, key: &Ident, name: &str, ctxt: &mut Ctxt) -> bool {
    let paren = input.peek(syn::token::Paren);
    let colon = input.peek(Token![:]) && !input.peek(Token![::]);
    if !paren && !colon {
        return false;
    }
    let fork = input.fork();
    let rest = until_comma(&fork);
    let inner = match (paren, rest.clone().into_iter().next()) {
        (true, Some(TokenTree::Group(g))) => g.stream(),
        _ => rest.clone().into_iter().skip(1).collect(),
    };
    let inner_text = inner.to_string();
    let is_flag = matches!(
        name,
        "credentials" | "private_network" | cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS
    );
    let write = if is_flag {
        if inner_text.trim() == "false" {
            format!("remove `{name}` to leave it off")
        } else {
            format!("write `{name}` alone to turn it on")
        }
    } else if matches!(name, "origins" | "methods" | "headers" | "expose") {
        let inner_text = inner_text.trim();
        if inner_text.starts_with('[') {
            format!("write `{name} = {inner_text}`")
        } else {
            format!("write `{name} = [{inner_text}]`")
        }
    } else {
        format!("write `{name} = {}`", inner_text.trim())
    };
    let form = if paren { "`key(...)`" } else { "`key: value`" };
    ctxt.error_spanned(
        quote::quote!(#key #rest),
        format!("`#[cors]` keys are written `key = value`, not {form}"),
        Some(&write),
    );
    true
}

/// The seconds an expression from another library's habit stands for: `60 * 10`,
/// `Duration::from_secs(600)`, `Duration::from_mins(10)`; `None` if it is anything else.
pub fn seconds_of(expr: &syn::Expr) -> Option<u64> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(lit),
            ..
        }) => lit.base10_parse().ok(),
        syn::Expr::Paren(p) => seconds_of(&p.expr),
        syn::Expr::Group(g) => seconds_of(&g.expr),
        syn::Expr::Binary(b) => {
            let (l, r) = (seconds_of(&b.left)?, seconds_of(&b.right)?);
            match b.op {
                syn::BinOp::Mul(_) => l.checked_mul(r),
                syn::BinOp::Add(_) => l.checked_add(r),
                syn::BinOp::Sub(_) => l.checked_sub(r),
                syn::BinOp::Div(_) if r != 0 && l % r == 0 => Some(l / r),
                _ => None,
            }
        }
        syn::Expr::Call(call) if call.args.len() == 1 => {
            let syn::Expr::Path(f) = &*call.func else {
                return None;
            };
            let arg = seconds_of(&call.args[0])?;
            match f.path.segments.last()?.ident.to_string().as_str() {
                "from_secs" => Some(arg),
                "from_mins" => arg.checked_mul(60),
                "from_hours" => arg.checked_mul(3600),
                "from_millis" if arg % 1000 == 0 => Some(arg / 1000),
                _ => None,
            }
        }
        _ => None,
    }
}
