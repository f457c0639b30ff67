//! Parsing `#[cors(...)]` into [`Attr`]. Parsing never stops at the first mistake: each error is
//! recorded in the [`Ctxt`] and parsing resumes at the next `,`, so one build shows them all.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{bracketed, Ident, LitStr, Token};

use crate::ast::{Attr, Keyed, Method};
use crate::ctxt::Ctxt;
use crate::habits;

// The one-value keys' parsers, in a file of their own (see there).
mod scalars;
use scalars::{crate_path, env_name, fn_path, is_env_call, policy_path, seconds};

// The cross-origin isolation keys' parser, in a file of its own.
pub mod isolation;

/// Every key, for "unknown key" suggestions and the docs.
pub const KEYS: [&str; 17] = [
    "origins",
    "credentials",
    "methods",
    "headers",
    "expose",
    "max_age",
    "private_network",
    "crate",
    cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS,
    "policy",
    "none",
    "origin_fn",
    "resource_policy",
    "opener_policy",
    "embedder_policy",
    "opener_policy_report_only",
    "embedder_policy_report_only",
];

/// Parses the attribute's arguments. Always returns a model: what could be parsed is in it, and
/// everything that could not is an error in `ctxt`.
pub fn parse(args: TokenStream, ctxt: &mut Ctxt) -> Attr {
    let mut attr = Attr::default();
    let parser = |input: ParseStream| {
        parse_keys(input, &mut attr, ctxt);
        Ok(())
    };
    if let Err(e) = parser.parse2(args) {
        ctxt.push(e);
    }
    attr
}

fn parse_keys(input: ParseStream, attr: &mut Attr, ctxt: &mut Ctxt) {
    while !input.is_empty() {
        let key = match input.call(Ident::parse_any) {
            Ok(key) => key,
            Err(_) => {
                if input.peek(LitStr) {
                    // Most likely an origin written without its key.
                    attr.suggested.push("origins");
                    ctxt.error(
                        input.span(),
                        "expected a key before this string",
                        Some(&format!(
                            "origins are listed as `origins = [{}]`",
                            first_token(input)
                        )),
                    );
                } else {
                    ctxt.error(
                        input.span(),
                        "expected a key, such as `origins`",
                        Some(&format!("the keys are {}", key_list())),
                    );
                }
                skip_past_comma(input);
                continue;
            }
        };
        let name = key.unraw().to_string();
        if attr.seen.contains(&name) {
            ctxt.error(
                key.span(),
                format!("`{name}` is given twice"),
                Some("give each key once; merge the two values"),
            );
            skip_past_comma(input);
            continue;
        }
        if KEYS.contains(&name.as_str()) {
            attr.seen.push(name.clone());
            // `opener_policy(policy = ..., report_to = ...)` is a form of its own.
            let listed = isolation::KEYS.contains(&name.as_str());
            if !listed && habits::key_syntax(input, &key, &name, ctxt) {
                skip_past_comma(input);
                continue;
            }
        }
        let parsed = match name.as_str() {
            "origins" if is_env_call(input) => value(input, &key, ctxt, env_name)
                .map(|value| attr.origins_env = Some(Keyed::new(&key, value))),
            "origins" => value(input, &key, ctxt, |input, ctxt| {
                string_list(input, &key, "\"https://app.example.com\"", ctxt)
            })
            .map(|value| attr.origins = Some(Keyed::new(&key, value))),
            "methods" => value(input, &key, ctxt, |input, ctxt| {
                method_list(input, &key, ctxt)
            })
            .map(|value| attr.methods = Some(Keyed::new(&key, value))),
            "headers" => value(input, &key, ctxt, |input, ctxt| {
                string_list(input, &key, "\"content-type\"", ctxt)
            })
            .map(|value| attr.headers = Some(Keyed::new(&key, value))),
            "expose" => value(input, &key, ctxt, |input, ctxt| {
                string_list(input, &key, "\"x-request-id\"", ctxt)
            })
            .map(|value| attr.expose = Some(Keyed::new(&key, value))),
            "max_age" => value(input, &key, ctxt, seconds)
                .map(|value| attr.max_age = Some(Keyed::new(&key, value))),
            "crate" => value(input, &key, ctxt, crate_path)
                .map(|value| attr.krate = Some(Keyed::new(&key, value))),
            "origin_fn" => value(input, &key, ctxt, fn_path)
                .map(|value| attr.origin_fn = Some(Keyed::new(&key, value))),
            "policy" => value(input, &key, ctxt, policy_path)
                .map(|value| attr.policy = Some(Keyed::new(&key, value))),
            "credentials" => {
                flag(input, &key, ctxt).map(|on| attr.credentials = on.then(|| key.clone()))
            }
            "private_network" => {
                flag(input, &key, ctxt).map(|on| attr.private_network = on.then(|| key.clone()))
            }
            "none" => flag(input, &key, ctxt).map(|on| attr.none = on.then(|| key.clone())),
            n if n == cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS => flag(input, &key, ctxt)
                .map(|on| attr.dangerously_allow_insecure_origins = on.then(|| key.clone())),
            n if isolation::KEYS.contains(&n) => {
                isolation::parse(input, &key, n, &mut attr.isolation, ctxt)
            }
            _ => {
                unknown_key(&key, &name, attr, ctxt);
                None
            }
        };
        if parsed.is_none() {
            skip_past_comma(input);
            continue;
        }
        if input.is_empty() {
            break;
        }
        if input.parse::<Token![,]>().is_err() {
            ctxt.error(
                input.span(),
                "expected `,` between keys",
                Some("separate the keys with commas: `origins = [...], credentials`"),
            );
            skip_past_comma(input);
        }
    }
}

