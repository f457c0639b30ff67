//! The documentation model, and its JSON form for tooling.
//!
//! The Markdown table and the OpenAPI extension are rendered from the same model, so the three
//! documents can never disagree about a route. Field names follow the `x-amazon-apigateway-cors`
//! extension (`allowOrigins`, `allowCredentials`, ...), the one established vocabulary for a CORS
//! configuration written as data.

use serde::{Deserialize, Serialize};

use crate::method_resolution;
use crate::table::{PolicyTable, RouteMethod, TableRoute};
use crate::{HeaderNames, Policy, PolicySource};

/// Every route of a router with its CORS policy, as data: what [`json`] serializes and
/// [`markdown`](super::markdown) renders.
///
/// ```json
/// {
///   "version": 1,
///   "routes": [
///     { "path": "/health", "method": "GET", "handler": "health",
///       "cors": { "allowOrigins": ["*"], "allowCredentials": false,
///                 "allowMethods": ["GET", "HEAD"], "allowHeaders": [],
///                 "exposeHeaders": ["x-request-id"], "allowPrivateNetwork": false } }
///   ]
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// The format's version, [`Document::VERSION`]. It changes only when a field is removed or
    /// changes meaning; new fields may appear within a version.
    pub version: u32,
    /// One entry per (path, method), sorted by path, then method.
    pub routes: Vec<RouteDoc>,
}

/// One (path, method) of a [`Document`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RouteDoc {
    /// The path as routed, in axum's syntax (`/users/{id}`), with any `nest` prefix.
    pub path: String,
    /// The routed method in upper case (`GET`), or `ANY` for a handler routed with `any`.
    pub method: String,
    /// The handler's fn name.
    pub handler: String,
    /// The handler's policy; `None` (`null`) for a handler without `#[cors]`, which is reachable
    /// from its own origin only.
    pub cors: Option<CorsDoc>,
    /// Where the policy came from, when not the handler's own `#[cors(...)]` (absent then):
    /// `named policy WRITES` (`, overridden` when the attribute replaces some keys),
    /// `router default`, `builder`, or `#[cors(none)]` for a handler opted out on purpose.
    /// See [`PolicySource`](crate::PolicySource).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The cross-origin isolation headers the route's responses carry; absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolation: Option<super::IsolationDoc>,
}

/// What a policy allows, for one routed method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CorsDoc {
    /// The origins as written in the policy: `https://app.example.com`, patterns such as
    /// `https://*.example.com` or `http://localhost:*`, or `*` for any origin.
    pub allow_origins: Vec<String>,
    /// Whether the page may send cookies or HTTP authentication.
    pub allow_credentials: bool,
    /// The methods a preflight is granted: those the route serves (its method, `HEAD` along with
    /// `GET` unless `HEAD` has its own handler; for `any`, the standard methods a page can send
    /// that no other handler of the path takes), less any the policy's `methods` leaves out.
    pub allow_methods: Vec<String>,
    /// Request headers a page may send beyond the CORS-safelisted ones; `["*"]` is any name
    /// except `authorization`.
    pub allow_headers: Vec<String>,
    /// Response headers the page may read beyond the CORS-safelisted ones; `["*"]` is any.
    pub expose_headers: Vec<String>,
    /// How long, in seconds, a browser may cache a preflight; absent when the policy leaves it to
    /// the browser (5 seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// Whether a preflight asking for private network access is granted.
    pub allow_private_network: bool,
    /// Whether origins beyond `allowOrigins` are decided by an origin function at run time
    /// (absent when not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub origin_fn: bool,
    /// In OpenAPI's `x-cors` only (the JSON document has it on the route): where the policy came
    /// from, as [`RouteDoc::source`]; absent for the handler's own `#[cors(...)]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Document {
    /// The version of the format this crate writes.
    pub const VERSION: u32 = 1;

    /// The document of `table`, in the table's order.
    pub fn new(table: &PolicyTable) -> Self {
        Document {
            version: Self::VERSION,
            routes: table
                .routes()
                .chunk_by(|a, b| a.path == b.path)
                .flat_map(|on_path| {
                    let methods: Vec<RouteMethod> =
                        on_path.iter().map(|r| r.method.clone()).collect();
                    on_path
                        .iter()
                        .enumerate()
                        .map(move |(i, route)| RouteDoc::new(route, &methods, i))
                })
                .collect(),
        }
    }

    /// The document as pretty-printed JSON, ending with a newline (ready to be written to a file).
    pub fn to_json(&self) -> String {
        // Only strings, booleans, integers and lists: there is nothing serde_json could refuse.
        let mut out = serde_json::to_string_pretty(self).expect("a Document always serializes");
        out.push('\n');
        out
    }
}

impl From<&PolicyTable> for Document {
    fn from(table: &PolicyTable) -> Self {
        Document::new(table)
    }
}

