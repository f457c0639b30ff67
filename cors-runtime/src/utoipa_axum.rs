//! utoipa-axum integration (cargo feature `utoipa-axum`): handlers declared once with
//! `#[utoipa::path]` and `#[cors]` get both their OpenAPI operation and their CORS route.
//!
//! utoipa-axum's `routes!` returns a plain `axum::routing::MethodRouter`, in which the handler's
//! type, and so its policy, is gone; its `OpenApiRouter` holds a plain `axum::Router`. So
//! [`cors_routes!`](crate::cors_routes) reads the same `#[utoipa::path]` information (through
//! utoipa-axum's `routes!`) but routes each handler with this crate's routing functions, and
//! [`CorsOpenApiRouter`] keeps a [`CorsRouter`] beside the OpenAPI document:
//!
//! ```
//! use cors_runtime::utoipa_axum::CorsOpenApiRouter;
//! use cors_runtime::{cors, cors_routes};
//!
//! #[utoipa::path(get, path = "/users")]
//! #[cors(origins = ["https://app.example.com"])]
//! async fn list_users() -> &'static str {
//!     "[]"
//! }
//!
//! let (cors, openapi) = CorsOpenApiRouter::<()>::new()
//!     .routes(cors_routes!(list_users))
//!     .split_for_parts();
//! assert!(openapi.paths.paths.contains_key("/users"));
//! assert!(cors.table().routes()[0].policy.is_some());
//! let app: axum::Router = cors.into_router();
//! ```
//!
//! A route added with utoipa-axum's own `routes!` on an `OpenApiRouter` has no CORS: the
//! `axum::Router` it makes can only be merged after `into_router()`, outside the table and the
//! coverage check (which then names its `#[cors]` handlers).

use std::convert::Infallible;

use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::Route;
use tower::{Layer, Service};
use utoipa::openapi::path::{PathItem, Paths};
use utoipa::openapi::{OpenApi, RefOr};

use crate::routing::{MethodFilter, MethodRouter};
use crate::CorsRouter;

/// Schemas found in the handlers' `#[utoipa::path]` declarations.
type Schemas = Vec<(String, RefOr<utoipa::openapi::schema::Schema>)>;

/// What [`cors_routes!`](crate::cors_routes) makes: the OpenAPI paths and schemas of some
/// handlers, and the same handlers routed with their `#[cors]` policies.
pub struct CorsRoutes<S = ()> {
    schemas: Schemas,
    paths: Paths,
    routes: Vec<(String, MethodRouter<S>)>,
}

/// The methods a `#[utoipa::path]` item declares, as axum filters.
fn filters(item: &PathItem) -> Vec<MethodFilter> {
    [
        (&item.get, MethodFilter::GET),
        (&item.put, MethodFilter::PUT),
        (&item.post, MethodFilter::POST),
        (&item.delete, MethodFilter::DELETE),
        (&item.options, MethodFilter::OPTIONS),
        (&item.head, MethodFilter::HEAD),
        (&item.patch, MethodFilter::PATCH),
        (&item.trace, MethodFilter::TRACE),
    ]
    .into_iter()
    .filter(|(operation, _)| operation.is_some())
    .map(|(_, filter)| filter)
    .collect()
}

/// An axum path: utoipa writes the root as `""`.
fn axum_path(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}

impl<S> CorsRoutes<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// For `cors_routes!` only: one handler's declaration as utoipa-axum's `routes!` reads it,
    /// routed by `route` on each method. utoipa-axum's own method router is dropped: the handler's
    /// type, and so its policy, is gone from it.
    #[doc(hidden)]
    pub fn __one(
        (schemas, paths, _): (Schemas, Paths, axum::routing::MethodRouter<S>),
        route: impl Fn(MethodFilter, MethodRouter<S>) -> MethodRouter<S>,
    ) -> Self {
        let routes = paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = filters(item)
                    .into_iter()
                    .fold(MethodRouter::default(), |router, filter| {
                        route(filter, router)
                    });
                (axum_path(path).to_owned(), methods)
            })
            .collect();
        CorsRoutes {
            schemas,
            paths,
            routes,
        }
    }

    /// For `cors_routes!` only: several handlers' declarations together.
    #[doc(hidden)]
    pub fn __join(all: impl IntoIterator<Item = Self>) -> Self {
        let mut joined = CorsRoutes {
            schemas: Vec::new(),
            paths: Paths::new(),
            routes: Vec::new(),
        };
        for one in all {
            joined.schemas.extend(one.schemas);
            joined.paths.merge(one.paths);
            joined.routes.extend(one.routes);
        }
        joined
    }
}