/// The tokens up to the next top-level `,`, consumed.
pub fn until_comma(input: ParseStream) -> TokenStream {
    input
        .step(|cursor| {
            let mut rest = *cursor;
            let mut out = TokenStream::new();
            while let Some((tt, next)) = rest.token_tree() {
                if matches!(&tt, TokenTree::Punct(p) if p.as_char() == ',') {
                    break;
                }
                out.extend([tt]);
                rest = next;
            }
            Ok((out, rest))
        })
        .unwrap_or_default()
}

fn key_list() -> String {
    KEYS.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_key(key: &Ident, name: &str, attr: &mut Attr, ctxt: &mut Ctxt) {
    let near = nearest_key(name);
    if let Some(near) = near {
        attr.suggested.push(near);
    }
    let help = match near {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the keys are {}", key_list()),
    };
    ctxt.error(key.span(), format!("unknown key `{name}`"), Some(&help));
}

/// The known key the user most likely meant: one containing the other (`allow_credentials`,
/// `expose_headers`), or the closest by edit distance.
fn nearest_key(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    let stripped = ["access_control_allow_", "allowed_", "allow_"]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(&name);
    KEYS.iter()
        .filter_map(|&known| {
            let distance = edit_distance(stripped, known).min(edit_distance(&name, known));
            // The longest of the two spellings found inside the key, or inside which it is found.
            let overlap = [stripped, name.as_str()]
                .iter()
                .filter(|n| n.len() >= 4 && (known.contains(**n) || n.contains(known)))
                .map(|n| n.len().min(known.len()))
                .max();
            let contained = overlap.is_some();
            let prefix = known.starts_with(stripped) || stripped.starts_with(known);
            // Containment ranks first; then a key the name starts with (`expose_headers` is
            // `expose`), then the longest overlap, then the closest spelling.
            let rank = (!contained, !prefix, std::cmp::Reverse(overlap), distance);
            (contained || distance <= 2.max(known.len() / 3)).then_some((rank, known))
        })
        .min()
        .map(|(_, known)| known)
}

/// Levenshtein distance over bytes (keys are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `= <value>`; `None` when the `=` or the value is wrong (the error is recorded).
fn value<T>(
    input: ParseStream,
    key: &Ident,
    ctxt: &mut Ctxt,
    parse: impl FnOnce(ParseStream, &mut Ctxt) -> Option<T>,
) -> Option<T> {
    if input.parse::<Token![=]>().is_err() {
        ctxt.error(
            key.span(),
            format!("`{}` needs a value", key.unraw()),
            Some(&format!("write `{}`", example(&key.unraw().to_string()))),
        );
        return None;
    }
    if input.is_empty() || input.peek(Token![,]) {
        ctxt.error(
            key.span(),
            format!("`{}` needs a value after `=`", key.unraw()),
            Some(&format!("write `{}`", example(&key.unraw().to_string()))),
        );
        return None;
    }
    parse(input, ctxt)
}

fn example(key: &str) -> &'static str {
    match key {
        "origins" => "origins = [\"https://app.example.com\"]",
        "methods" => "methods = [GET, POST]",
        "headers" => "headers = [\"content-type\"]",
        "expose" => "expose = [\"x-request-id\"]",
        "max_age" => "max_age = 600",
        "crate" => "crate = \"my_cors_runtime\"",
        "policy" => "policy = WRITES",
        "origin_fn" => "origin_fn = tenants::is_allowed",
        _ => "",
    }
}

