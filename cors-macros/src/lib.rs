//! The `#[cors(...)]` attribute: a per-handler CORS policy, checked at compile time. Use it
//! through `cors-runtime`, which re-exports it as `cors_runtime::cors`.
//!
//! The code is laid out like `thiserror-impl`: `attr.rs` parses the attribute into the typed model
//! of `ast.rs`, collecting every error in a `ctxt::Ctxt`; `valid.rs` runs the shared
//! `cors_rules::check_policy` and points each problem at the user's token; `expand.rs` writes
//! the static policy and its registration.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod context;
mod ctxt;
mod expand;
mod habits;
mod valid;

use proc_macro::TokenStream;

/// Attaches a CORS policy to a handler, checked when the crate compiles.
///
/// ```
/// use cors_runtime::cors;
///
/// #[cors(
///     origins = ["https://app.example.com", "https://*.example.com"],
///     credentials,
///     methods = [GET, POST],
///     headers = ["content-type", "authorization"],
///     expose = ["x-request-id"],
///     max_age = 600,
/// )]
/// async fn list_users() -> &'static str {
///     "[]"
/// }
/// ```
///
/// The function is left exactly as written: it can be called directly, carry other attributes on
/// either side of `#[cors]`, and be routed like any axum handler. Beside it, the attribute emits
/// the policy as static data (every list sorted and every header value rendered at compile time)
/// and registers it under the type of the function, so `cors_runtime::routing::get(list_users)`
/// and `cors_runtime::engine::lookup` find it from the handler value alone, with nothing to write at
/// the routing site.
///
/// # Keys
///
/// **`origins = [...]`** (required, unless only isolation keys are given): the origins allowed
/// to call the handler, as string literals. Each is a serialized origin exactly as browsers send it in the `Origin` header
/// (`scheme://host[:port]`: lowercase, punycode host, no default port, no trailing `/`), or a
/// pattern: a leading `*.` label for any subdomain (any depth, never the domain itself) and/or
/// `:*` for any port. `"*"` alone allows every origin.
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(origins = ["https://app.example.com", "https://*.example.com", "http://localhost:*"])]
/// async fn handler() {}
///
/// #[cors(origins = ["*"])]
/// async fn public_data() {}
/// ```
///
/// **`credentials`**: allow credentialed requests (cookies, HTTP authentication, client
/// certificates). Every origin must then be `https` or loopback (`localhost`, `*.localhost`,
/// `127.0.0.0/8`, `[::1]`), and no pattern may cover a public suffix (`*.com`, `*.github.io`).
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(origins = ["https://app.example.com", "http://localhost:3000"], credentials)]
/// async fn profile() {}
/// ```
///
/// The flags (`credentials`, `private_network`, `dangerously_allow_insecure_origins`) may also be
/// written `= true` or `= false`.
///
/// **`methods = [...]`**: the allowed methods, as identifiers (`GET`, `PATCH`, `PROPFIND`) or,
/// for names that are not Rust identifiers, string literals (`"M-SEARCH"`); `[*]` allows any
/// method (not with `credentials`). Without this key, the allowed methods are the ones the
/// handler is routed on.
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(origins = ["https://app.example.com"], methods = [GET, PATCH, "M-SEARCH"])]
/// async fn handler() {}
/// ```
///
/// **`headers = [...]`**: the request headers a page may send (`Access-Control-Allow-Headers`),
/// in any case; `["*"]` allows any header except `Authorization`, which the Fetch standard never
/// lets `*` cover: write `["*", "authorization"]` to allow it too. No `*` with `credentials`.
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(origins = ["https://app.example.com"], headers = ["content-type", "x-csrf-token"])]
/// async fn handler() {}
///
/// #[cors(origins = ["https://app.example.com"], headers = ["*", "authorization"])]
/// async fn any_header() {}
/// ```
///
/// **`expose = [...]`**: the response headers a page may read beyond the safelisted ones
/// (`Access-Control-Expose-Headers`); `["*"]` exposes all (not with `credentials`).
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(origins = ["https://app.example.com"], expose = ["x-request-id", "etag"])]
/// async fn handler() {}
/// ```
///
/// **`max_age = N`**: how many seconds a browser may cache a successful preflight
/// (`Access-Control-Max-Age`), from 0 to 86400. Browsers cap it lower (Chromium at 7200, WebKit
/// at 600); without the key they cache for 5 seconds.
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(origins = ["https://app.example.com"], max_age = 600)]
/// async fn handler() {}
/// ```
///
/// **`private_network`**: grant private network access to preflights that ask for it
/// (`Access-Control-Allow-Private-Network`), for servers on a local network or `localhost`
/// called from public websites. Not with `"*"` origins.
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(origins = ["https://app.example.com"], private_network)]
/// async fn device_status() {}
/// ```
///
/// **`dangerously_allow_insecure_origins`**: accept plain-`http` (non-loopback) origins together
/// with `credentials`. Anyone on the network path can impersonate such an origin, so this is only
/// for networks you fully control; it is an error when nothing needs it.
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(origins = ["http://intranet.corp"], credentials, dangerously_allow_insecure_origins)]
/// async fn handler() {}
/// ```
///
/// **`crate = "path"`**: the path of `cors-runtime`, for when it cannot be found from the crate's
/// `Cargo.toml` (like serde's `#[serde(crate = "...")]`). A dependency renamed in `Cargo.toml`
/// (`my_cors = { package = "cors-runtime", ... }`) is found by itself; this key is for re-exports
/// and `extern crate ... as ...`. A wrong path is one "unresolved import" error on the string.
///
/// ```
/// extern crate cors_runtime as web_cors;
///
/// #[web_cors::cors(origins = ["https://app.example.com"], crate = "web_cors")]
/// async fn handler() {}
/// ```
///
/// **Cross-origin isolation**: `resource_policy = "..."` (`Cross-Origin-Resource-Policy`:
/// `"same-origin"`, `"same-site"`, `"cross-origin"`), `opener_policy = "..."`
/// (`Cross-Origin-Opener-Policy`: `"same-origin"`, `"same-origin-allow-popups"`,
/// `"noopener-allow-popups"`, `"unsafe-none"`), `embedder_policy = "..."`
/// (`Cross-Origin-Embedder-Policy`: `"require-corp"`, `"credentialless"`, `"unsafe-none"`), and
/// the report-only forms `opener_policy_report_only`, `embedder_policy_report_only` (same values;
/// they report what the value would block, and block nothing). The four opener and embedder keys
/// also take `key(policy = "...", report_to = "endpoint")`, adding `; report-to="endpoint"`, the
/// name of an endpoint of the page's `Reporting-Endpoints` header (which you send yourself).
///
/// These headers go on every response of the handler (errors and layer answers included, not
/// preflights), replacing any of the same name the handler sets. They may be given without
/// `origins` (no CORS, the headers only) and beside `none`. Cross-origin isolation
/// (`crossOriginIsolated`, `SharedArrayBuffer`) needs `opener_policy = "same-origin"` with
/// `embedder_policy = "require-corp"` or `"credentialless"` on the document; with
/// `"require-corp"`, every cross-origin subresource must opt in, with a
/// `Cross-Origin-Resource-Policy` that allows the page or with CORS (loaded with `crossorigin`).
/// `CorsRouter::isolation` gives defaults to a whole router; a handler's keys replace them.
///
/// ```
/// # use cors_runtime::cors;
/// #[cors(
///     origins = ["https://app.example.com"],
///     resource_policy = "same-site",
///     opener_policy(policy = "same-origin", report_to = "coop"),
///     embedder_policy = "require-corp",
/// )]
/// async fn app_shell() {}
///
/// #[cors(resource_policy = "cross-origin")]
/// async fn avatar() {}
/// ```
///
/// Rejected: a value not listed above (on the literal, listing the valid ones); a `report_to` that
/// is not a structured-field key (a lowercase letter or `*`, then lowercase letters, digits, `_`,
/// `-`, `.` or `*`); `resource_policy = "same-origin"` beside `origins` or `origin_fn` (the pages
/// allowed to read the handler with CORS could not load it with `<img>` or `<script>`: Fetch
/// standard, "cross-origin resource policy check"); `"same-origin"` or `"same-site"` beside
/// `origins = ["*"]`; a report-only `"unsafe-none"` (it never reports) or a report-only value
/// equal to the enforced one (HTML standard, "Cross-origin opener policies" / "Cross-origin
/// embedder policies").
///
/// ```compile_fail
/// # use cors_runtime::cors;
/// // error: `resource_policy = "same-origin"` blocks the `no-cors` loads ... of the very origins
/// #[cors(origins = ["https://app.example.com"], resource_policy = "same-origin")]
/// async fn handler() {}
/// ```
///
/// # Compile errors
///
/// Every error points at the offending token (the string literal, the method, the key), says
/// what is wrong and how to fix it, and all errors of one attribute are reported in the same
/// build. On an error the function is still emitted unchanged, so calls to it do not fail too.
///
/// - The attribute: an unknown key (the nearest key is suggested: `allow_credentials` ->
///   `credentials`), a key given twice, a missing or empty `origins`, a value of the wrong kind
///   (a list where a list is expected, string literals, an integer `max_age`, a flag with a
///   value other than `true` or `false`, a path in `crate`).
/// - The item: anything but a free `fn` or `async fn` (an associated fn in an `impl` or `trait`
///   block is named as such); a generic function (type, const or
///   lifetime parameters, or `impl Trait` arguments); a method with a `self` receiver; a second
///   `#[cors(...)]` on the same fn (a handler has one policy: the error is on the second one).
/// - Origin syntax: `null`; opaque origins (`file://`, `data:`); WebSocket origins (`wss://`,
///   `ws://`: a page's origin never is one); no scheme or an invalid or
///   uppercase scheme; uppercase host; a path (including a trailing `/`), query, fragment,
///   userinfo or whitespace; an empty, zero, out-of-range or zero-padded port; the scheme's
///   default port spelled out (`https://x.com:443`); a non-ASCII host (write punycode); an
///   invalid `xn--` label; an empty label (`a..b`, a trailing `.`); a character that is not a
///   letter, digit, `-`, `_` or `.`; an IPv4 or IPv6 address not written as browsers serialize it.
/// - Patterns: a `*` anywhere but a leading `*.` label or a `:*` port (`https://foo.*.com`,
///   `https://*example.com`, `https://**.x.com`); a subdomain pattern on an IP address.
/// - Origins as a whole: `"*"` together with other origins; `"*"` with `credentials`; a
///   non-`https`, non-loopback origin with `credentials` (unless
///   `dangerously_allow_insecure_origins`); a pattern covering a public suffix with `credentials`;
///   the same origin twice; `dangerously_allow_insecure_origins` when nothing needs it.
/// - Methods: not a token; `CONNECT`, `TRACE` or `TRACK`; a standard method not in uppercase
///   (`get`, `patch`: browsers compare methods case-sensitively); duplicates; an empty list;
///   `*` with other methods or with `credentials`.
/// - Headers: not a token; a forbidden request header (`cookie`, `host`, `origin`,
///   `content-length`, any `proxy-*` or `sec-*` name, ...); an `access-control-*` name;
///   duplicates, ignoring case; `"*"` with other names or with `credentials`.
/// - Expose: not a token; `set-cookie` or `set-cookie2`; duplicates, ignoring case; `"*"` with
///   other names or with `credentials`.
/// - `max_age` negative, not an integer, or above 86400.
/// - `private_network` with `"*"` origins, with a pattern covering a public suffix, or with a
///   plain-`http` non-loopback origin (Chromium sends private network access preflights only
///   from secure contexts).
/// - Syntax from other libraries, with what to write instead: `methods = [Method::GET]`,
///   `max_age = 60 * 10` or `Duration::from_secs(600)`, `credentials(true)`,
///   `origins = vec![...]` or `("...")`, `origins: [...]`.
///
/// An origin string gets every one of its problems in the same build, and when each can be
/// fixed, the help shows the one string that fixes them all and passes every check:
/// `"HTTPS://APP.EXAMPLE.COM/"` gets three errors (uppercase scheme, trailing `/`, uppercase
/// host), each saying `write "https://app.example.com"`. A conflict (`"*"` with `credentials`)
/// is one error on one side naming the other; a duplicate is one error on its second occurrence.
///
/// ```compile_fail
/// # use cors_runtime::cors;
/// // error: `"*"` origins cannot be combined with `credentials`
/// #[cors(origins = ["*"], credentials)]
/// async fn handler() {}
/// ```
///
/// ```compile_fail
/// # use cors_runtime::cors;
/// // error: origin `https://app.example.com/` has a trailing `/`
/// #[cors(origins = ["https://app.example.com/"])]
/// async fn handler() {}
/// ```
///
/// # Lints and editions
///
/// The generated code never warns, whatever the crate denies, and a `#[deprecated]` handler does
/// not trip the deprecation lint through its own registration. In edition 2024 too:
///
/// ```edition2024
/// #![deny(warnings)]
/// use cors_runtime::cors;
///
/// /// Kept for old clients.
/// #[deprecated = "use v2"]
/// #[cors(origins = ["https://app.example.com", "http://localhost:*"], credentials, max_age = 600)]
/// pub async fn handler() {}
///
/// fn main() {}
/// ```
///
/// # Debugging
///
/// Set `CORS_MACROS_DEBUG=1` while building to print the code generated for every handler, or
/// `CORS_MACROS_DEBUG=<fn name>` for one.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::cors(args.into(), item.into()).into()
}

