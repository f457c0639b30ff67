//! `check_coverage` with `#[cors(none)]` and named policies: an opted-out handler is annotated
//! (it says "same-origin only" on purpose), so it must be routed like any other. Its own test
//! binary, so that the handlers of the binary are exactly the ones below.

use cors_runtime::routing::get;
use cors_runtime::{cors, cors_policy, CorsRouter, Policy, PolicySource};

static READS: Policy = cors_policy!(origins = ["https://app.example.com"]);

#[cors(none)]
async fn internal() {}

#[cors(policy = READS)]
async fn listed() {}

#[test]
fn an_opted_out_handler_not_routed_is_reported() {
    let cors = CorsRouter::<()>::new().route("/listed", get(listed));
    let err = cors.check_coverage().unwrap_err();
    let unrouted: Vec<&str> = err.unrouted().iter().map(|h| h.name).collect();
    assert_eq!(unrouted, ["internal"]);
}

#[test]
fn routed_opt_outs_and_named_policies_pass_and_keep_their_source() {
    let cors = CorsRouter::<()>::new()
        .route("/listed", get(listed))
        .route("/internal", get(internal))
        .default_policy(&READS);
    assert_eq!(cors.check_coverage(), Ok(()));
    let table = cors.table();
    let sources: Vec<(&str, PolicySource, bool)> = table
        .routes()
        .iter()
        .map(|r| (r.handler, r.source, r.policy.is_some()))
        .collect();
    assert!(
        sources.contains(&("internal", PolicySource::OptedOut, false)),
        "{sources:?}"
    );
    assert!(
        sources.contains(&(
            "listed",
            PolicySource::Named {
                name: "READS",
                overridden: false
            },
            true
        )),
        "{sources:?}"
    );
    // `engine::lookup` serves no policy for an opted-out handler, and the named one for the other.
    fn lookup_of<H: 'static>(_: &H) -> Option<cors_runtime::engine::Annotated> {
        cors_runtime::engine::lookup::<H>()
    }
    assert!(lookup_of(&internal).is_none());
    assert_eq!(lookup_of(&listed).map(|a| a.name), Some("listed"));
}
