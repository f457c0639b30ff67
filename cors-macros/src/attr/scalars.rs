//! The parsers of the keys that take one value rather than a list: `max_age`, `crate`,
//! `origins = env(...)`, `origin_fn` and `policy`. Each reads its value after the `=` and, when it
//! is wrong, records one error in the [`Ctxt`] and returns `None`, like the rest of `attr.rs`; they
//! live apart only to keep that file readable (no source file over 600 lines).

use syn::parse::ParseStream;
use syn::{Ident, LitInt, LitStr, Token};

use super::until_comma;
use crate::ctxt::Ctxt;
use crate::habits;

pub(super) fn seconds(input: ParseStream, ctxt: &mut Ctxt) -> Option<(LitInt, u64)> {
    if input.peek(Token![-]) {
        ctxt.error(
            input.span(),
            "`max_age` cannot be negative",
            Some("use a number of seconds from 0 (no caching) to 86400"),
        );
        return None;
    }
    let span = input.span();
    let lone_literal = {
        let fork = input.fork();
        fork.parse::<LitInt>().is_ok() && (fork.is_empty() || fork.peek(Token![,]))
    };
    if !lone_literal {
        let expr = until_comma(input);
        let (message, help) = match syn::parse2::<syn::Expr>(expr.clone()) {
            Ok(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Float(_),
                ..
            })) => (
                "`max_age` is a whole number of seconds, not a float".to_owned(),
                "write an integer literal, such as `max_age = 600`".to_owned(),
            ),
            Ok(syn::Expr::Lit(_)) | Err(_) => (
                "`max_age` is a whole number of seconds".to_owned(),
                "write it as an integer literal, such as `max_age = 600`".to_owned(),
            ),
            Ok(e) => match habits::seconds_of(&e) {
                Some(secs) => (
                    "`max_age` is an integer literal, not an expression".to_owned(),
                    format!("write `max_age = {secs}`"),
                ),
                None => (
                    "`max_age` is an integer literal, not an expression".to_owned(),
                    "write the number of seconds, such as `max_age = 600`".to_owned(),
                ),
            },
        };
        if expr.is_empty() {
            ctxt.error(span, message, Some(&help));
        } else {
            ctxt.error_spanned(&expr, message, Some(&help));
        }
        return None;
    }
    let lit = input.parse::<LitInt>().ok()?;
    if !matches!(lit.suffix(), "" | "u16" | "u32" | "u64" | "usize") {
        ctxt.error(
            lit.span(),
            format!("`max_age` does not take the suffix `{}`", lit.suffix()),
            Some("write plain seconds, such as `max_age = 600`"),
        );
        return None;
    }
    match lit.base10_parse::<u64>() {
        Ok(value) => Some((lit, value)),
        Err(_) => {
            ctxt.error(
                lit.span(),
                "`max_age` is too large",
                Some("use a number of seconds from 0 to 86400"),
            );
            None
        }
    }
}

pub(super) fn crate_path(input: ParseStream, ctxt: &mut Ctxt) -> Option<syn::Path> {
    let span = input.span();
    let Ok(lit) = input.parse::<LitStr>() else {
        ctxt.error(
            span,
            "`crate` is a path in a string",
            Some("write `crate = \"my_cors_runtime\"` with the name you gave the cors-runtime dependency"),
        );
        return None;
    };
    match lit.parse::<syn::Path>() {
        Ok(path) => Some(path),
        Err(_) => {
            ctxt.error(
                lit.span(),
                format!("`{}` is not a path", lit.value()),
                Some("write the name you gave the cors-runtime dependency, such as \"my_cors_runtime\""),
            );
            None
        }
    }
}

/// `= env(...)` follows.
pub(super) fn is_env_call(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<Token![=]>().is_ok()
        && fork.peek(Ident)
        && fork.peek2(syn::token::Paren)
        && fork.parse::<Ident>().is_ok_and(|i| i == "env")
}

/// `env("APP_CORS_ORIGINS")`: the name of the variable holding the origins.
pub(super) fn env_name(input: ParseStream, ctxt: &mut Ctxt) -> Option<LitStr> {
    let call = until_comma(input);
    let name = syn::parse2::<syn::ExprCall>(call.clone())
        .ok()
        .filter(|c| c.args.len() == 1)
        .and_then(|c| match c.args.first() {
            Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(lit),
                ..
            })) => Some(lit.clone()),
            _ => None,
        });
    let Some(name) = name else {
        ctxt.error_spanned(
            &call,
            "`env(...)` takes the variable's name as one string literal",
            Some("write `origins = env(\"APP_CORS_ORIGINS\")`"),
        );
        return None;
    };
    let value = name.value();
    if value.is_empty() || value.contains(|c: char| c == '=' || c == '\0' || c.is_whitespace()) {
        ctxt.error(
            name.span(),
            format!("`{value}` is not an environment variable name"),
            Some("use a name without `=`, whitespace or NUL, such as \"APP_CORS_ORIGINS\""),
        );
        return None;
    }
    Some(name)
}

/// `origin_fn = tenants::is_allowed`: the path of a `fn(&Origin) -> bool`, alone.
pub(super) fn fn_path(input: ParseStream, ctxt: &mut Ctxt) -> Option<syn::Path> {
    let fork = input.fork();
    let lone_path = fork.parse::<syn::Path>().is_ok() && (fork.is_empty() || fork.peek(Token![,]));
    if !lone_path {
        let expr = until_comma(input);
        ctxt.error_spanned(
            &expr,
            "`origin_fn` takes the path of a `fn(&Origin) -> bool`",
            Some("write `origin_fn = is_allowed` with `fn is_allowed(origin: &Origin) -> bool`; a closure goes in `Policy::builder().origin_fn(...)`"),
        );
        return None;
    }
    input.parse::<syn::Path>().ok()
}

/// `policy = WRITES`: the path of a `static` made by `cors_policy!`, alone.
pub(super) fn policy_path(input: ParseStream, ctxt: &mut Ctxt) -> Option<syn::Path> {
    let fork = input.fork();
    let lone_path = fork.parse::<syn::Path>().is_ok() && (fork.is_empty() || fork.peek(Token![,]));
    if !lone_path {
        let expr = until_comma(input);
        let inner = match syn::parse2::<syn::LitStr>(expr.clone()) {
            Ok(lit) => lit.value(),
            Err(_) => "WRITES".to_owned(),
        };
        ctxt.error_spanned(
            &expr,
            "`policy` takes the name of a `static` made by `cors_policy!`",
            Some(&format!(
                "write `policy = {inner}`, with `static {inner}: Policy = cors_policy!(...);`"
            )),
        );
        return None;
    }
    input.parse::<syn::Path>().ok()
}