/// A named CORS policy, checked at compile time, for handlers to share with
/// `#[cors(policy = NAME)]`. It takes exactly the keys of [`macro@cors`], with the same checks and
/// the same errors on the same tokens, and is bound to a `static`:
///
/// ```
/// use cors_runtime::{cors, cors_policy, Policy};
///
/// static WRITES: Policy = cors_policy!(
///     origins = ["https://app.example.com"],
///     credentials,
///     headers = ["content-type"],
/// );
///
/// #[cors(policy = WRITES)]
/// async fn create_user() {}
///
/// // The keys given beside `policy` replace the named policy's, whole.
/// #[cors(policy = WRITES, max_age = 60, headers = ["content-type", "x-csrf-token"])]
/// async fn delete_user() {}
/// ```
///
/// A key given in the attribute replaces the named policy's key (a list is replaced, not
/// extended; `credentials = false` turns credentials off). `dangerously_allow_insecure_origins`
/// goes with the `origins` and `credentials` it is for, so beside `policy` it needs both.
///
/// A combination that a browser would reject is a compile error naming both sides, found when
/// the handler's policy is evaluated at compile time:
///
/// ```compile_fail,E0080
/// use cors_runtime::{cors, cors_policy, Policy};
///
/// static PUBLIC: Policy = cors_policy!(origins = ["*"]);
///
/// // error: `credentials` here cannot be combined with the `"*"` origins of `PUBLIC`
/// #[cors(policy = PUBLIC, credentials)]
/// async fn profile() {}
/// ```
///
/// Bind it to a `static`, not a `const`: handlers share the one policy by reference.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    expand::named(input.into()).into()
}