/// A flag key: alone (on), or `= true` / `= false`, which configuration-minded users write.
fn flag(input: ParseStream, key: &Ident, ctxt: &mut Ctxt) -> Option<bool> {
    if input.parse::<Option<Token![=]>>().ok().flatten().is_none() {
        return Some(true);
    }
    match input.parse::<syn::Lit>() {
        Ok(syn::Lit::Bool(b)) => Some(b.value),
        Ok(other) => {
            ctxt.error(
                other.span(),
                format!("`{key}` is a flag: it takes no value, or `true` / `false`"),
                Some(&format!("write `{key}` alone to turn it on, or remove it")),
            );
            None
        }
        Err(_) => {
            ctxt.error(
                key.span(),
                format!("`{key}` is a flag: it takes no value, or `true` / `false`"),
                Some(&format!("write `{key}` alone to turn it on, or remove it")),
            );
            None
        }
    }
}

/// `[...]` around a list; a single value instead is an error with the bracketed form as help.
fn bracketed_list<T>(
    input: ParseStream,
    key: &Ident,
    ctxt: &mut Ctxt,
    mut item: impl FnMut(ParseStream, &mut Ctxt) -> Option<T>,
) -> Option<Vec<T>> {
    if input.peek(Ident) && input.peek2(Token![!]) || input.peek(syn::token::Paren) {
        let expr = until_comma(input);
        let inner = match expr.clone().into_iter().last() {
            Some(TokenTree::Group(g)) => g.stream().to_string(),
            _ => String::new(),
        };
        let what = if input.is_empty() || input.peek(Token![,]) {
            if expr.to_string().starts_with('(') {
                "parentheses"
            } else {
                "a macro call"
            }
        } else {
            "this"
        };
        ctxt.error_spanned(
            &expr,
            format!("`{key}` takes a list in brackets, not {what}"),
            Some(&format!("write `{key} = [{inner}]`")),
        );
        return None;
    }
    let Ok(content) = brackets(input) else {
        let found = first_token(input);
        ctxt.error(
            input.span(),
            format!("`{key}` takes a list in brackets"),
            Some(&format!("write `{key} = [{found}]`")),
        );
        return None;
    };
    let mut items = Vec::new();
    let mut broken = false;
    while !content.is_empty() {
        match item(&content, ctxt) {
            Some(value) => items.push(value),
            None => {
                broken = true;
                skip_past_comma(&content);
                continue;
            }
        }
        if content.is_empty() {
            break;
        }
        if content.parse::<Token![,]>().is_err() {
            ctxt.error(
                content.span(),
                "expected `,` between list entries",
                Some("separate the entries with commas: `[\"a\", \"b\"]`"),
            );
            skip_past_comma(&content);
        }
    }
    // A list whose only entries were wrong is not also reported as empty.
    if broken && items.is_empty() {
        return None;
    }
    Some(items)
}

