//! The browser model against real Chromium: replays every request of the browser suite through
//! `cors_runtime::testing::Browser`, against the same routes `examples/conformance.rs` serves, and
//! requires the same verdict as Chromium's: allowed or blocked; when blocked, the same failing step
//! (Chromium's `corsError`) and the same console line; when allowed, the same status, the same
//! readable headers and the same preflight decision (one `Browser` replays the whole suite, so its
//! preflight cache sees the same requests Chromium's did).
//!
//! ```sh
//! AGREEMENT_FILE=/tmp/agree.json tests/browser/run.sh   # run.sh runs this program itself
//! cargo run --example model_agreement -- /tmp/agree.json
//! ```
//!
//! Exits 1 on any disagreement, 2 if the file cannot be read. Cases the suite marks as excluded
//! (with their reason) are listed, never skipped silently.

use std::collections::BTreeMap;
use std::process::ExitCode;

use axum::http::Method;
use cors_runtime::testing::{Browser, Fetch};
use serde::Deserialize;

#[allow(dead_code)]
#[path = "conformance.rs"]
mod conformance;

#[derive(Deserialize)]
struct Suite {
    chromium: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    title: String,
    origin: String,
    excluded: Option<String>,
    /// `None` when the suite could not observe the case (a harness error).
    requests: Option<Vec<Observed>>,
}

#[derive(Deserialize)]
struct Observed {
    request: Sent,
    chromium: Verdict,
}

#[derive(Deserialize)]
struct Sent {
    method: String,
    url: String,
    headers: BTreeMap<String, String>,
    credentials: bool,
    body: Option<String>,
    read: Vec<String>,
}

#[derive(Deserialize)]
struct Verdict {
    verdict: String,
    status: Option<u16>,
    readable: BTreeMap<String, Option<String>>,
    #[serde(rename = "corsError")]
    cors_error: Option<String>,
    console: Option<String>,
    preflighted: Option<bool>,
}

#[derive(Default)]
struct Tally {
    cases: usize,
    requests: usize,
    blocked: usize,
    disagreeing: usize,
    excluded: Vec<String>,
    disagreements: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!(
            "usage: model_agreement AGREEMENT_FILE (written by tests/browser/conformance.mjs)"
        );
        return ExitCode::from(2);
    };
    let suite: Suite = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(suite) => suite,
        Err(e) => {
            eprintln!("model_agreement: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };

    let browser = Browser::new(
        conformance::routes()
            .into_router()
            .merge(conformance::raw_routes()),
    );
    let mut tally = Tally::default();
    for case in &suite.cases {
        if let Some(reason) = &case.excluded {
            tally.excluded.push(format!("{}: {reason}", case.id));
            continue;
        }
        let Some(requests) = &case.requests else {
            tally.disagreements.push(format!(
                "{}: Chromium's run of the case was not observed",
                case.id
            ));
            continue;
        };
        tally.cases += 1;
        for (i, observed) in requests.iter().enumerate() {
            let at = format!("{} request {} ({})", case.id, i + 1, case.title);
            tally.requests += 1;
            let problems = compare(&browser, &case.origin, observed, &mut tally).await;
            if !problems.is_empty() {
                tally.disagreeing += 1;
            }
            for problem in problems {
                tally.disagreements.push(format!("{at}: {problem}"));
            }
        }
    }

    println!("browser model vs Chromium {}:", suite.chromium);
    for e in &tally.excluded {
        println!("  EXCLUDED {e}");
    }
    for d in &tally.disagreements {
        println!("  DISAGREE {d}");
    }
    println!(
        "model agreement: {} of {} requests in {} cases agree with Chromium ({} blocked, with the same failing step and console line); {} cases excluded",
        tally.requests - tally.disagreeing,
        tally.requests,
        tally.cases,
        tally.blocked,
        tally.excluded.len()
    );
    if tally.disagreements.is_empty() && tally.requests > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs one request through the model; the differences from what Chromium did, if any.
async fn compare(
    browser: &Browser,
    origin: &str,
    observed: &Observed,
    tally: &mut Tally,
) -> Vec<String> {
    let sent = &observed.request;
    let chromium = &observed.chromium;
    let method = match Method::from_bytes(sent.method.as_bytes()) {
        Ok(m) => m,
        Err(e) => return vec![format!("method {:?}: {e}", sent.method)],
    };
    let mut fetch = Fetch::new(origin, method, sent.url.as_str()).credentials(sent.credentials);
    for (name, value) in &sent.headers {
        fetch = fetch.header(name, value);
    }
    if let Some(body) = &sent.body {
        fetch = fetch.body(body.clone());
    }
    let mut problems = Vec::new();
    match (browser.fetch(fetch).await, chromium.verdict.as_str()) {
        (Err(err), "blocked") => {
            tally.blocked += 1;
            let kind = format!("{:?}", err.kind());
            if chromium.cors_error.as_deref() != Some(kind.as_str()) {
                problems.push(format!(
                    "failing step: model {kind}, Chromium {:?}",
                    chromium.cors_error
                ));
            }
            match &chromium.console {
                Some(line) if *line == err.to_string() => {}
                Some(line) => problems.push(format!(
                    "console line:\n      model:    {err}\n      Chromium: {line}"
                )),
                None => {
                    problems.push("Chromium printed no console line to compare with".to_owned())
                }
            }
        }
        (Ok(res), "allowed") => {
            if chromium.status != Some(res.status().as_u16()) {
                problems.push(format!(
                    "status: model {}, Chromium {:?}",
                    res.status(),
                    chromium.status
                ));
            }
            for name in &sent.read {
                let model = res
                    .headers()
                    .get(name)
                    .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                let seen = chromium.readable.get(name).cloned().flatten();
                if model != seen {
                    problems.push(format!(
                        "readable {name}: model {model:?}, Chromium {seen:?}"
                    ));
                }
            }
            match chromium.preflighted {
                Some(p) if p == res.preflighted() => {}
                other => problems.push(format!(
                    "preflight: model {}, Chromium {other:?}",
                    res.preflighted()
                )),
            }
        }
        (Err(err), verdict) => problems.push(format!("model blocked ({err}), Chromium: {verdict}")),
        (Ok(res), verdict) => problems.push(format!(
            "model allowed (status {}), Chromium: {verdict}",
            res.status()
        )),
    }
    problems
}
