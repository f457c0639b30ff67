//! Where the attribute sits. An associated fn looks exactly like a free fn to an attribute macro,
//! yet its registration (a `const _` item naming the fn) cannot compile inside an `impl` or
//! `trait` block, and rustc's errors there never mention `#[cors]`. So the macro looks at the
//! source file around its own line: if that line is directly inside an `impl` or `trait` block,
//! it says so itself. When the file cannot be read, nothing is decided here.
//!
//! A crate with many handlers in one file expands `#[cors]` once per handler, so the file is
//! scanned once, into the block kind at the start of every line, and later expansions in the
//! same compilation look their line up (rescanning per handler made expansion quadratic).

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::SystemTime;

/// The kind of block the attribute's line is directly inside, when it is `impl` or `trait`.
pub fn enclosing_block() -> Option<&'static str> {
    if !proc_macro::is_available() {
        return None;
    }
    let span = proc_macro::Span::call_site();
    let path = span.local_file()?;
    let line = span.line();
    // The file's length and modification time say whether a scan is still the file's: a file
    // edited between two expansions (rust-analyzer's server outlives many builds) is rescanned.
    let stamp = fs::metadata(&path)
        .ok()
        .map(|m| (m.len(), m.modified().ok()));
    let mut files = FILES.lock().unwrap_or_else(PoisonError::into_inner);
    let files = files.get_or_insert_with(HashMap::new);
    let fresh = stamp.is_some() && files.get(&path).is_some_and(|index| index.stamp == stamp);
    if !fresh {
        let text = fs::read_to_string(&path).ok()?;
        let line_kinds = line_kinds(&text);
        files.insert(path.clone(), FileIndex { stamp, line_kinds });
    }
    files[&path]
        .line_kinds
        .get(line.checked_sub(1)?)
        .copied()
        .flatten()
}

/// Every file scanned in this compilation (in practice, the files that use `#[cors]`).
static FILES: Mutex<Option<HashMap<PathBuf, FileIndex>>> = Mutex::new(None);

struct FileIndex {
    /// Length and modification time when scanned (`None` if unknown: then never reused).
    stamp: Option<(u64, Option<SystemTime>)>,
    /// The kind of the innermost block open at the start of each line (index 0 is line 1).
    line_kinds: Vec<Option<&'static str>>,
}

fn line_kinds(text: &str) -> Vec<Option<&'static str>> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    block_kinds_at(text, &starts)
}

/// The kind (`"impl"`, `"trait"`) of the innermost `{` block open at byte `offset`, skipping
/// comments, strings and char literals.
#[cfg(test)]
fn block_kind_at(text: &str, offset: usize) -> Option<&'static str> {
    block_kinds_at(text, &[offset])[0]
}

/// [`block_kind_at`] for each of `offsets` (ascending), in one pass over `text`.
fn block_kinds_at(text: &str, offsets: &[usize]) -> Vec<Option<&'static str>> {
    let bytes = text.as_bytes();
    let mut kinds = Vec::with_capacity(offsets.len());
    let mut stack: Vec<Option<&'static str>> = Vec::new();
    let mut header_start = 0;
    let mut i = 0;
    loop {
        // Every offset not after `i` sees the blocks opened before `i` (a comment or string
        // skipped over an offset leaves the blocks as they were).
        while let Some(&offset) = offsets.get(kinds.len()) {
            if offset > i && i < bytes.len() {
                break;
            }
            kinds.push(stack.last().copied().flatten());
        }
        if kinds.len() == offsets.len() {
            return kinds;
        }
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            b'"' => {
                i = skip_string(bytes, i + 1, 0);
                continue;
            }
            b'r' if is_raw_string(bytes, i) => {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                i = skip_string(bytes, i + 2 + hashes, hashes);
                continue;
            }
            b'\'' => {
                i = skip_char_literal(bytes, i);
                continue;
            }
            b'{' => {
                stack.push(header_kind(&text[header_start..i]));
                header_start = i + 1;
            }
            b'}' => {
                stack.pop();
                header_start = i + 1;
            }
            b';' => header_start = i + 1,
            _ => {}
        }
        i += 1;
    }
}

