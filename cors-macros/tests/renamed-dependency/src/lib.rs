//! `#[cors]` in a crate that depends on `cors-runtime` under the name `my_cors` (see Cargo.toml),
//! written in edition 2024 under the strictest lints: the generated code names `::my_cors` without
//! being told, and never warns.
#![deny(warnings, clippy::pedantic, missing_docs)]
#![forbid(unsafe_code)]

use my_cors::cors;

/// A handler whose policy the macro registers through the renamed crate.
#[cors(origins = ["https://app.example.com"], credentials, methods = [GET, POST])]
pub async fn list_users() -> &'static str {
    "[]"
}

/// A deprecated handler: its own registration does not trip the deprecation lint.
#[deprecated = "use `list_users`"]
#[cors(origins = ["https://*.example.com"])]
pub async fn legacy() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<H: 'static>(_: &H) -> Option<my_cors::engine::Annotated> {
        my_cors::engine::lookup::<H>()
    }

    #[test]
    fn the_handlers_are_registered_under_the_renamed_crate() {
        let found = find(&list_users).expect("list_users is registered");
        assert_eq!(found.name, "list_users");
        assert!(found.policy.to_string().contains("https://app.example.com"));
        #[allow(deprecated)]
        let legacy = find(&legacy).expect("legacy is registered");
        assert_eq!(legacy.name, "legacy");
    }

    #[test]
    fn the_router_routes_them_with_their_policies() {
        #[allow(deprecated)]
        let router: my_cors::CorsRouter = my_cors::CorsRouter::new()
            .route("/users", my_cors::routing::get(list_users))
            .route("/legacy", my_cors::routing::get(legacy));
        let table = router.table().to_string();
        assert!(table.contains("list_users"), "{table}");
        assert!(table.contains("https://*.example.com"), "{table}");
    }
}
