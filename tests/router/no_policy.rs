//! The table is the truth: a route without a policy sends no CORS headers, whatever its handler
//! or service sets, and its preflights are refused without reaching it.

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
    let app = cors.into_router();
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
