//! Host package for the workspace examples (`examples/`) and cross-crate integration tests (`tests/`). It has no code of its own.
