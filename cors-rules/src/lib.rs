//! The rules of a valid CORS policy, shared by the `#[cors]` macro (at compile time) and by
//! `cors-runtime` (for policies read from configuration), so the two can never disagree.
//!
//! [`check_policy`] takes a [`PolicySpec`] as written and returns either a normalized
//! [`CheckedPolicy`] or every [`Problem`] in it, each with the [`Site`] it concerns, a message
//! saying what is wrong and a help saying how to fix it.

pub mod header;
pub mod method;
pub mod origin;
pub mod policy;
pub mod token;

pub use origin::{parse_origin, OriginSpec, ParsedOrigin, Port};
pub use policy::{
    check_policy, is_public_suffix, CheckedPolicy, Names, PolicySpec, Problem, Site,
    INSECURE_OPT_OUT, MAX_AGE_LIMIT,
};
