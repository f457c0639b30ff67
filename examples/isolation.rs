//! The server for the cross-origin isolation cases of the browser suite (`tests/browser/run.sh`,
//! cases `iso-*` in `tests/browser/isolation.mjs`): pages and subresources whose
//! `Cross-Origin-Opener-Policy`, `Cross-Origin-Embedder-Policy` and
//! `Cross-Origin-Resource-Policy` come from `#[cors(...)]` keys, not from hand-written headers.
//!
//! ```sh
//! cargo run --example isolation      # serves on 127.0.0.1:8703
//! ```
//!
//! The port is fixed: the CORS policy of `/cors/...` names the page origin `http://localhost:8703`.
//!
//! Every name under `*.localhost` reaches it too (Chromium resolves them to loopback), so the suite
//! gets as many origins and sites as it needs from this one listener.
//!
//! Pages: `/isolated`, `/coop-only`, `/coep-only`, `/credentialless`, `/report-only`, `/report-to`,
//! `/plain` and three opener-policy variants. Subresources: `/{policy}/pixel.png` (a 1x1 PNG) and
//! `/{policy}/script.js` (a script recording its own URL in `self.__ran`, so a page can tell it
//! ran), one handler per policy: `corp-same-origin`, `corp-same-site`, `corp-cross-origin`,
//! `no-corp` (no `#[cors]` at all) and `cors` (a CORS policy for `http://localhost:8703`, no CORP).
//! `/numbered/{n}` (CORP `cross-origin`) rejects a non-numeric `n`: an error response of a handler.
//!
//! Router defaults (`CorsRouter::isolation`): `/defaults/page` and `/defaults/override` (which
//! replaces the embedder policy), `/assets/{file}` and `/assets/same-site/{file}` (which replaces
//! the resource policy).

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cors_runtime::routing::get;
use cors_runtime::{cors, CorsRouter, EmbedderPolicy, Isolation, OpenerPolicy, ResourcePolicy};

/// The page every page route serves: the headers are what the cases are about, the body is inert.
const PAGE: &str =
    "<!doctype html><meta charset=\"utf-8\"><title>cors isolation</title><body>isolation</body>";

/// A 1x1 transparent PNG: a real image, so an `<img>` that loads fires `load`, not `error`.
const PIXEL: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0xf8, 0xcf, 0x50,
    0x0f, 0x00, 0x03, 0x86, 0x01, 0x80, 0x5a, 0x34, 0x7d, 0x6b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A script that leaves a trace, so the suite checks it ran, not only that `load` fired.
const SCRIPT: &str = "(self.__ran ??= []).push(document.currentScript.src);\n";

// `no-store` everywhere: a cached response would let a case pass on an earlier case's headers.
fn page() -> Response {
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        PAGE,
    )
        .into_response()
}

fn subresource(file: &str) -> Response {
    match file {
        "pixel.png" => (
            [(CONTENT_TYPE, "image/png"), (CACHE_CONTROL, "no-store")],
            PIXEL,
        )
            .into_response(),
        "script.js" => (
            [
                (CONTENT_TYPE, "text/javascript"),
                (CACHE_CONTROL, "no-store"),
            ],
            SCRIPT,
        )
            .into_response(),
        _ => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

// --- pages -------------------------------------------------------------------------------------

/// Both halves of cross-origin isolation: `self.crossOriginIsolated` is true here.
#[cors(opener_policy = "same-origin", embedder_policy = "require-corp")]
async fn isolated() -> Response {
    page()
}

#[cors(opener_policy = "same-origin")]
async fn coop_only() -> Response {
    page()
}

#[cors(embedder_policy = "require-corp")]
async fn coep_only() -> Response {
    page()
}

/// Isolated too, without requiring CORP: no-cors subresources load, without credentials.
#[cors(opener_policy = "same-origin", embedder_policy = "credentialless")]
async fn credentialless() -> Response {
    page()
}

/// The report-only forms: the browser reports what it would block and blocks nothing.
#[cors(
    opener_policy_report_only = "same-origin",
    embedder_policy_report_only = "require-corp"
)]
async fn report_only() -> Response {
    page()
}

/// Both enforced headers naming a reporting endpoint: still isolated.
#[cors(
    opener_policy(policy = "same-origin", report_to = "coop"),
    embedder_policy(policy = "require-corp", report_to = "coep")
)]
async fn report_to() -> Response {
    page()
}