/// `impl` or `trait` when the item header before a `{` starts with one (after attributes,
/// visibility and `unsafe`/`auto`/`default`).
fn header_kind(header: &str) -> Option<&'static str> {
    let mut rest = header.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after
                .split_once('\n')
                .map_or("", |(_, next)| next)
                .trim_start();
            continue;
        }
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after
                .split_once("*/")
                .map_or("", |(_, next)| next)
                .trim_start();
            continue;
        }
        if let Some(after) = rest.strip_prefix("#[").or_else(|| rest.strip_prefix("#![")) {
            let end = after.find(']')?;
            rest = after[end + 1..].trim_start();
            continue;
        }
        let word_end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        match word {
            "pub" => {
                let after = after.trim_start();
                rest = match after.strip_prefix('(') {
                    Some(inner) => inner[inner.find(')')? + 1..].trim_start(),
                    None => after,
                };
            }
            "unsafe" | "auto" | "default" => rest = after.trim_start(),
            "impl" => return Some("impl"),
            "trait" => return Some("trait"),
            _ => return None,
        }
    }
}

fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'/' && bytes[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

fn is_raw_string(bytes: &[u8], i: usize) -> bool {
    let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    let after = &bytes[i + 1..];
    let hashes = after.iter().take_while(|&&b| b == b'#').count();
    starts_word && after.get(hashes) == Some(&b'"')
}

/// From just inside the opening quote to just after the closing one.
fn skip_string(bytes: &[u8], mut i: usize, hashes: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if hashes == 0 => i += 2,
            b'"' if bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes =>
            {
                return i + 1 + hashes;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A char literal (`'x'`, `'\n'`, `'{'`) is skipped whole; a lifetime (`'a`) only its quote.
fn skip_char_literal(bytes: &[u8], i: usize) -> usize {
    if bytes.get(i + 1) == Some(&b'\\') {
        return bytes[i + 2..]
            .iter()
            .position(|&b| b == b'\'')
            .map_or(bytes.len(), |n| i + 3 + n);
    }
    let len = std::str::from_utf8(&bytes[i + 1..(i + 5).min(bytes.len())])
        .ok()
        .or_else(|| std::str::from_utf8(&bytes[i + 1..(i + 2).min(bytes.len())]).ok())
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8);
    if bytes.get(i + 1 + len) == Some(&b'\'') {
        i + 2 + len
    } else {
        i + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<&'static str> {
        block_kind_at(text, text.find("#[cors").unwrap())
    }

    #[test]
    fn blocks() {
        let table: [(&str, Option<&str>); 11] = [
            (
                "struct A;\n// the `impl`\n/* c */ impl A {\n #[cors] fn a() {} }",
                Some("impl"),
            ),
            ("#[cors] async fn a() {}", None),
            ("mod m { #[cors] async fn a() {} }", None),
            ("impl Api { #[cors] async fn a() {} }", Some("impl")),
            (
                "impl<T> Trait for Api<T> where T: X { #[cors] fn a() {} }",
                Some("impl"),
            ),
            (
                "pub(crate) unsafe trait T { #[cors] fn a() {} }",
                Some("trait"),
            ),
            (
                "#[derive(X)] impl A { fn b() { let x = '{'; } #[cors] fn a() {} }",
                Some("impl"),
            ),
            ("impl A { fn b() {} }\n#[cors] async fn a() {}", None),
            ("fn f(x: impl Tr) { }\n#[cors] async fn a() {}", None),
            (
                "impl A { fn b<'a>(s: &'a str) -> &'a str { \"}\" } #[cors] fn a() {} }",
                Some("impl"),
            ),
            (
                "// impl A {\n/* { */ const S: &str = r#\"{\"#;\n#[cors] fn a() {}",
                None,
            ),
        ];
        for (text, expected) in table {
            assert_eq!(kind(text), expected, "{text}");
        }
    }

    #[test]
    fn lines() {
        let text =
            "impl A {\n #[cors] fn a() {}\n}\n/* {\n */ trait T {\n\n const S: &str = \"\n}\";\n}";
        assert_eq!(
            line_kinds(text),
            [
                None,
                Some("impl"),
                Some("impl"),
                None,
                None,
                Some("trait"),
                Some("trait"),
                Some("trait"),
                Some("trait"),
            ]
        );
        // The same answer as a scan to the line's own start.
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
        for (line, start) in starts.enumerate() {
            assert_eq!(
                block_kind_at(text, start),
                line_kinds(text)[line],
                "line {line}"
            );
        }
    }
}
