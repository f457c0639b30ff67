// Two handlers with the same name in two modules are two policies, and one handler may serve two
// paths.
#![deny(warnings, clippy::pedantic)] // generated code never warns
use cors_runtime::routing::get;
use cors_runtime::CorsRouter;

mod users {
    use cors_runtime::cors;

    #[cors(origins = ["https://app.example.com"])]
    pub async fn list() -> &'static str {
        "users"
    }
}

mod orders {
    use cors_runtime::cors;

    #[cors(origins = ["https://admin.example.com"], credentials)]
    pub async fn list() -> &'static str {
        "orders"
    }
}

fn main() {
    let router: CorsRouter = CorsRouter::new()
        .route("/users", get(users::list))
        .route("/people", get(users::list))
        .route("/orders", get(orders::list));
    let table = router.table();
    assert_eq!(table.len(), 3);
    let _app: axum::Router = router.into_router();
}
