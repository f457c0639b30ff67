//! `#[cors(origins = env("APP_CORS_ORIGINS"), ...)]`: origins read from the environment when the
//! router is built, checked by the same `cors-rules` code as every other policy (through
//! [`Policy::builder`]), and reported all at once as a [`ConfigError`] before the server serves.
//!
//! Every other key of the attribute was checked at compile time; only what depends on the
//! variable's value is left for here.

use std::fmt;

use cors_rules::Site;

use crate::{HeaderNames, Policy};

/// Everything wrong with the policies read from configuration, from
/// [`CorsRouter::try_into_router`](crate::CorsRouter::try_into_router). Its `Display` lists every
/// problem: the variable, the bad value, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    problems: Vec<ConfigProblem>,
}

/// One problem of a [`ConfigError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfigProblem {
    /// The environment variable.
    pub var: &'static str,
    /// The offending entry of its value, when the problem is one entry's.
    pub value: Option<String>,
    /// The handlers whose policy reads the variable.
    pub handlers: Vec<&'static str>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl ConfigError {
    /// Every problem, in the order found.
    pub fn problems(&self) -> &[ConfigProblem] {
        &self.problems
    }

    pub(crate) fn new() -> Self {
        ConfigError {
            problems: Vec::new(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// Adds `problems` of `handler`; one read by several handlers is listed once.
    pub(crate) fn extend(&mut self, handler: &'static str, problems: Vec<ConfigProblem>) {
        for mut problem in problems {
            let same = self.problems.iter_mut().find(|p| {
                p.var == problem.var && p.value == problem.value && p.message == problem.message
            });
            match same {
                Some(same) if !same.handlers.contains(&handler) => same.handlers.push(handler),
                Some(_) => {}
                None => {
                    problem.handlers = vec![handler];
                    self.problems.push(problem);
                }
            }
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{n} problem{} in the CORS origins read from the environment:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n- {}", p.var)?;
            if let Some(value) = &p.value {
                write!(f, " entry {value:?}")?;
            }
            write!(f, " (for {}): {}", p.handlers.join(", "), p.message)?;
            if let Some(help) = &p.help {
                write!(f, "; {help}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// The entries of a variable's value: separated by commas and/or whitespace.
pub(crate) fn split(value: &str) -> Vec<&str> {
    value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `template` (the attribute's policy, with a stand-in origin) with the origins of `var`.
pub(crate) fn resolve(
    template: &Policy,
    var: &'static str,
    dangerously_allow_insecure_origins: bool,
) -> Result<Policy, Vec<ConfigProblem>> {
    let problem = |value: Option<String>, message: String, help: Option<String>| ConfigProblem {
        var,
        value,
        handlers: Vec::new(),
        message,
        help,
    };
    let raw = match std::env::var(var) {
        Ok(raw) => raw,
        Err(std::env::VarError::NotPresent) => {
            return Err(vec![problem(
                None,
                format!("the environment variable {var} is not set"),
                Some(format!(
                    "set {var} to the allowed origins, separated by commas or spaces, such as \
                     \"https://app.example.com,https://admin.example.com\""
                )),
            )])
        }
        Err(std::env::VarError::NotUnicode(_)) => {
            return Err(vec![problem(
                None,
                format!("the environment variable {var} is not valid UTF-8"),
                Some("origins are ASCII: write hosts in punycode".to_owned()),
            )])
        }
    };
    let origins = split(&raw);
    if origins.is_empty() {
        return Err(vec![problem(
            None,
            format!("the environment variable {var} is empty: the policy would allow no origin"),
            Some(format!(
                "set {var} to at least one origin, such as \"https://app.example.com\""
            )),
        )]);
    }
    let names = |h: &HeaderNames| -> Vec<String> {
        match h {
            HeaderNames::Any => vec!["*".to_owned()],
            HeaderNames::List(list) => list.iter().map(|n| n.to_string()).collect(),
        }
    };
    let mut builder = Policy::builder()
        .origins(origins.iter().copied())
        .credentials(template.credentials())
        .headers(names(template.allow_headers()))
        .expose(names(template.expose_headers()))
        .private_network(template.private_network())
        .dangerously_allow_insecure_origins(dangerously_allow_insecure_origins)
        .isolation_of(template.isolation());
    if let Some(methods) = template.methods() {
        builder = builder.methods(methods.iter().map(|m| m.to_string()));
    }
    if let Some(max_age) = template.max_age() {
        builder = builder.max_age(u64::from(max_age));
    }
    builder.build().map_err(|e| {
        e.problems()
            .iter()
            .map(|p| {
                let value = match p.site {
                    Site::Origin(i) => origins.get(i).map(|o| (*o).to_owned()),
                    _ => None,
                };
                problem(value, p.message.clone(), p.help.clone())
            })
            .collect()
    })
}
