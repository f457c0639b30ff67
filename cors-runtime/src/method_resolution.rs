//! Method resolution: which handler of a path a request's method reaches, and so which policy
//! answers for it.
//!
//! This is the one place that knows how the router routes methods: an exact method first (compared
//! byte for byte, so `patch` never reaches a PATCH handler), HEAD falling back to GET, then `any`,
//! which serves axum's standard methods only (an extension method such as `PURGE` gets a 405).
//! The path service (actual requests, preflights, 405s) and the three documentation formats all ask
//! this module, so what the documents list is what a preflight grants.

use http::Method;

use crate::preflight::RoutedMethods;
use crate::table::RouteMethod;
use crate::Policy;

/// Every method axum's `MethodFilter` can name: what an `any` route serves.
pub(crate) const STANDARD_METHODS: [Method; 9] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
    Method::OPTIONS,
    Method::TRACE,
    Method::CONNECT,
];

/// The standard methods a page can ask for in a preflight: Fetch forbids TRACE and CONNECT, so
/// an `any` route never grants them (a route explicitly routed on TRACE still answers for it).
pub(crate) const PREFLIGHT_METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
    Method::OPTIONS,
];

/// The route (index into `routes`, the methods routed on one path) that a request with method
/// `method` reaches, or `None` when the path answers it with 405.
pub(crate) fn reached(routes: &[RouteMethod], method: &[u8]) -> Option<usize> {
    let explicit = |m: &[u8]| {
        routes
            .iter()
            .position(|r| matches!(r, RouteMethod::One(x) if x.as_str().as_bytes() == m))
    };
    explicit(method)
        .or_else(|| (method == b"HEAD").then(|| explicit(b"GET")).flatten())
        .or_else(|| {
            let standard = STANDARD_METHODS
                .iter()
                .any(|m| m.as_str().as_bytes() == method);
            routes
                .iter()
                .position(|r| *r == RouteMethod::Any)
                .filter(|_| standard)
        })
}

/// The methods a preflight may ask for that reach route `index`: its own method, HEAD along with
/// GET unless HEAD has a handler of its own, and for `any` the preflight methods no other route
/// of the path takes.
pub(crate) fn served(routes: &[RouteMethod], index: usize) -> Vec<Method> {
    let explicit = routes.iter().filter_map(|r| match r {
        RouteMethod::One(m) => Some(m.clone()),
        RouteMethod::Any => None,
    });
    let mut candidates: Vec<Method> = PREFLIGHT_METHODS.to_vec();
    for m in explicit {
        if !candidates.contains(&m) {
            candidates.push(m);
        }
    }
    candidates.retain(|m| {
        reached(routes, m.as_str().as_bytes()) == Some(index)
            && (routes[index] != RouteMethod::Any || PREFLIGHT_METHODS.contains(m))
    });
    candidates
}

/// The route whose policy answers a preflight asking for `requested`: the route the method
/// reaches, provided that route serves it to a preflight (see [`served`]).
#[cfg(test)]
pub(crate) fn preflight_route(routes: &[RouteMethod], requested: &[u8]) -> Option<usize> {
    preflight_route_served(routes, requested, |i| served(routes, i))
}

/// [`preflight_route`] with `served_by(i)` giving [`served`] for route `i`, computed once by a
/// caller that answers many preflights (no list built per request).
pub(crate) fn preflight_route_served<L: AsRef<[Method]>>(
    routes: &[RouteMethod],
    requested: &[u8],
    served_by: impl FnOnce(usize) -> L,
) -> Option<usize> {
    let index = reached(routes, requested)?;
    served_by(index)
        .as_ref()
        .iter()
        .any(|m| m.as_str().as_bytes() == requested)
        .then_some(index)
}

/// Whether a policy's explicit `methods` list grants `method`: listed byte for byte, `*`, or HEAD
/// through GET (the router serves HEAD with the GET handler, see [`reached`]).
pub(crate) fn listed(listed: &[std::borrow::Cow<'static, str>], method: &[u8]) -> bool {
    listed
        .iter()
        .any(|m| m.as_bytes() == method || m == "*" || (method == b"HEAD" && m == "GET"))
}

/// The methods a preflight to route `index` is granted under `policy`: those the route serves
/// that the policy allows, decided by the same check the preflight answer makes.
#[cfg_attr(not(feature = "docs"), allow(dead_code))]
pub(crate) fn granted(routes: &[RouteMethod], index: usize, policy: &Policy) -> Vec<Method> {
    let served = served(routes, index);
    served
        .iter()
        .filter(|m| policy.allows_method(m.as_str().as_bytes(), RoutedMethods::Only(&served)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::PolicySketch;

    fn one(m: Method) -> RouteMethod {
        RouteMethod::One(m)
    }

    fn names(methods: &[Method]) -> Vec<&str> {
        methods.iter().map(Method::as_str).collect()
    }

    #[test]
    fn requests_reach_the_router_handlers() {
        let get_post = [one(Method::GET), one(Method::POST)];
        let with_head = [one(Method::GET), one(Method::HEAD)];
        let any = [RouteMethod::Any];
        let table: &[(&[RouteMethod], &str, Option<usize>)] = &[
            (&get_post, "GET", Some(0)),
            (&get_post, "HEAD", Some(0)),
            (&get_post, "POST", Some(1)),
            (&get_post, "post", None),
            (&get_post, "PUT", None),
            (&with_head, "HEAD", Some(1)),
            (&any, "PATCH", Some(0)),
            (&any, "TRACE", Some(0)),
            (&any, "patch", None),
            (&any, "PURGE", None),
            (&[], "GET", None),
        ];
        for (routes, method, expected) in table {
            assert_eq!(
                reached(routes, method.as_bytes()),
                *expected,
                "{method} {routes:?}"
            );
        }
    }

    #[test]
    fn preflights_reach_only_what_a_page_can_send() {
        let any = [RouteMethod::Any];
        assert_eq!(
            names(&served(&any, 0)),
            ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        );
        assert_eq!(preflight_route(&any, b"TRACE"), None);
        assert_eq!(preflight_route(&any, b"PURGE"), None);
        let trace = [one(Method::TRACE)];
        assert_eq!(preflight_route(&trace, b"TRACE"), Some(0));
        let with_head = [one(Method::GET), one(Method::HEAD)];
        assert_eq!(names(&served(&with_head, 0)), ["GET"]);
        assert_eq!(names(&served(&with_head, 1)), ["HEAD"]);
    }

    #[test]
    fn granted_is_served_and_allowed() {
        let get = [one(Method::GET)];
        let implicit = PolicySketch::new(&["https://a.test"]).build();
        assert_eq!(names(&granted(&get, 0, &implicit)), ["GET", "HEAD"]);
        // A listed method the path does not route is never granted: no handler would serve it.
        let listed = PolicySketch::new(&["https://a.test"])
            .methods(&["GET", "PATCH"])
            .build();
        assert_eq!(names(&granted(&get, 0, &listed)), ["GET", "HEAD"]);
        let any = [RouteMethod::Any];
        assert_eq!(names(&granted(&any, 0, &listed)), ["GET", "HEAD", "PATCH"]);
        let star = PolicySketch::new(&["https://a.test"])
            .methods(&["*"])
            .build();
        assert_eq!(granted(&any, 0, &star), served(&any, 0));
    }
}
