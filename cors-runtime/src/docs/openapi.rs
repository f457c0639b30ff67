//! The policy table merged into an existing OpenAPI document, as an `x-cors` extension per
//! operation.
//!
//! The document is taken as a `serde_json::Value` so that it can come from anywhere (utoipa, aide,
//! a hand-written file). An operation gets the policy the router would apply to it, as
//! `method_resolution` decides for the router: the handler
//! routed on that path and method, HEAD falling back to GET, then a handler routed with `any`.

use serde_json::Value;

use super::json::CorsDoc;
use crate::method_resolution;
use crate::table::{PolicyTable, RouteMethod, TableRoute};

/// The name of the extension added to each operation.
const EXTENSION: &str = "x-cors";
/// The name of the extension for the route's cross-origin isolation headers, with or without
/// CORS.
const ISOLATION_EXTENSION: &str = "x-cross-origin-isolation";

/// The fixed operation keys of an OpenAPI path item (3.0 to 3.2), each with its HTTP method.
const OPERATIONS: [(&str, &str); 9] = [
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("trace", "TRACE"),
    ("query", "QUERY"),
];

/// What [`merge_openapi`] did.
#[derive(Debug, Clone)]
#[must_use = "routes missing from the OpenAPI document are only reported here"]
#[non_exhaustive]
pub struct OpenApiMerge {
    /// How many operations received an `x-cors` object.
    pub annotated: usize,
    /// The routes of the table that no operation of the document describes, in the table's order,
    /// with or without a policy. A GET route documented only through a `head` operation is still
    /// listed: its GET operation is missing.
    pub missing: Vec<TableRoute>,
}

impl OpenApiMerge {
    /// Whether every route of the table has an operation in the document.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// The path with each parameter replaced by one marker, so that `/users/{id}` (axum) and
/// `/users/{userId}` (the document) compare equal, as OpenAPI itself treats them. `{{` and `}}`
/// are axum's escaped braces; `{*rest}` (axum's catch-all) counts as a parameter.
fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                // NUL cannot appear in a request path, so it never collides with a literal.
                out.push('\0');
            }
            c => out.push(c),
        }
    }
    out
}

/// Finds, for each operation of the document, the route the router would send it to.
struct Merger<'t> {
    routes: Vec<(String, &'t TableRoute)>,
    documented: Vec<bool>,
    annotated: usize,
    /// The isolation headers of the route `x_cors` last resolved, for the caller to insert.
    isolation: Option<Value>,
}

impl<'t> Merger<'t> {
    fn new(table: &'t PolicyTable) -> Self {
        let routes: Vec<_> = table.iter().map(|r| (template(&r.path), r)).collect();
        let documented = vec![false; routes.len()];
        Merger {
            routes,
            documented,
            annotated: 0,
            isolation: None,
        }
    }

    /// The `x-cors` value for the operation `method` of the document's `path`, or `None` when no
    /// route with a policy answers it.
    fn x_cors(&mut self, path: &str, method: &str) -> Option<Value> {
        let path = template(path);
        let on_path: Vec<usize> = (0..self.routes.len())
            .filter(|&i| self.routes[i].0 == path)
            .collect();
        let methods: Vec<RouteMethod> = on_path
            .iter()
            .map(|&i| self.routes[i].1.method.clone())
            .collect();
        self.isolation = None;
        let local = method_resolution::reached(&methods, method.as_bytes())?;
        let index = on_path[local];
        let route = self.routes[index].1;
        self.isolation = super::IsolationDoc::of(&route.isolation)
            .map(|doc| serde_json::to_value(doc).expect("an IsolationDoc always serializes"));
        // HEAD answered by the GET handler does not document the GET route.
        if !matches!(&route.method, RouteMethod::One(m) if m.as_str() != method) {
            self.documented[index] = true;
        }
        let policy = route.policy.as_deref()?;
        let mut granted = method_resolution::granted(&methods, local, policy);
        // An `any` route answers this operation as if routed on its method alone (HEAD with GET).
        if route.method == RouteMethod::Any {
            granted
                .retain(|m| m.as_str() == method || (method == "GET" && m == http::Method::HEAD));
        }
        let mut doc = CorsDoc::new(policy, &granted);
        doc.source = super::json::source_label(route);
        self.annotated += 1;
        // Strings, booleans and integers only: serde_json cannot refuse them.
        Some(serde_json::to_value(doc).expect("a CorsDoc always serializes"))
    }

