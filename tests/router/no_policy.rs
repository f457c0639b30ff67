//! The table is the truth: a route without a policy sends no CORS headers, whatever its handler
//! or service sets, and its preflights are refused without reaching it.

use super::IntoServed;
use super::*;

async fn sets_its_own_cors() -> impl IntoResponse {
    (
        [
            ("access-control-allow-origin", "https://evil.example.net"),
            ("access-control-allow-credentials", "true"),
            ("access-control-expose-headers", "x-secret"),
            ("access-control-allow-methods", "DELETE"),
            ("x-secret", "1"),
        ],
        "own cors",
    )
}

#[tokio::test]
async fn cors_headers_of_a_route_without_policy_are_removed() {
    let cors = CorsRouter::new()
        .route("/own", get(sets_its_own_cors).post(public))
        .route_service(
            "/service",
            tower::service_fn(|_req: axum::extract::Request| async {
                Ok::<_, std::convert::Infallible>(sets_its_own_cors().await.into_response())
            }),
        )
        .nest_service(
            "/static",
            tower::service_fn(|_req: axum::extract::Request| async {
                Ok::<_, std::convert::Infallible>(sets_its_own_cors().await.into_response())
            }),
        )
        .route("/with-fallback", get(public).fallback(sets_its_own_cors));
    let table: Vec<String> = cors
        .table()
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.policy.is_some()))
        .collect();
    assert_eq!(
        table,
        [
            "GET /own false",
            "POST /own true",
            "ANY /service false",
            "ANY /static false",
            "GET /with-fallback true",
        ]
    );
    let app = cors.into_served();
    for (method, path) in [
        ("GET", "/own"),
        ("GET", "/service"),
        ("GET", "/static/app.js"),
        ("PUT", "/with-fallback"),
    ] {
        let (status, h, body) = send(app.clone(), request(method, path, &[("origin", EVIL)])).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, "own cors"),
            "{method} {path}"
        );
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{method} {path}");
        assert_eq!(all(&h, "x-secret"), ["1"]);
    }
    for path in ["/own", "/service", "/static/app.js"] {
        let (status, h, _) = send(app.clone(), preflight(path, EVIL, "GET", None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{path}");
    }
    // The other method of the path keeps its policy.
    let (status, h, _) = send(app, request("POST", "/own", &[("origin", EVIL)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all(&h, "access-control-allow-origin"), ["*"]);
}

static FALLBACK_RAN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

async fn fallback_with_its_own_cors() -> impl IntoResponse {
    FALLBACK_RAN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    (StatusCode::NOT_FOUND, sets_its_own_cors().await)
}

/// A path no route matches has no policy either: the router's fallback is treated like a route
/// without one, in the outer router and in a nested one.
#[tokio::test]
async fn the_fallback_sends_no_cors_headers_and_never_sees_a_preflight() {
    let app = CorsRouter::new()
        .route("/public", get(public))
        .nest(
            "/api",
            CorsRouter::new()
                .route("/users", get(list_users))
                .fallback(fallback_with_its_own_cors),
        )
        .fallback(fallback_with_its_own_cors)
        .into_served();
    for path in ["/nope", "/api/nope"] {
        let before = FALLBACK_RAN.load(std::sync::atomic::Ordering::SeqCst);
        let (status, h, body) = send(app.clone(), request("GET", path, &[("origin", EVIL)])).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::NOT_FOUND, "own cors"),
            "{path}"
        );
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{path}");
        assert_eq!(all(&h, "x-secret"), ["1"], "{path}");
        assert_eq!(
            FALLBACK_RAN.load(std::sync::atomic::Ordering::SeqCst),
            before + 1
        );

        let (status, h, _) = send(app.clone(), preflight(path, APP, "GET", None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{path}");
        assert_eq!(
            all(&h, "vary"),
            ["Origin, Access-Control-Request-Method, Access-Control-Request-Headers"],
            "{path}"
        );
        assert_eq!(
            FALLBACK_RAN.load(std::sync::atomic::Ordering::SeqCst),
            before + 1,
            "the preflight to {path} reached the fallback"
        );
    }
}