/// `#[utoipa::path]` handlers routed on a [`CorsRouter`] with their `#[cors]` policies, and their
/// OpenAPI document: utoipa-axum's `OpenApiRouter`, with CORS. See the [module docs](self).
pub struct CorsOpenApiRouter<S = ()> {
    router: CorsRouter<S>,
    openapi: OpenApi,
}

impl<S> Default for CorsOpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<S> CorsOpenApiRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// An empty router with an empty OpenAPI document.
    pub fn new() -> Self {
        Self::with_openapi(utoipa::openapi::OpenApiBuilder::new().build())
    }

    /// An empty router whose document starts as `openapi` (from `#[derive(OpenApi)]`, say).
    pub fn with_openapi(openapi: OpenApi) -> Self {
        CorsOpenApiRouter {
            router: CorsRouter::new(),
            openapi,
        }
    }

    /// Adds the handlers of [`cors_routes!`](crate::cors_routes): their operations and schemas to
    /// the document, their routes (with their `#[cors]` policies) to the router. Panics like
    /// [`CorsRouter::route`] on a policy that does not allow its routed method.
    #[track_caller]
    pub fn routes(mut self, routes: CorsRoutes<S>) -> Self {
        for (path, methods) in routes.routes {
            self.router = self.router.route(&path, methods);
        }
        for (path, item) in routes.paths.paths {
            match self.openapi.paths.paths.get_mut(&path) {
                Some(existing) => existing.merge_operations(item),
                None => {
                    self.openapi.paths.paths.insert(path, item);
                }
            }
        }
        self.openapi
            .components
            .get_or_insert_with(utoipa::openapi::Components::new)
            .schemas
            .extend(routes.schemas);
        self
    }

    /// Nests `other` under `prefix`, in the router and in the document.
    #[track_caller]
    pub fn nest(self, prefix: &str, other: CorsOpenApiRouter<S>) -> Self {
        CorsOpenApiRouter {
            router: self.router.nest(prefix, other.router),
            openapi: self.openapi.nest(prefix, other.openapi),
        }
    }

    /// Merges `other`, in the router and in the document.
    pub fn merge(mut self, other: CorsOpenApiRouter<S>) -> Self {
        self.openapi.merge(other.openapi);
        CorsOpenApiRouter {
            router: self.router.merge(other.router),
            openapi: self.openapi,
        }
    }

    /// [`CorsRouter::layer`] on the router: inside the CORS decoration.
    pub fn layer<L>(self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        CorsOpenApiRouter {
            router: self.router.layer(layer),
            openapi: self.openapi,
        }
    }

    /// The router and the document. `docs::merge_utoipa(&mut openapi, &router.table())` adds
    /// each operation's CORS policy to the document as `x-cors`.
    pub fn split_for_parts(self) -> (CorsRouter<S>, OpenApi) {
        (self.router, self.openapi)
    }
}

/// Routes `#[utoipa::path]` handlers with their `#[cors]` policies: like utoipa-axum's
/// `routes!`, for [`CorsOpenApiRouter::routes`](crate::utoipa_axum::CorsOpenApiRouter::routes).
/// Each handler is routed on the path and methods its `#[utoipa::path]` declares. The calling
/// crate needs `utoipa` and `axum` as dependencies, as with utoipa-axum's `routes!`.
#[macro_export]
macro_rules! cors_routes {
    ($($handler:path),+ $(,)?) => {
        $crate::utoipa_axum::CorsRoutes::__join([$(
            $crate::utoipa_axum::CorsRoutes::__one(
                $crate::__private_v1::utoipa_axum_routes!($handler),
                |filter, router| router.on(filter, $handler),
            )
        ),+])
    };
}
