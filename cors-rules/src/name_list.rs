//! The `methods`, `headers` and `expose` lists: each name's syntax (by `method.rs` and
//! `header.rs`), duplicates, and `*`, which only the whole policy can judge.

use std::collections::HashMap;

use crate::header::{check_exposed_header, check_request_header};
use crate::method::check_method;
use crate::problem::{problem, Problem, Site};
use crate::spec::{Names, PolicySpec};

pub(crate) fn check_methods<'a>(
    spec: &PolicySpec<'a>,
    problems: &mut Vec<Problem>,
) -> Option<Vec<&'a str>> {
    let methods = spec.methods.as_ref()?;
    if methods.is_empty() {
        problems.push(problem(
            Site::Methods,
            None,
            "`methods` is empty: no method would be allowed".to_owned(),
            "list the methods, or remove `methods` to allow the ones the handler is routed on"
                .to_owned(),
        ));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, &method) in methods.iter().enumerate() {
        if let Some(&first) = seen.get(method) {
            problems.push(problem(
                Site::Method(i),
                Some(Site::Method(first)),
                format!("method `{method}` is listed twice"),
                "remove one of them".to_owned(),
            ));
            continue;
        }
        seen.insert(method, i);
        if method == "*" {
            check_star(spec, methods.len(), Site::Method(i), "methods", problems);
        } else if let Err(fault) = check_method(method) {
            problems.push(Problem::at(Site::Method(i), fault));
        }
    }
    Some(methods.clone())
}

#[derive(Clone, Copy)]
pub(crate) enum List {
    Headers,
    Expose,
}

pub(crate) fn check_names(
    spec: &PolicySpec<'_>,
    which: List,
    problems: &mut Vec<Problem>,
) -> Names {
    let (names, key, site): (&[&str], &str, fn(usize) -> Site) = match which {
        List::Headers => (&spec.headers, "headers", Site::Header),
        List::Expose => (&spec.expose, "expose", Site::Exposed),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut any = false;
    for (i, &name) in names.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        if let Some(&first) = seen.get(&lower) {
            let message = if names[first] == name {
                format!("header `{name}` is listed twice in `{key}`")
            } else {
                format!(
                    "header `{name}` is listed twice in `{key}` (as `{}`; header names ignore case)",
                    names[first]
                )
            };
            problems.push(problem(
                site(i),
                Some(site(first)),
                message,
                "remove one of them".to_owned(),
            ));
            continue;
        }
        seen.insert(lower, i);
        if name == "*" {
            any = true;
            // `authorization` is the one name `*` never covers (Fetch standard), so listing it
            // beside `*` is meaningful; any other name beside `*` is redundant.
            let covered = names.len() - usize::from(authorization_beside_star(which, names));
            check_star(spec, covered, site(i), key, problems);
            continue;
        }
        let checked = match which {
            List::Headers => check_request_header(name),
            List::Expose => check_exposed_header(name),
        };
        if let Err(fault) = checked {
            problems.push(Problem::at(site(i), fault));
        }
    }
    if any && authorization_beside_star(which, names) {
        return Names::List(vec!["*".to_owned(), "authorization".to_owned()]);
    }
    if any {
        return Names::Any;
    }
    let mut list: Vec<String> = seen.into_keys().collect();
    list.sort_unstable();
    Names::List(list)
}

/// Whether `headers` lists `authorization` next to `*`: any header, `authorization` included.
fn authorization_beside_star(which: List, names: &[&str]) -> bool {
    matches!(which, List::Headers)
        && names
            .iter()
            .any(|n| n.eq_ignore_ascii_case("authorization"))
}

fn star_one(key: &str) -> &'static str {
    match key {
        "methods" => "method",
        "headers" => "request header",
        _ => "response header",
    }
}

fn star_noun(key: &str) -> &'static str {
    match key {
        "methods" => "methods",
        "headers" => "allowed header names",
        _ => "exposed header names",
    }
}

/// `*` in `methods`, `headers` or `expose`: alone, and never with credentials, where browsers read
/// it as a literal name rather than a wildcard.
fn check_star(
    spec: &PolicySpec<'_>,
    len: usize,
    site: Site,
    key: &str,
    problems: &mut Vec<Problem>,
) {
    if len > 1 {
        let extra = if key == "headers" {
            " except `authorization`, which may be listed beside it"
        } else {
            ""
        };
        problems.push(problem(
            site,
            None,
            format!("`*` is listed together with other entries in `{key}`"),
            format!(
                "`*` alone allows every {}{extra}: keep either `*` or the list",
                star_one(key)
            ),
        ));
    }
    if spec.credentials {
        problems.push(problem(
            site,
            Some(Site::Credentials),
            format!(
                "`*` in `{key}` cannot be combined with `credentials`: on credentialed requests \
                 browsers read `*` as a literal name, not a wildcard"
            ),
            format!(
                "list the {} explicitly, or remove `credentials`",
                star_noun(key)
            ),
        ));
    }
}