impl RouteDoc {
    /// Route `index` of a path whose routes are routed on `methods`.
    fn new(route: &TableRoute, methods: &[RouteMethod], index: usize) -> Self {
        RouteDoc {
            path: route.path.clone(),
            method: route.method.to_string(),
            handler: route.handler.to_owned(),
            cors: route
                .policy
                .as_deref()
                .map(|p| CorsDoc::new(p, &method_resolution::granted(methods, index, p))),
            source: source_label(route),
            isolation: super::IsolationDoc::of(&route.isolation),
        }
    }
}

impl CorsDoc {
    /// What `policy` allows, where a preflight is granted `methods` (see
    /// `method_resolution::granted`).
    pub(crate) fn new(policy: &Policy, methods: &[http::Method]) -> Self {
        CorsDoc {
            allow_origins: strings(policy.origins()),
            allow_credentials: policy.credentials(),
            allow_methods: methods.iter().map(|m| m.as_str().to_owned()).collect(),
            allow_headers: header_names(policy.allow_headers()),
            expose_headers: header_names(policy.expose_headers()),
            max_age: policy.max_age(),
            allow_private_network: policy.private_network(),
            origin_fn: policy.has_origin_fn(),
            source: None,
        }
    }
}

/// The provenance the documentation shows: nothing for the handler's own attribute (the common
/// case, and what the documents said before provenance existed) or for no policy at all.
pub(crate) fn source_label(route: &TableRoute) -> Option<String> {
    match route.source {
        PolicySource::Attribute | PolicySource::None => None,
        other => Some(other.to_string()),
    }
}

fn header_names(names: &HeaderNames) -> Vec<String> {
    match names {
        HeaderNames::Any => vec!["*".into()],
        HeaderNames::List(list) => strings(list),
    }
}

fn strings(list: &[std::borrow::Cow<'static, str>]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The table as a JSON [`Document`], pretty-printed and ending with a newline.
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
/// let doc: serde_json::Value = serde_json::from_str(&docs::json(&table)).unwrap();
/// assert_eq!(doc["version"], 1);
/// assert_eq!(doc["routes"][0]["cors"]["allowOrigins"][0], "https://app.example.com");
/// assert_eq!(doc["routes"][0]["cors"]["allowMethods"], serde_json::json!(["GET", "HEAD"]));
/// ```
pub fn json(table: &PolicyTable) -> String {
    Document::new(table).to_json()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::fixtures::{policy, table, Spec};
    use http::Method;

    #[test]
    fn allowed_methods_follow_the_router() {
        let implicit = policy(Spec::default());
        let explicit = policy(Spec {
            methods: Some(&["GET", "PATCH"]),
            ..Spec::default()
        });
        let get_head_delete = vec![
            (
                "/a",
                RouteMethod::One(Method::GET),
                "g",
                Some(implicit.clone()),
            ),
            (
                "/a",
                RouteMethod::One(Method::DELETE),
                "d",
                Some(implicit.clone()),
            ),
            (
                "/b",
                RouteMethod::One(Method::GET),
                "g",
                Some(explicit.clone()),
            ),
            (
                "/b",
                RouteMethod::One(Method::HEAD),
                "h",
                Some(implicit.clone()),
            ),
            ("/c", RouteMethod::Any, "any", Some(implicit.clone())),
            ("/d", RouteMethod::Any, "any", Some(explicit.clone())),
        ];
        let doc = Document::new(&table(get_head_delete));
        let methods: Vec<(&str, &str, Vec<String>)> = doc
            .routes
            .iter()
            .map(|r| {
                let listed = r.cors.as_ref().unwrap().allow_methods.clone();
                (r.path.as_str(), r.method.as_str(), listed)
            })
            .collect();
        let s = |l: &[&str]| l.iter().map(|m| m.to_string()).collect::<Vec<_>>();
        let every = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
        assert_eq!(
            methods,
            [
                ("/a", "GET", s(&["GET", "HEAD"])),
                ("/a", "DELETE", s(&["DELETE"])),
                // HEAD has its own handler; PATCH is listed but not routed, so never granted.
                ("/b", "GET", s(&["GET"])),
                ("/b", "HEAD", s(&["HEAD"])),
                ("/c", "ANY", s(&every)),
                ("/d", "ANY", s(&["GET", "HEAD", "PATCH"])),
            ]
        );
    }

    #[test]
    fn json_round_trips_and_keeps_the_table_order() {
        let t = table(vec![
            ("/b", RouteMethod::One(Method::POST), "b_post", None),
            (
                "/a",
                RouteMethod::Any,
                "a_any",
                Some(policy(Spec::default())),
            ),
            (
                "/b",
                RouteMethod::One(Method::GET),
                "b_get",
                Some(policy(Spec::default())),
            ),
        ]);
        let text = json(&t);
        let back: Document = serde_json::from_str(&text).unwrap();
        assert_eq!(back, Document::new(&t));
        let order: Vec<_> = back
            .routes
            .iter()
            .map(|r| (r.path.as_str(), r.method.as_str()))
            .collect();
        assert_eq!(order, [("/a", "ANY"), ("/b", "GET"), ("/b", "POST")]);
        assert!(text.ends_with("}\n"));
        // No max age: the key is left out rather than written as null.
        assert!(!text.contains("maxAge"));
        assert!(text.contains("\"cors\": null"));
    }
}