#[cors(opener_policy = "unsafe-none")]
async fn opener_unsafe_none() -> Response {
    page()
}

#[cors(opener_policy = "same-origin-allow-popups")]
async fn opener_allow_popups() -> Response {
    page()
}

#[cors(opener_policy = "noopener-allow-popups")]
async fn noopener_allow_popups() -> Response {
    page()
}

/// No `#[cors]`: the browser's defaults, the baseline every other page is compared with.
async fn plain() -> Response {
    page()
}

// --- subresources ------------------------------------------------------------------------------

#[cors(resource_policy = "same-origin")]
async fn corp_same_origin(Path(file): Path<String>) -> Response {
    subresource(&file)
}

#[cors(resource_policy = "same-site")]
async fn corp_same_site(Path(file): Path<String>) -> Response {
    subresource(&file)
}

#[cors(resource_policy = "cross-origin")]
async fn corp_cross_origin(Path(file): Path<String>) -> Response {
    subresource(&file)
}

/// The path parameter must be a number: `/numbered/x` is answered by axum's `Path` rejection (400),
/// which must carry the handler's `Cross-Origin-Resource-Policy` like any other response of it.
#[cors(resource_policy = "cross-origin")]
async fn corp_cross_origin_numbered(Path(_n): Path<u32>) -> Response {
    subresource("pixel.png")
}

/// Neither CORP nor CORS: what a `require-corp` page must refuse from another origin.
async fn no_corp(Path(file): Path<String>) -> Response {
    subresource(&file)
}

/// CORS instead of CORP: enough under `require-corp` when the page asks with `crossorigin`.
#[cors(origins = ["http://localhost:8703"])]
async fn cors_only(Path(file): Path<String>) -> Response {
    subresource(&file)
}

// --- router defaults (`CorsRouter::isolation`), overridden per handler ---------------------------

/// No `#[cors]`: its headers are the `/defaults` router's.
async fn default_page() -> Response {
    page()
}

/// The router's opener policy, its own embedder policy.
#[cors(embedder_policy = "unsafe-none")]
async fn override_page() -> Response {
    page()
}

/// No `#[cors]`: the `/assets` router's `resource_policy` `cross-origin`.
async fn asset(Path(file): Path<String>) -> Response {
    subresource(&file)
}

#[cors(resource_policy = "same-site")]
async fn same_site_asset(Path(file): Path<String>) -> Response {
    subresource(&file)
}

fn defaults() -> CorsRouter {
    CorsRouter::new()
        .route("/page", get(default_page))
        .route("/override", get(override_page))
        .isolation(
            Isolation::new()
                .opener_policy(OpenerPolicy::SameOrigin)
                .embedder_policy(EmbedderPolicy::RequireCorp),
        )
}

fn assets() -> CorsRouter {
    CorsRouter::new()
        .route("/{file}", get(asset))
        .route("/same-site/{file}", get(same_site_asset))
        .isolation(Isolation::new().resource_policy(ResourcePolicy::CrossOrigin))
}

fn routes() -> CorsRouter {
    CorsRouter::new()
        .route("/isolated", get(isolated))
        .route("/coop-only", get(coop_only))
        .route("/coep-only", get(coep_only))
        .route("/credentialless", get(credentialless))
        .route("/report-only", get(report_only))
        .route("/report-to", get(report_to))
        .route("/opener-unsafe-none", get(opener_unsafe_none))
        .route("/opener-allow-popups", get(opener_allow_popups))
        .route("/noopener-allow-popups", get(noopener_allow_popups))
        .route("/plain", get(plain))
        .route("/corp-same-origin/{file}", get(corp_same_origin))
        .route("/corp-same-site/{file}", get(corp_same_site))
        .route("/corp-cross-origin/{file}", get(corp_cross_origin))
        .route("/numbered/{n}", get(corp_cross_origin_numbered))
        .route("/no-corp/{file}", get(no_corp))
        .route("/cors/{file}", get(cors_only))
        .nest("/defaults", defaults())
        .nest("/assets", assets())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cors = routes();
    println!("policy table:");
    print!("{}", cors.table());

    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 8703)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, cors.into_router()).await?;
    Ok(())
}
