//! The staleness check: fails with a readable diff on a stale file, passes on a fresh one, and
//! rewrites the file when `CORS_DOCS=overwrite`.

use std::ffi::OsStr;
use std::path::PathBuf;

use cors_runtime::docs::{self, Mode, OVERWRITE_VALUE, OVERWRITE_VAR};

/// A fresh directory per test, so tests running in parallel never share a file.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cors-docs-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const FRESH: &str =
    "| Path | Method |\n|---|---|\n| `/a` | GET |\n| `/b` | GET |\n| `/c` | GET |\n";

#[test]
fn a_fresh_file_passes() {
    let path = scratch("fresh").join("CORS.md");
    std::fs::write(&path, FRESH).unwrap();
    docs::check(&path, FRESH).unwrap();
}

#[test]
fn windows_line_endings_are_not_a_difference() {
    let path = scratch("crlf").join("CORS.md");
    std::fs::write(&path, FRESH.replace('\n', "\r\n")).unwrap();
    docs::check(&path, FRESH).unwrap();
    // Nor a reason to rewrite the file.
    assert!(!docs::update(&path, FRESH).unwrap());
}

#[test]
fn a_stale_file_fails_with_a_line_diff() {
    let path = scratch("stale").join("CORS.md");
    let stale = FRESH.replace("`/b`", "`/old`");
    std::fs::write(&path, &stale).unwrap();

    let err = docs::check(&path, FRESH).unwrap_err();
    assert_eq!(err.path(), path);
    assert!(!err.is_missing());
    assert_eq!(
        err.diff(),
        Some("@@ -2,4 +2,4 @@\n |---|---|\n | `/a` | GET |\n-| `/old` | GET |\n+| `/b` | GET |\n | `/c` | GET |\n")
    );
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("{} is out of date", path.display())),
        "{message}"
    );
    assert!(message.contains("CORS_DOCS=overwrite"), "{message}");
    assert!(message.ends_with(err.diff().unwrap()), "{message}");
    // `.unwrap()` prints Debug: it must be the same readable text, not an escaped string.
    assert_eq!(format!("{err:?}"), message);
    // The check never writes.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), stale);
}

#[test]
fn a_missing_file_fails_and_says_how_to_create_it() {
    let path = scratch("missing").join("CORS.md");
    let err = docs::check(&path, FRESH).unwrap_err();
    assert!(err.is_missing());
    assert_eq!(err.diff(), None);
    assert_eq!(
        err.to_string(),
        format!(
            "{} does not exist; rerun the tests with CORS_DOCS=overwrite to write it, then commit it",
            path.display()
        )
    );
}

#[test]
fn update_writes_only_what_changed() {
    let path = scratch("update").join("nested").join("CORS.md");
    assert!(
        docs::update(&path, FRESH).unwrap(),
        "creates the file and its directory"
    );
    assert!(!docs::update(&path, FRESH).unwrap(), "already fresh");
    assert!(docs::update(&path, "changed\n").unwrap());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "changed\n");
}

/// The mode is explicit: no test touches the environment, so tests may run in parallel.
#[test]
fn check_or_update_follows_the_mode() {
    assert_eq!((OVERWRITE_VAR, OVERWRITE_VALUE), ("CORS_DOCS", "overwrite"));
    let path = scratch("env").join("CORS.md");
    std::fs::write(&path, "stale\n").unwrap();

    let mode = Mode::from_value(Some(OsStr::new("yes please")));
    assert_eq!(mode, Mode::Check);
    let err = docs::check_or_update_with(&path, FRESH, mode).unwrap_err();
    assert!(err.diff().is_some(), "any other value only checks");

    let mode = Mode::from_value(Some(OsStr::new(OVERWRITE_VALUE)));
    assert_eq!(mode, Mode::Overwrite);
    docs::check_or_update_with(&path, FRESH, mode).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FRESH);

    let mode = Mode::from_value(None);
    assert_eq!(mode, Mode::Check);
    docs::check_or_update_with(&path, FRESH, mode).unwrap();
    docs::check_or_update_with(&path, "newer\n", mode).unwrap_err();
}
