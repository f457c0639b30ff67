//! The Markdown table: one row per (path, method), for people.
//!
//! It is written for GitHub-flavoured Markdown tables, which GitHub, GitLab, Gitea and Forgejo all
//! render: a `|` inside a cell must be escaped even within a code span, and a cell cannot hold a
//! line break.

use crate::method_resolution::PREFLIGHT_METHODS;
use std::fmt::Write as _;

use super::json::{CorsDoc, Document, RouteDoc};
use crate::table::PolicyTable;

const HEADER: &str = "| Path | Method | Handler | Origins | Credentials | Request headers \
                      | Exposed headers | Max age | Private network |\n\
                      |---|---|---|---|---|---|---|---|---|\n";

/// What a cell says when there is nothing to say: no header beyond the safelisted ones, no max
/// age, or a route without a policy.
const NONE: &str = "—";

const LEGEND: &str = "\
- **Origins**: as written in `#[cors(origins = [...])]`. `*` is any origin; \
`https://*.example.com` is any subdomain of `example.com` (not `example.com` itself); \
`http://localhost:*` is any port. *same-origin only*: the handler has no `#[cors]` policy, its \
responses carry no CORS headers and its preflights are refused.
- **Credentials**: whether the page may send cookies or HTTP authentication.
- **Request headers**: headers the page may send beyond the CORS-safelisted ones; `*` is any name \
except `authorization`; — is none.
- **Exposed headers**: response headers the page may read beyond the CORS-safelisted ones; `*` is \
any; — is none.
- **Max age**: how long a browser may cache the preflight answer; — leaves it to the browser \
(5 s).
- **Private network**: whether a preflight asking for private network access is granted.
- **Method**: HEAD is answered by the GET handler and its policy unless HEAD is routed itself; \
ANY is a handler routed with `any`, for every method without a handler of its own.
";

/// The table as a Markdown document: a line saying it is generated, the table, and a legend.
///
/// Each row is one (path, method) with its handler, allowed origins, whether credentials are
/// allowed, allowed request headers, exposed response headers, max age and private network access.
/// Rows are in the table's order (path, then method), so a changed policy is a one-line diff.
///
/// ```
/// use cors_runtime::{cors, docs, routing::get, CorsRouter};
///
/// #[cors(origins = ["https://app.example.com"], credentials, max_age = 600)]
/// async fn me() -> &'static str {
///     "me"
/// }
///
/// let table = CorsRouter::<()>::new().route("/me", get(me)).table();
/// let md = docs::markdown(&table);
/// assert!(md.contains(
///     "| `/me` | GET | `me` | `https://app.example.com` | yes | — | — | 600 s | no |"
/// ));
/// ```
pub fn markdown(table: &PolicyTable) -> String {
    render(&Document::new(table))
}

pub(crate) fn render(doc: &Document) -> String {
    let mut out = String::from(
        "<!-- Generated from the router's CORS policy table by cors-runtime. Edit the #[cors] \
         attributes, not this file. -->\n\n",
    );
    // The Isolation column only when a route sends one of those headers.
    let isolation = doc.routes.iter().any(|r| r.isolation.is_some());
    if isolation {
        let (head, rule) = HEADER.split_once('\n').unwrap_or((HEADER, ""));
        let _ = writeln!(out, "{head} Isolation |\n{}---|", rule.trim_end());
    } else {
        out.push_str(HEADER);
    }
    for route in &doc.routes {
        row(&mut out, route);
        if isolation {
            out.pop();
            let _ = writeln!(out, " {} |", isolation_cell(route));
        }
    }
    out.push('\n');
    out.push_str(LEGEND);
    if isolation {
        out.push_str(ISOLATION_LEGEND);
    }
    out
}

const ISOLATION_LEGEND: &str = "\
- **Isolation**: the cross-origin isolation headers of every response of the route: CORP \
`Cross-Origin-Resource-Policy` (who may load it in `no-cors` mode), COOP \
`Cross-Origin-Opener-Policy`, COEP `Cross-Origin-Embedder-Policy`, and their `-Report-Only` forms \
(RO); — is none.
";

fn isolation_cell(route: &RouteDoc) -> String {
    match &route.isolation {
        Some(doc) => doc
            .cell()
            .into_iter()
            .map(|(name, value)| format!("{name} {}", code(value)))
            .collect::<Vec<_>>()
            .join(", "),
        None => NONE.to_owned(),
    }
}

fn row(out: &mut String, route: &RouteDoc) {
    let cells: [String; 9] = match &route.cors {
        Some(cors) => [
            code(&route.path),
            method(route, cors),
            handler(route),
            origins(cors),
            yes_no(cors.allow_credentials),
            code_list(&cors.allow_headers),
            code_list(&cors.expose_headers),
            cors.max_age
                .map_or_else(|| NONE.to_owned(), |s| format!("{s} s")),
            yes_no(cors.allow_private_network),
        ],
        None => [
            code(&route.path),
            text(&route.method),
            handler(route),
            "*same-origin only*".to_owned(),
            NONE.to_owned(),
            NONE.to_owned(),
            NONE.to_owned(),
            NONE.to_owned(),
            NONE.to_owned(),
        ],
    };
    out.push('|');
    for cell in cells {
        // Writing to a String cannot fail.
        let _ = write!(out, " {cell} |");
    }
    out.push('\n');
}

