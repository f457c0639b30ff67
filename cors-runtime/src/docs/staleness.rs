//! Keeping a checked-in document in step with the code, from the user's test suite.
//!
//! The same workflow as snapshot tools (`TRYBUILD=overwrite`, `INSTA_UPDATE`): the test fails with
//! a diff when the file is out of date, and the developer reruns it with an environment variable
//! to accept the new version, then reviews and commits the change.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::diff::unified;

/// The environment variable that makes [`check_or_update`] rewrite files instead of failing:
/// `CORS_DOCS=overwrite cargo test`.
pub const OVERWRITE_VAR: &str = "CORS_DOCS";

/// The value of [`OVERWRITE_VAR`] that turns rewriting on. Any other value is ignored.
pub const OVERWRITE_VALUE: &str = "overwrite";

/// Why a checked-in document does not match what the code renders.
///
/// Its `Debug` output is the same readable text as its `Display`, so `.unwrap()` in a test, or a
/// test returning `Result<(), StaleDoc>`, prints the diff as it is rather than as an escaped string.
pub struct StaleDoc {
    path: PathBuf,
    problem: Problem,
}

enum Problem {
    Missing,
    Differs { diff: String },
    Unreadable(io::Error),
    Unwritable(io::Error),
}

impl StaleDoc {
    /// The file that was checked.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The unified diff from the file (`-`) to the rendered document (`+`), when both exist and
    /// differ.
    pub fn diff(&self) -> Option<&str> {
        match &self.problem {
            Problem::Differs { diff } => Some(diff),
            _ => None,
        }
    }

    /// Whether the file does not exist yet.
    pub fn is_missing(&self) -> bool {
        matches!(self.problem, Problem::Missing)
    }
}

impl fmt::Display for StaleDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        let rerun = format!("rerun the tests with {OVERWRITE_VAR}={OVERWRITE_VALUE}");
        match &self.problem {
            Problem::Missing => {
                write!(
                    f,
                    "{path} does not exist; {rerun} to write it, then commit it"
                )
            }
            Problem::Differs { diff } => write!(
                f,
                "{path} is out of date: it no longer matches the routes' CORS policies. Review the diff \
                 (- in the file, + rendered now), {rerun} to update the file, then commit it.\n\n\
                 --- {path}\n+++ rendered from the policy table\n{diff}"
            ),
            Problem::Unreadable(e) => write!(f, "cannot read {path}: {e}"),
            Problem::Unwritable(e) => {
                write!(
                    f,
                    "cannot write {path} ({OVERWRITE_VAR}={OVERWRITE_VALUE}): {e}"
                )
            }
        }
    }
}

impl fmt::Debug for StaleDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for StaleDoc {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            Problem::Unreadable(e) | Problem::Unwritable(e) => Some(e),
            _ => None,
        }
    }
}

/// The file's text, with Windows line endings read as Unix ones: a checkout with
/// `core.autocrlf` must not look stale.
fn read(path: &Path) -> io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text.replace("\r\n", "\n"))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Checks that the file at `path` holds `rendered` (line endings aside). Never writes.
///
/// On a difference, the error carries a unified diff from the file to `rendered`.
pub fn check(path: impl AsRef<Path>, rendered: &str) -> Result<(), StaleDoc> {
    let path = path.as_ref();
    let stale = |problem| StaleDoc {
        path: path.to_owned(),
        problem,
    };
    match read(path) {
        Ok(Some(on_disk)) if on_disk == rendered => Ok(()),
        Ok(Some(on_disk)) => Err(stale(Problem::Differs {
            diff: unified(&on_disk, rendered),
        })),
        Ok(None) => Err(stale(Problem::Missing)),
        Err(e) => Err(stale(Problem::Unreadable(e))),
    }
}

/// Writes `rendered` to `path` if the file does not already hold it (line endings aside), creating
/// missing parent directories. Returns whether the file was written.
pub fn update(path: impl AsRef<Path>, rendered: &str) -> io::Result<bool> {
    let path = path.as_ref();
    if read(path)?.as_deref() == Some(rendered) {
        return Ok(false);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, rendered)?;
    Ok(true)
}

/// What [`check_or_update_with`] does with a file that differs from the rendered document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mode {
    /// Fail with a diff ([`check`]): what CI runs.
    Check,
    /// Rewrite the file ([`update`]): what a developer runs after reviewing a change.
    Overwrite,
}

impl Mode {
    /// The mode a value of [`OVERWRITE_VAR`] asks for: [`Mode::Overwrite`] for exactly
    /// [`OVERWRITE_VALUE`], else [`Mode::Check`].
    pub fn from_value(value: Option<&std::ffi::OsStr>) -> Mode {
        match value {
            Some(v) if v == OVERWRITE_VALUE => Mode::Overwrite,
            _ => Mode::Check,
        }
    }

    /// The mode the environment asks for (`CORS_DOCS=overwrite`), read once per process: every
    /// test of a run sees the same mode, whatever a test does to the environment later.
    pub fn from_env() -> Mode {
        static MODE: std::sync::OnceLock<Mode> = std::sync::OnceLock::new();
        *MODE.get_or_init(|| Mode::from_value(std::env::var_os(OVERWRITE_VAR).as_deref()))
    }
}

/// For a test: [`check_or_update_with`] in the mode the environment asks for
/// ([`Mode::from_env`]): [`check`] the file at `path` against `rendered`, or, when
/// `CORS_DOCS` ([`OVERWRITE_VAR`]) is `overwrite`, [`update`] the file instead.
///
/// A relative `path` is taken from the current directory, which `cargo test` sets to the package's
/// root; `concat!(env!("CARGO_MANIFEST_DIR"), "/CORS.md")` does not depend on that.
///
/// ```no_run
/// # fn routes() -> cors_runtime::CorsRouter { cors_runtime::CorsRouter::new() }
/// #[test]
/// fn cors_md_is_fresh() {
///     let table = routes().table();
///     let rendered = cors_runtime::docs::markdown(&table);
///     let path = concat!(env!("CARGO_MANIFEST_DIR"), "/CORS.md");
///     cors_runtime::docs::check_or_update(path, &rendered).unwrap();
/// }
/// ```
pub fn check_or_update(path: impl AsRef<Path>, rendered: &str) -> Result<(), StaleDoc> {
    check_or_update_with(path, rendered, Mode::from_env())
}

/// [`check`] the file at `path` against `rendered` in [`Mode::Check`], [`update`] it in
/// [`Mode::Overwrite`]. Reads no environment variable.
pub fn check_or_update_with(
    path: impl AsRef<Path>,
    rendered: &str,
    mode: Mode,
) -> Result<(), StaleDoc> {
    let path = path.as_ref();
    match mode {
        Mode::Check => check(path, rendered),
        Mode::Overwrite => match update(path, rendered) {
            Ok(written) => {
                if written {
                    eprintln!("cors-runtime: wrote {}", path.display());
                }
                Ok(())
            }
            Err(e) => Err(StaleDoc {
                path: path.to_owned(),
                problem: Problem::Unwritable(e),
            }),
        },
    }
}
