//! The route documentation and the preflight answers agree (`any`, `on(GET | POST)` written as
//! `MethodFilter::GET.or(MethodFilter::POST)`, explicit `methods`): for every documented route, each
//! method its JSON document lists is granted by a real preflight, and a method no route of the
//! path lists is refused. Both ask the same method resolution, so they can only disagree if the
//! documentation invents methods the router never serves.

use super::IntoServed;
use cors_runtime::docs::Document;
use cors_runtime::routing::{on, MethodFilter};

use super::*;

#[cors(origins = ["https://app.example.com"], methods = [GET, PATCH])]
async fn lists_an_unrouted_method() -> &'static str {
    "listed"
}

#[cors(origins = ["https://*.example.com"], methods = [GET, DELETE])]
async fn any_with_a_list() -> &'static str {
    "any, listed"
}

#[cors(origins = ["http://localhost:*"], credentials)]
async fn get_or_post() -> &'static str {
    "get or post"
}

/// Methods a preflight may name: the standard ones, a lowercase one, an extension method and the
/// two Fetch forbids.
const ASKED: [&str; 11] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "patch", "PURGE", "TRACE",
    "CONNECT",
];

fn routers() -> Vec<(&'static str, CorsRouter)> {
    vec![
        ("examples/conformance.rs", conformance::routes()),
        (
            "any, on(GET | POST) and explicit methods",
            CorsRouter::new()
                .route("/any", any(anything))
                .route("/any-listed", any(any_with_a_list))
                .route(
                    "/filter",
                    on(MethodFilter::GET.or(MethodFilter::POST), get_or_post),
                )
                .route("/listed", get(lists_an_unrouted_method))
                .route("/every", get(every_method).delete(delete_user))
                .route("/head-follows", get(listed_get)),
        ),
    ]
}

/// An origin the written origin (`*`, a pattern, or an exact origin) allows.
fn origin_allowed_by(written: &str) -> String {
    match written {
        "*" => "https://anyone.test".to_owned(),
        _ => written.replace("*.", "a.").replace(":*", ":8080"),
    }
}

/// A request path the routed path (`/status/{code}`) matches.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with('{') { "1" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn documented_methods_are_exactly_the_granted_ones() {
    for (name, router) in routers() {
        let doc = Document::new(&router.table());
        let app = router.into_served();
        let mut checked = 0;
        for route in &doc.routes {
            let Some(cors) = &route.cors else { continue };
            let on_path: Vec<_> = doc
                .routes
                .iter()
                .filter(|r| r.path == route.path && r.cors.is_some())
                .collect();
            let origin = origin_allowed_by(&cors.allow_origins[0]);
            let uri = concrete(&route.path);
            for method in ASKED {
                let listers = on_path
                    .iter()
                    .filter(|r| {
                        let listed = &r.cors.as_ref().unwrap().allow_methods;
                        listed.iter().any(|m| m == method)
                    })
                    .count();
                assert!(
                    listers <= 1,
                    "{name}: {method} {} is documented on {listers} routes",
                    route.path
                );
                let listed_here = cors.allow_methods.iter().any(|m| m == method);
                if listers == 1 && !listed_here {
                    // Another route of the path documents it; its own turn checks it.
                    continue;
                }
                let (status, h, _) =
                    send(app.clone(), preflight(&uri, &origin, method, None)).await;
                let expected = if listed_here {
                    StatusCode::NO_CONTENT
                } else {
                    StatusCode::FORBIDDEN
                };
                assert_eq!(
                    status, expected,
                    "{name}: {} {} ({}), preflight for {method} from {origin}: documented {:?}",
                    route.method, route.path, route.handler, cors.allow_methods
                );
                if listed_here {
                    assert_eq!(all(&h, "access-control-allow-origin").len(), 1);
                }
                checked += 1;
            }
        }
        assert!(checked > 20, "{name}: only {checked} preflights checked");
    }
}

#[test]
fn any_documents_the_methods_it_grants() {
    let doc = Document::new(&CorsRouter::<()>::new().route("/any", any(anything)).table());
    let cors = doc.routes[0].cors.as_ref().unwrap();
    assert_eq!(
        cors.allow_methods,
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    );
}