fn brackets<'a>(input: ParseStream<'a>) -> syn::Result<syn::parse::ParseBuffer<'a>> {
    let content;
    bracketed!(content in input);
    Ok(content)
}

fn first_token(input: ParseStream) -> String {
    input
        .cursor()
        .token_tree()
        .map(|(tt, _)| tt.to_string())
        .unwrap_or_default()
}

fn string_list(
    input: ParseStream,
    key: &Ident,
    example: &str,
    ctxt: &mut Ctxt,
) -> Option<Vec<LitStr>> {
    bracketed_list(input, key, ctxt, |content, ctxt| {
        // Taken first: parsing a literal of another kind consumes it.
        let span = content.span();
        match content.parse::<LitStr>() {
            Ok(lit) => Some(lit),
            Err(_) => {
                ctxt.error(
                    span,
                    format!("`{key}` entries are string literals"),
                    Some(&format!("write the entry in quotes, such as {example}")),
                );
                None
            }
        }
    })
}

fn method_list(input: ParseStream, key: &Ident, ctxt: &mut Ctxt) -> Option<Vec<Method>> {
    bracketed_list(input, key, ctxt, |content, ctxt| {
        if content.peek(Token![*]) {
            return content.parse().ok().map(Method::Star);
        }
        if content.peek(LitStr) {
            return content.parse().ok().map(Method::Str);
        }
        if content.peek(Token![::]) || content.peek2(Token![::]) {
            let path = until_comma(content);
            let last = path
                .clone()
                .into_iter()
                .filter_map(|tt| match tt {
                    TokenTree::Ident(ident) => Some(ident.unraw().to_string()),
                    _ => None,
                })
                .last()
                .unwrap_or_default();
            ctxt.error_spanned(
                &path,
                format!(
                    "`methods` lists method names, not the `{}` value",
                    path.to_string().replace(' ', "")
                ),
                Some(&format!("write `{last}`")),
            );
            return None;
        }
        match content.call(Ident::parse_any) {
            Ok(ident) => Some(Method::Ident(ident)),
            Err(_) => {
                ctxt.error(
                    content.span(),
                    "`methods` entries are method names",
                    Some("write them as identifiers, such as `methods = [GET, POST]`, or as strings for names that are not identifiers (\"M-SEARCH\")"),
                );
                None
            }
        }
    })
}

/// Skips to just after the next top-level `,` (or to the end), to resume after an error.
fn skip_past_comma(input: ParseStream) {
    let _ = input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tt, next)) = rest.token_tree() {
            if matches!(&tt, TokenTree::Punct(p) if p.as_char() == ',') {
                return Ok(((), next));
            }
            rest = next;
        }
        Ok(((), rest))
    });
}

/// Where to report a missing `origins`: the attribute itself.
pub fn attribute_span() -> Span {
    Span::call_site()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let table = [
            ("allow_credentials", Some("credentials")),
            ("credential", Some("credentials")),
            ("origin", Some("origins")),
            ("allow_origins", Some("origins")),
            ("allowed_origins", Some("origins")),
            ("method", Some("methods")),
            ("allow_methods", Some("methods")),
            ("allow_headers", Some("headers")),
            ("expose_headers", Some("expose")),
            ("exposed", Some("expose")),
            ("maxage", Some("max_age")),
            ("max_age_secs", Some("max_age")),
            ("allow_private_network", Some("private_network")),
            (
                "insecure",
                Some(cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS),
            ),
            (
                "allow_insecure_origins",
                Some(cors_rules::DANGEROUSLY_ALLOW_INSECURE_ORIGINS),
            ),
            ("krate", Some("crate")),
            ("banana", None),
            ("x", None),
        ];
        for (input, expected) in table {
            assert_eq!(nearest_key(input), expected, "{input}");
        }
    }
}
