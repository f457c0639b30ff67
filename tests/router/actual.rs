//! Actual requests: every response of a route (errors, rejections, `route_layer` answers, 405s)
//! carries its CORS headers, and `Vary` stays right.

use super::IntoServed;
use super::*;

#[tokio::test]
async fn unknown_paths_stay_404() {
    for req in [
        preflight("/nowhere", APP, "GET", Some("x-foo")),
        request("GET", "/nowhere", &[("origin", APP)]),
    ] {
        let (status, h, _) = send(app(), req).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(cors_headers(&h), Vec::<String>::new());
    }
}

#[tokio::test]
async fn actual_response_gets_exactly_one_allow_origin_and_keeps_the_handlers_vary() {
    let (status, h, body) = send(app(), request("GET", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "users");
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    assert_eq!(all(&h, "access-control-allow-credentials"), ["true"]);
    assert_eq!(all(&h, "access-control-expose-headers"), ["x-a"]);
    assert!(varies_on_origin(&h));
    assert!(all(&h, "vary").join(",").contains("accept-encoding"));

    // HEAD follows GET.
    let (status, h, _) = send(app(), request("HEAD", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[tokio::test]
async fn disallowed_and_originless_requests_run_the_handler_without_cors_headers() {
    for headers in [&[("origin", EVIL)][..], &[][..]] {
        let before = USERS_RAN.load(Ordering::SeqCst);
        let (status, h, body) = send(app(), request("GET", "/users", headers)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "users");
        assert!(USERS_RAN.load(Ordering::SeqCst) > before);
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{headers:?}");
        assert!(
            varies_on_origin(&h),
            "Vary: Origin is needed on every response: {headers:?}"
        );
    }
}

#[tokio::test]
async fn any_origin_without_credentials_sends_star_and_no_vary() {
    let (_, h, _) = send(app(), request("GET", "/public", &[("origin", EVIL)])).await;
    assert_eq!(all(&h, "access-control-allow-origin"), ["*"]);
    assert!(h.get("access-control-allow-credentials").is_none());
    assert!(!varies_on_origin(&h));
}

#[tokio::test]
async fn errors_rejections_and_405s_are_decorated() {
    let (status, h, _) = send(app(), request("GET", "/fails", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);

    // A Json extractor rejection is produced before the handler body runs.
    let req = Request::builder()
        .method("POST")
        .uri("/json")
        .header("origin", APP)
        .header("content-type", "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let (status, h, _) = send(app(), req).await;
    assert!(status.is_client_error(), "{status}");
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);

    // A method the path does not route: axum's 405, readable by an allowed origin.
    let (status, h, _) = send(app(), request("PUT", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    let (status, h, _) = send(app(), request("PUT", "/users", &[("origin", ADMIN)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        all(&h, "access-control-allow-origin"),
        [ADMIN],
        "the DELETE policy allows admin"
    );
    let (_, h, _) = send(app(), request("PUT", "/users", &[("origin", EVIL)])).await;
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert!(varies_on_origin(&h));

    // A path without any annotated handler keeps a bare 405.
    let (status, h, _) = send(app(), request("PUT", "/plain", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
}

#[tokio::test]
async fn what_a_route_layer_answers_is_decorated_too() {
    async fn deny(_req: axum::extract::Request, _next: axum::middleware::Next) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }
    let app = CorsRouter::new()
        .route("/users", get(list_users))
        .route_layer(axum::middleware::from_fn(deny))
        .into_served();
    let (status, h, _) = send(app, request("GET", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        all(&h, "access-control-allow-origin"),
        [APP],
        "the page must be able to read the 401"
    );
    assert!(varies_on_origin(&h));
}

#[tokio::test]
async fn any_origin_without_credentials_answers_originless_requests_the_same_way() {
    // A shared cache may store this response and serve it to any page: it must carry `*`.
    let (_, h, _) = send(app(), request("GET", "/public", &[])).await;
    assert_eq!(all(&h, "access-control-allow-origin"), ["*"]);
    assert_eq!(all(&h, "access-control-expose-headers"), ["x-a"]);
    assert!(!varies_on_origin(&h));
}

#[tokio::test]
async fn two_origin_lines_are_never_answered() {
    let req = request("GET", "/users", &[("origin", APP), ("origin", APP)]);
    let (status, h, _) = send(app(), req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert!(varies_on_origin(&h));
}
