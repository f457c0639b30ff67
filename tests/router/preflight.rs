//! Preflights: answered from the policy of the handler the requested method reaches, never by a
//! handler or a `route_layer`.

use super::IntoServed;
use super::*;

#[tokio::test]
async fn preflight_is_answered_from_the_policy_and_never_runs_the_handler() {
    let before = USERS_RAN.load(Ordering::SeqCst);
    let (status, h, body) = send(
        app(),
        preflight("/users", APP, "POST", Some("content-type,x-foo")),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    assert_eq!(all(&h, "access-control-allow-credentials"), ["true"]);
    assert_eq!(
        all(&h, "access-control-allow-headers"),
        ["content-type,x-foo"]
    );
    assert_eq!(all(&h, "access-control-max-age"), ["600"]);
    assert!(
        h.get("access-control-allow-methods").is_none(),
        "POST is safelisted: not echoed"
    );
    assert!(body.is_empty());
    assert_eq!(
        USERS_RAN.load(Ordering::SeqCst),
        before,
        "the handler ran for a preflight"
    );
}

#[tokio::test]
async fn each_method_of_a_path_answers_with_its_own_policy() {
    let before = DELETE_RAN.load(Ordering::SeqCst);
    let (status, h, _) = send(app(), preflight("/users", ADMIN, "DELETE", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [ADMIN]);
    assert_eq!(all(&h, "access-control-allow-methods"), ["DELETE"]);

    // The GET/POST policy's origin is not the DELETE policy's.
    let (status, h, body) = send(app(), preflight("/users", APP, "DELETE", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert!(body.is_empty());
    assert_eq!(DELETE_RAN.load(Ordering::SeqCst), before);
}

#[tokio::test]
async fn preflight_for_a_method_without_handler_or_policy_is_rejected() {
    for (uri, method) in [
        ("/users", "PATCH"),
        ("/users", "patch"), // methods compare case-sensitively
        ("/users", "PUT"),
        ("/plain", "POST"), // a handler without #[cors]: same-origin only
        ("/plain", "GET"),
    ] {
        let (status, h, body) = send(app(), preflight(uri, APP, method, Some("x-foo"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{method} {uri}");
        assert!(body.is_empty());
    }
}

#[tokio::test]
async fn options_that_is_not_a_preflight_goes_to_the_user_or_gets_405() {
    // No user OPTIONS handler: axum's 405 with Allow.
    let (status, h, _) = send(app(), request("OPTIONS", "/users", &[])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let allow = all(&h, "allow").join(",");
    assert!(allow.contains("GET") && allow.contains("DELETE"), "{allow}");

    // Origin without Access-Control-Request-Method is not a preflight either.
    let before = OPTIONS_RAN.load(Ordering::SeqCst);
    let (status, _, _) = send(
        app(),
        request("OPTIONS", "/with-options", &[("origin", APP)]),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(OPTIONS_RAN.load(Ordering::SeqCst), before + 1);

    // A real preflight on that path never reaches the user's OPTIONS handler.
    let (status, h, _) = send(app(), preflight("/with-options", APP, "PUT", Some("x-foo"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    assert_eq!(OPTIONS_RAN.load(Ordering::SeqCst), before + 1);
}

#[tokio::test]
async fn any_handler_answers_preflights_for_every_method() {
    for method in ["PUT", "DELETE", "PATCH"] {
        let (status, h, _) = send(app(), preflight("/any", APP, method, Some("x-foo"))).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{method}");
        assert_eq!(all(&h, "access-control-allow-methods"), [method]);
    }
    let (status, h, _) = send(app(), request("PATCH", "/any", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    // An extension method is not routed by `any`: axum's 405, still readable by the page.
    let (status, h, _) = send(app(), request("FOO", "/any", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[tokio::test]
async fn route_layer_wraps_handlers_but_not_preflights() {
    async fn deny(_req: axum::extract::Request, _next: axum::middleware::Next) -> StatusCode {
        StatusCode::UNAUTHORIZED
    }
    let app = CorsRouter::new()
        .route("/users", get(list_users).post(list_users))
        .route_layer(axum::middleware::from_fn(deny))
        .into_served();
    let (status, h, _) = send(app.clone(), preflight("/users", APP, "POST", Some("x-foo"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    let (status, _, _) = send(app, request("GET", "/users", &[("origin", APP)])).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_plain_router_on_the_same_path_keeps_the_preflight_answers() {
    let plain = axum::Router::new().route("/users", axum::routing::post(|| async { "plain post" }));
    for app in [
        CorsRouter::new()
            .route("/users", get(list_users))
            .merge(plain.clone())
            .into_served(),
        CorsRouter::from(plain)
            .merge(CorsRouter::new().route("/users", get(list_users)))
            .into_served(),
    ] {
        let (status, h, _) =
            send(app.clone(), preflight("/users", APP, "GET", Some("x-foo"))).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
        // The plain POST handler is same-origin only.
        let (status, h, _) =
            send(app.clone(), preflight("/users", APP, "POST", Some("x-foo"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(cors_headers(&h), Vec::<String>::new());
        let (status, h, body) =
            send(app.clone(), request("POST", "/users", &[("origin", APP)])).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "plain post"));
        assert_eq!(cors_headers(&h), Vec::<String>::new());
        let (status, h, _) = send(app, request("DELETE", "/users", &[("origin", APP)])).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
    }
}

#[tokio::test]
async fn star_methods_route_and_head_follows_a_listed_get() {
    let app = CorsRouter::new()
        .try_route("/every", get(every_method))
        .unwrap()
        .route("/listed", get(listed_get))
        .into_served();
    let (status, _, _) = send(app.clone(), preflight("/every", APP, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, h, _) = send(app, preflight("/listed", APP, "HEAD", Some("x-foo"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(all(&h, "access-control-allow-origin"), [APP]);
}

#[tokio::test]
async fn any_grants_in_preflights_only_what_it_serves() {
    for method in ["PURGE", "TRACE", "CONNECT", "patch"] {
        let (status, h, _) = send(app(), preflight("/any", APP, method, Some("x-foo"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{method}");
    }
}

#[tokio::test]
async fn every_preflight_answer_of_a_path_carries_the_same_vary() {
    const VARY: &str = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    let cases = [
        // Allowed, refused by origin, refused by header, and a method with no handler at all.
        (
            "/users",
            APP,
            "POST",
            Some("content-type"),
            StatusCode::NO_CONTENT,
        ),
        ("/users", EVIL, "POST", None, StatusCode::FORBIDDEN),
        ("/users", APP, "POST", Some("x-nope"), StatusCode::FORBIDDEN),
        ("/users", ADMIN, "DELETE", None, StatusCode::NO_CONTENT),
        ("/users", APP, "PATCH", None, StatusCode::FORBIDDEN),
        ("/users", APP, "patch", Some("x-foo"), StatusCode::FORBIDDEN),
        // The `*` policy echoes the requested method and headers: its answer varies on them.
        (
            "/public",
            EVIL,
            "GET",
            Some("x-anything"),
            StatusCode::FORBIDDEN,
        ),
        ("/public", EVIL, "GET", None, StatusCode::NO_CONTENT),
        ("/public", EVIL, "PUT", None, StatusCode::FORBIDDEN),
        // A path without any policy.
        ("/plain", APP, "GET", None, StatusCode::FORBIDDEN),
    ];
    for (uri, origin, method, headers, status) in cases {
        let (got, h, _) = send(app(), preflight(uri, origin, method, headers)).await;
        assert_eq!(got, status, "{method} {uri} from {origin}");
        assert_eq!(all(&h, "vary"), [VARY], "{method} {uri} from {origin}");
    }
}

#[tokio::test]
async fn private_network_request_on_two_lines_is_a_refused_preflight() {
    for lines in [["false", "true"], ["true", "true"]] {
        let req = request(
            "OPTIONS",
            "/users",
            &[
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-private-network", lines[0]),
                ("access-control-request-private-network", lines[1]),
            ],
        );
        let (status, h, _) = send(app(), req).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{lines:?}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{lines:?}");
    }
    // One line saying false asks for nothing: the same preflight is allowed.
    let req = request(
        "OPTIONS",
        "/users",
        &[
            ("origin", APP),
            ("access-control-request-method", "POST"),
            ("access-control-request-private-network", "false"),
        ],
    );
    let (status, _, _) = send(app(), req).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}
