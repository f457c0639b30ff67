//! The rules of a valid CORS policy, shared by the `#[cors]` macro (at compile time) and by
//! `cors-runtime` (for policies read from configuration), so the two can never disagree.

pub mod token;
