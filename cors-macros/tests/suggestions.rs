//! Every origin a compile error suggests (`write "https://..."`, `such as "..."`) passes every
//! check of cors-rules itself, with the flags of the case that suggested it: a fix never leads to
//! another error.

use std::fs;
use std::path::Path;

use cors_rules::{check_policy, PolicySpec};

/// The quoted strings with `://` in the `= help:` lines of a `.stderr`.
fn suggested_origins(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("= help:"))
        .flat_map(|help| help.split('"').skip(1).step_by(2).map(str::to_owned))
        .filter(|quoted| quoted.contains("://"))
        .collect()
}

#[test]
fn every_suggested_origin_passes_the_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/fail");
    let mut checked = 0;
    let mut fixes = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "stderr") {
            continue;
        }
        let stderr = fs::read_to_string(&path).unwrap();
        let source = fs::read_to_string(path.with_extension("rs")).unwrap();
        // The flags the case sets, so the suggestion is judged in the same policy.
        let credentials = source.contains(", credentials") || source.contains("(credentials");
        let private_network =
            source.contains("private_network)") || source.contains("private_network,");
        for origin in suggested_origins(&stderr) {
            let spec = PolicySpec::new(vec![origin.as_str()])
                .credentials(credentials)
                .private_network(private_network);
            if let Err(problems) = check_policy(&spec) {
                panic!(
                    "{}: the suggested {origin:?} fails: {problems:#?}",
                    path.display()
                );
            }
            checked += 1;
            fixes += usize::from(stderr.contains(&format!("write \"{origin}\"")));
        }
    }
    // The suite has many such suggestions; a parsing slip here would silently check none.
    assert!(
        checked >= 30 && fixes >= 10,
        "{checked} suggestions, {fixes} fixes"
    );
}

#[test]
fn reads_help_lines() {
    let stderr = "error: x\n       = help: write \"https://a.example\" or \"b\"\n  \"https://c\"";
    assert_eq!(suggested_origins(stderr), ["https://a.example"]);
}