/// The method cell. For `any` granting fewer methods than it serves (an explicit `methods` list),
/// the list is what a browser may actually use, so it is shown.
fn method(route: &RouteDoc, cors: &CorsDoc) -> String {
    let serves_all = cors
        .allow_methods
        .iter()
        .map(String::as_str)
        .eq(PREFLIGHT_METHODS.iter().map(http::Method::as_str));
    if route.method == "ANY" && !serves_all {
        return format!("ANY: {}", text(&cors.allow_methods.join(", ")));
    }
    text(&route.method)
}

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_owned()
}

fn code_list(items: &[String]) -> String {
    if items.is_empty() {
        return NONE.to_owned();
    }
    items.iter().map(|i| code(i)).collect::<Vec<_>>().join(", ")
}

/// Plain text for a cell: one line, `|` escaped.
/// The origins cell; an origin function is named after the listed origins.
fn origins(cors: &CorsDoc) -> String {
    match (cors.origin_fn, cors.allow_origins.is_empty()) {
        (false, _) => code_list(&cors.allow_origins),
        (true, true) => "origin function".to_owned(),
        (true, false) => format!("{}, origin function", code_list(&cors.allow_origins)),
    }
}

/// The handler, and where its policy came from when not its own attribute.
fn handler(route: &RouteDoc) -> String {
    match &route.source {
        Some(source) => format!("{} ({})", code(&route.handler), text(source)),
        None => code(&route.handler),
    }
}

fn text(s: &str) -> String {
    cell_safe(s)
}

/// A code span for a cell. The fence is one backtick longer than the longest run of backticks in
/// `s` (CommonMark), with a space of padding when `s` starts or ends with a backtick.
fn code(s: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", cell_safe(s))
}

/// GFM splits a table row on every unescaped `|`, code spans included, and a line break ends the
/// row, so both are neutralised.
fn cell_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::fixtures::{policy, table, Spec};
    use crate::table::RouteMethod;
    use http::Method;

    #[test]
    fn cells_are_escaped_for_gfm_tables() {
        let cases = [
            ("/users/{id}", "`/users/{id}`"),
            ("/a|b", "`/a\\|b`"),
            ("/a`b", "``/a`b``"),
            ("`x", "`` `x ``"),
            ("/a``b`", "``` /a``b` ```"),
            ("/line\nbreak", "`/line break`"),
        ];
        for (input, expected) in cases {
            assert_eq!(code(input), expected, "{input:?}");
        }
        assert_eq!(text("a|b\r\nc"), "a\\|b  c");
    }

    #[test]
    fn one_row_per_route_with_every_column() {
        let full = policy(Spec {
            origins: &["https://app.example.com", "https://*.preview.example.com"],
            credentials: true,
            headers: &["content-type", "x-foo"],
            expose: &["x-request-id"],
            max_age: Some(600),
            private_network: true,
            ..Spec::default()
        });
        let open = policy(Spec {
            origins: &["*"],
            headers: &["*"],
            expose: &["*"],
            ..Spec::default()
        });
        let any_limited = policy(Spec {
            methods: Some(&["GET", "POST"]),
            ..Spec::default()
        });
        let t = table(vec![
            (
                "/users",
                RouteMethod::One(Method::GET),
                "list_users",
                Some(full.clone()),
            ),
            (
                "/open",
                RouteMethod::One(Method::PUT),
                "open",
                Some(open.clone()),
            ),
            ("/rpc", RouteMethod::Any, "rpc", Some(any_limited.clone())),
            (
                "/internal",
                RouteMethod::One(Method::POST),
                "internal",
                None,
            ),
        ]);
        let md = markdown(&t);
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| `")).collect();
        assert_eq!(
            rows,
            [
                "| `/internal` | POST | `internal` | *same-origin only* | — | — | — | — | — |",
                "| `/open` | PUT | `open` | `*` | no | `*` | `*` | — | no |",
                "| `/rpc` | ANY: GET, HEAD, POST | `rpc` | `https://app.example.com` | no | — | — | — | no |",
                "| `/users` | GET | `list_users` | `https://app.example.com`, \
                 `https://*.preview.example.com` | yes | `content-type`, `x-foo` | \
                 `x-request-id` | 600 s | yes |",
            ]
        );
        // Every row has as many cells as the header, so the table renders.
        let columns = |l: &str| l.matches(" |").count();
        let header = md.lines().find(|l| l.starts_with("| Path")).unwrap();
        assert!(rows.iter().all(|r| columns(r) == columns(header)));
    }

    #[test]
    fn an_empty_table_still_renders_its_header_and_legend() {
        let md = markdown(&table(vec![]));
        assert!(md.contains(HEADER));
        assert!(md.ends_with(LEGEND));
    }
}
