//! The rules of a valid CORS policy, shared by the `#[cors]` macro (at compile time) and by
//! `cors-runtime` (for policies read from configuration), so the two can never disagree.
//!
//! [`check_policy`] takes a [`PolicySpec`] as written and returns either a normalized
//! [`CheckedPolicy`] or every [`Problem`] in it, each with the [`Site`] it concerns, a message
//! saying what is wrong and a help saying how to fix it.
//!
//! The modules form a tree without cycles: `problem` (what a check reports) at the bottom, and
//! `spec` (the policy as written) on it; the checks of one value (`origin` with `host` and
//! `punycode`, `header`, `method`, `token`) return a [`Fault`] without knowing where the value
//! sits; `origin_list` and `name_list` check a list of the spec and place each fault at its
//! [`Site`]; `policy` runs them and the checks across keys.

#![forbid(unsafe_code)]

pub mod header;
mod host;
pub mod isolation;
pub mod method;
mod name_list;
pub mod origin;
mod origin_list;
pub mod policy;
pub mod problem;
mod punycode;
mod spec;
pub mod token;

pub use isolation::{
    check_isolation, Callers, CheckedIsolation, EmbedderPolicy, IsolationSpec, OpenerPolicy,
    ResourcePolicy,
};
pub use origin::{parse_origin, OriginSpec, ParsedOrigin, Port};
pub use origin_list::is_public_suffix;
pub use policy::{
    check_policy, CheckedPolicy, Names, PolicySpec, DANGEROUSLY_ALLOW_INSECURE_ORIGINS,
    MAX_AGE_LIMIT,
};
pub use problem::{Fault, Problem, Site};
