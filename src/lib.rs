//! Host package for the workspace examples (`examples/`) and cross-crate integration tests
//! (`tests/`). It has no code of its own; it compiles the README's Rust blocks as doc-tests so the
//! README cannot drift from the API.

#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