    fn finish(self) -> OpenApiMerge {
        let missing = self
            .routes
            .iter()
            .zip(&self.documented)
            .filter(|(_, documented)| !**documented)
            .map(|((_, route), _)| (*route).clone())
            .collect();
        OpenApiMerge {
            annotated: self.annotated,
            missing,
        }
    }
}

/// Adds an `x-cors` object to every operation of the OpenAPI 3.x `document` that a route with a
/// policy answers, and returns the routes the document does not describe.
///
/// - Paths match in axum's `{param}` syntax, whatever the parameters are named: `/users/{id}` in
///   the router matches `/users/{userId}` in the document. Paths are compared as routed, `nest`
///   prefix included; the document's `servers` base paths are not applied.
/// - An operation is answered the way the router answers a request: the handler routed on its
///   method, else (for `head`) the GET handler, else a handler routed with `any`. The 3.2
///   `additionalOperations` are matched by their method name.
/// - The object has the fields of the `x-amazon-apigateway-cors` extension, `allowOrigins`,
///   `allowCredentials`, `allowMethods`, `allowHeaders`, `exposeHeaders` and `maxAge` (left out
///   when the policy does not set it), plus `allowPrivateNetwork`; see [`CorsDoc`].
/// - Operations answered by a handler without `#[cors]`, or by no handler, get no `x-cors`. An
///   existing `x-cors` is replaced, so merging twice gives the same document.
/// - An operation whose route sends cross-origin isolation headers also gets an
///   `x-cross-origin-isolation` object (see [`IsolationDoc`](super::IsolationDoc)), CORS or not.
///
/// ```
/// use cors_runtime::{cors, docs, routing::get, CorsRouter};
/// use serde_json::json;
///
/// #[cors(origins = ["https://app.example.com"])]
/// async fn user() -> &'static str {
///     "ada"
/// }
/// async fn health() -> &'static str {
///     "ok"
/// }
///
/// let table = CorsRouter::<()>::new()
///     .route("/users/{id}", get(user))
///     .route("/health", get(health))
///     .table();
/// let mut openapi = json!({
///     "openapi": "3.1.0",
///     "info": { "title": "users", "version": "1" },
///     "paths": { "/users/{userId}": { "get": { "responses": {} } } }
/// });
/// let merge = docs::merge_openapi(&mut openapi, &table);
/// assert_eq!(
///     openapi["paths"]["/users/{userId}"]["get"]["x-cors"]["allowOrigins"],
///     json!(["https://app.example.com"])
/// );
/// assert_eq!(merge.annotated, 1);
/// assert_eq!(merge.missing[0].path, "/health");
/// ```
pub fn merge_openapi(document: &mut Value, table: &PolicyTable) -> OpenApiMerge {
    let mut merger = Merger::new(table);
    let paths = document.get_mut("paths").and_then(Value::as_object_mut);
    // Keys that do not start with `/` are `x-` extensions of the paths object, not paths.
    for (path, item) in paths
        .into_iter()
        .flatten()
        .filter(|(p, _)| p.starts_with('/'))
    {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (key, method) in OPERATIONS {
            if let Some(operation) = item.get_mut(key).and_then(Value::as_object_mut) {
                if let Some(x_cors) = merger.x_cors(path, method) {
                    operation.insert(EXTENSION.to_owned(), x_cors);
                }
                if let Some(isolation) = merger.isolation.take() {
                    operation.insert(ISOLATION_EXTENSION.to_owned(), isolation);
                }
            }
        }
        let additional = item
            .get_mut("additionalOperations")
            .and_then(Value::as_object_mut);
        for (method, operation) in additional.into_iter().flatten() {
            if let Some(operation) = operation.as_object_mut() {
                if let Some(x_cors) = merger.x_cors(path, method) {
                    operation.insert(EXTENSION.to_owned(), x_cors);
                }
                if let Some(isolation) = merger.isolation.take() {
                    operation.insert(ISOLATION_EXTENSION.to_owned(), isolation);
                }
            }
        }
    }
    merger.finish()
}

/// [`merge_openapi`] on a `utoipa::openapi::OpenApi` (utoipa 6), without a round trip through
/// JSON. Requires the `utoipa` cargo feature.
#[cfg(feature = "utoipa")]
pub fn merge_utoipa(openapi: &mut utoipa::openapi::OpenApi, table: &PolicyTable) -> OpenApiMerge {
    use utoipa::openapi::path::Operation;

    fn insert(operation: &mut Operation, x_cors: Option<Value>, isolation: Option<Value>) {
        let extensions = operation.extensions.get_or_insert_with(Default::default);
        if let Some(x_cors) = x_cors {
            extensions.insert(EXTENSION.to_owned(), x_cors);
        }
        if let Some(isolation) = isolation {
            extensions.insert(ISOLATION_EXTENSION.to_owned(), isolation);
        }
    }

    let mut merger = Merger::new(table);
    for (path, item) in openapi.paths.paths.iter_mut() {
        let fixed = [
            (&mut item.get, "GET"),
            (&mut item.put, "PUT"),
            (&mut item.post, "POST"),
            (&mut item.delete, "DELETE"),
            (&mut item.options, "OPTIONS"),
            (&mut item.head, "HEAD"),
            (&mut item.patch, "PATCH"),
            (&mut item.trace, "TRACE"),
            (&mut item.query, "QUERY"),
        ];
        for (operation, method) in fixed {
            if let Some(operation) = operation {
                let x_cors = merger.x_cors(path, method);
                if x_cors.is_some() || merger.isolation.is_some() {
                    insert(operation, x_cors, merger.isolation.take());
                }
            }
        }
        for (method, operation) in item.additional_operations.iter_mut() {
            let x_cors = merger.x_cors(path, method);
            if x_cors.is_some() || merger.isolation.is_some() {
                insert(operation, x_cors, merger.isolation.take());
            }
        }
    }
    merger.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::fixtures::{policy, table, Spec};
    use http::Method;
    use serde_json::json;

    #[test]
    fn templates_ignore_parameter_names() {
        let same = [
            ("/users/{id}", "/users/{userId}"),
            ("/files/{*rest}", "/files/{path}"),
            ("/a/{x}/b/{y}", "/a/{p}/b/{q}"),
            ("/lit/{{brace}}", "/lit/{{brace}}"),
        ];
        for (a, b) in same {
            assert_eq!(template(a), template(b), "{a} vs {b}");
        }
        let different = [
            ("/users/{id}", "/users/id"),
            ("/users/{id}", "/users/{id}/"),
            ("/users/{id}", "/users"),
            ("/lit/{{brace}}", "/lit/{brace}"),
            ("/a", "/A"),
        ];
        for (a, b) in different {
            assert_ne!(template(a), template(b), "{a} vs {b}");
        }
    }

    #[test]
    fn operations_resolve_like_the_router() {
        let get = policy(Spec {
            origins: &["https://get.example"],
            ..Spec::default()
        });
        let any = policy(Spec {
            origins: &["https://any.example"],
            ..Spec::default()
        });
        let t = table(vec![
            (
                "/r",
                RouteMethod::One(Method::GET),
                "get_r",
                Some(get.clone()),
            ),
            ("/r", RouteMethod::One(Method::POST), "post_r", None),
            ("/r", RouteMethod::Any, "any_r", Some(any.clone())),
        ]);
        let mut doc = json!({ "paths": { "/r": {
            "get": {}, "head": {}, "post": {}, "put": {}, "delete": { "x-cors": "old" },
            "additionalOperations": { "LINK": {} }
        }}});
        let merge = merge_openapi(&mut doc, &t);
        let item = &doc["paths"]["/r"];
        let origin = |op: &Value| op["x-cors"]["allowOrigins"][0].clone();
        let methods = |op: &Value| op["x-cors"]["allowMethods"].clone();
        assert_eq!(origin(&item["get"]), "https://get.example");
        assert_eq!(methods(&item["get"]), json!(["GET", "HEAD"]));
        // HEAD has no handler of its own: the GET handler answers it.
        assert_eq!(origin(&item["head"]), "https://get.example");
        // POST's handler has no policy: untouched, even though `any` has one.
        assert_eq!(item["post"], json!({}));
        assert_eq!(origin(&item["put"]), "https://any.example");
        assert_eq!(methods(&item["put"]), json!(["PUT"]));
        assert_eq!(origin(&item["delete"]), "https://any.example");
        // `any` serves the standard methods only: LINK gets a 405, and its preflight is refused.
        assert_eq!(item["additionalOperations"]["LINK"], json!({}));
        assert_eq!(merge.annotated, 4);
        assert!(merge.is_complete());
    }

    #[test]
    fn documents_without_paths_report_every_route_missing() {
        let t = table(vec![(
            "/a",
            RouteMethod::One(Method::GET),
            "a",
            Some(policy(Spec::default())),
        )]);
        for mut doc in [
            json!(null),
            json!([]),
            json!({}),
            json!({ "paths": [] }),
            json!({ "paths": { "/a": 7 } }),
        ] {
            let before = doc.clone();
            let merge = merge_openapi(&mut doc, &t);
            assert_eq!(doc, before);
            assert_eq!(merge.annotated, 0);
            assert_eq!(merge.missing.len(), 1);
        }
    }
}
