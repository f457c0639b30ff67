//! A bounded, one-pass, allocation-free parser for `Access-Control-Request-Headers`.
//!
//! Browsers send the header names lowercase, sorted, deduplicated and joined by `,` with no
//! whitespace; proxies may add whitespace around the commas, leave empty elements, or split the
//! list over several header lines (which HTTP defines as the same list joined by commas). The
//! parser tolerates all of that within small budgets, and rejects anything beyond them, so a hostile
//! header costs at most one linear pass over at most [`MAX_LEN`] bytes and never allocates.

use std::cmp::Ordering;
use std::fmt;

use cors_rules::token::is_tchar;
use http::header::ACCESS_CONTROL_REQUEST_HEADERS;
use http::HeaderMap;

/// The longest list accepted, summed over all header lines. A page setting a hundred custom
/// headers of forty bytes each stays below it.
pub const MAX_LEN: usize = 4096;

/// The most empty elements (`a,,b`, a trailing `,`, an empty line) tolerated in one list. RFC 9110
/// asks recipients to accept "a reasonable number" of them.
pub const MAX_EMPTY_ELEMENTS: usize = 16;

/// The longest run of spaces and tabs tolerated before or after a name (`a , b` has runs of one).
pub const MAX_WHITESPACE_RUN: usize = 2;

/// Why an `Access-Control-Request-Headers` list was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedRequestHeaders {
    /// The lines together exceed [`MAX_LEN`] bytes.
    TooLong,
    /// More than [`MAX_EMPTY_ELEMENTS`] empty elements.
    TooManyEmptyElements,
    /// A run of whitespace longer than [`MAX_WHITESPACE_RUN`].
    TooMuchWhitespace,
    /// A byte that is neither part of a header name (a token), whitespace, nor a comma, or
    /// whitespace inside a name.
    InvalidByte(u8),
}

impl fmt::Display for MalformedRequestHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong => write!(f, "longer than {MAX_LEN} bytes"),
            Self::TooManyEmptyElements => {
                write!(f, "more than {MAX_EMPTY_ELEMENTS} empty list elements")
            }
            Self::TooMuchWhitespace => write!(
                f,
                "more than {MAX_WHITESPACE_RUN} consecutive whitespace bytes around a name"
            ),
            Self::InvalidByte(b) => write!(f, "unexpected byte 0x{b:02x} in a header name list"),
        }
    }
}

impl std::error::Error for MalformedRequestHeaders {}

/// The header names listed by a request's `Access-Control-Request-Headers` lines, in order, as
/// written (any case). Yields `Err` once if the list is malformed, then nothing more.
///
/// ```
/// use cors_runtime::engine::RequestHeaderNames;
///
/// let names: Result<Vec<&[u8]>, _> = RequestHeaderNames::from_value(b"x-a, X-B,,x-c").collect();
/// assert_eq!(names.unwrap(), [&b"x-a"[..], b"X-B", b"x-c"]);
/// assert!(RequestHeaderNames::from_value(b"x a").any(|n| n.is_err()));
/// ```
#[derive(Debug, Clone)]
pub struct RequestHeaderNames<'a, I> {
    lines: I,
    line: &'a [u8],
    pos: usize,
    /// Whether an element (possibly empty) starts at `pos` in `line`.
    element_pending: bool,
    total_len: usize,
    lines_seen: usize,
    empty_elements: usize,
    canonical: bool,
    done: bool,
}

impl<'a, I: Iterator<Item = &'a [u8]>> RequestHeaderNames<'a, I> {
    /// Parses the list spread over `lines`, the values of every `Access-Control-Request-Headers`
    /// header line of a request, in order.
    pub fn from_lines(lines: I) -> Self {
        RequestHeaderNames {
            lines,
            line: &[],
            pos: 0,
            element_pending: false,
            total_len: 0,
            lines_seen: 0,
            empty_elements: 0,
            canonical: true,
            done: false,
        }
    }

    /// Whether everything read so far is exactly what a browser sends: one line of lowercase
    /// names joined by single commas, with no whitespace and no empty element. Such a line can be
    /// echoed as it is.
    pub fn is_canonical(&self) -> bool {
        self.canonical && self.lines_seen <= 1
    }

    fn fail(&mut self, why: MalformedRequestHeaders) -> Option<<Self as Iterator>::Item> {
        self.done = true;
        Some(Err(why))
    }

    /// Skips spaces and tabs from `pos`, within the whitespace budget.
    fn skip_whitespace(&mut self) -> Result<(), MalformedRequestHeaders> {
        let start = self.pos;
        while matches!(self.line.get(self.pos), Some(b' ' | b'\t')) {
            self.pos += 1;
            if self.pos - start > MAX_WHITESPACE_RUN {
                return Err(MalformedRequestHeaders::TooMuchWhitespace);
            }
        }
        if self.pos != start {
            self.canonical = false;
        }
        Ok(())
    }
}

impl<'a> RequestHeaderNames<'a, std::iter::Once<&'a [u8]>> {
    /// Parses a single header line's value.
    pub fn from_value(value: &'a [u8]) -> Self {
        Self::from_lines(std::iter::once(value))
    }
}

/// The names listed by every `Access-Control-Request-Headers` line of `headers`.
pub fn requested_headers(
    headers: &HeaderMap,
) -> RequestHeaderNames<'_, impl Iterator<Item = &[u8]>> {
    RequestHeaderNames::from_lines(
        headers
            .get_all(ACCESS_CONTROL_REQUEST_HEADERS)
            .into_iter()
            .map(|v| v.as_bytes()),
    )
}

impl<'a, I: Iterator<Item = &'a [u8]>> Iterator for RequestHeaderNames<'a, I> {
    type Item = Result<&'a [u8], MalformedRequestHeaders>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            if !self.element_pending {
                let Some(line) = self.lines.next() else {
                    self.done = true;
                    return None;
                };
                self.total_len = self.total_len.saturating_add(line.len());
                if self.total_len > MAX_LEN {
                    return self.fail(MalformedRequestHeaders::TooLong);
                }
                self.lines_seen += 1;
                self.line = line;
                self.pos = 0;
                self.element_pending = true;
            }
            if let Err(why) = self.skip_whitespace() {
                return self.fail(why);
            }
            let start = self.pos;
            while let Some(&b) = self.line.get(self.pos) {
                if !is_tchar(b) {
                    break;
                }
                if b.is_ascii_uppercase() {
                    self.canonical = false;
                }
                self.pos += 1;
            }
            let name = &self.line[start..self.pos];
            if let Err(why) = self.skip_whitespace() {
                return self.fail(why);
            }
            match self.line.get(self.pos) {
                None => self.element_pending = false,
                Some(b',') => self.pos += 1,
                Some(&b) => return self.fail(MalformedRequestHeaders::InvalidByte(b)),
            }
            if !name.is_empty() {
                return Some(Ok(name));
            }
            self.canonical = false;
            self.empty_elements += 1;
            if self.empty_elements > MAX_EMPTY_ELEMENTS {
                return self.fail(MalformedRequestHeaders::TooManyEmptyElements);
            }
        }
    }
}

impl<'a, I: Iterator<Item = &'a [u8]>> std::iter::FusedIterator for RequestHeaderNames<'a, I> {}

/// Compares a lowercase name from a policy with a requested name in any case, as if the requested
/// name were lowercased first; the order of a policy's sorted lists.
pub(crate) fn cmp_ignoring_request_case(listed: &str, requested: &[u8]) -> Ordering {
    let listed = listed.as_bytes();
    for (l, r) in listed.iter().zip(requested) {
        match l.cmp(&r.to_ascii_lowercase()) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    listed.len().cmp(&requested.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Parsed = Result<Vec<String>, MalformedRequestHeaders>;

    fn parse_lines(lines: &[&str]) -> (Parsed, bool) {
        let mut it = RequestHeaderNames::from_lines(lines.iter().map(|l| l.as_bytes()));
        let parsed = it
            .by_ref()
            .map(|n| n.map(|n| String::from_utf8_lossy(n).into_owned()))
            .collect();
        (parsed, it.is_canonical())
    }

    fn ok(names: &[&str]) -> Parsed {
        Ok(names.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn parse_table() {
        use MalformedRequestHeaders::*;
        // n commas alone make n + 1 empty elements.
        let many_empty = ",".repeat(MAX_EMPTY_ELEMENTS - 1);
        let too_many_empty = ",".repeat(MAX_EMPTY_ELEMENTS);
        let long = "a".repeat(MAX_LEN);
        let too_long = "a".repeat(MAX_LEN + 1);
        let table: Vec<(Vec<&str>, Parsed, bool)> = vec![
            // What browsers send.
            (vec!["x-a"], ok(&["x-a"]), true),
            (
                vec!["authorization,content-type,x-a"],
                ok(&["authorization", "content-type", "x-a"]),
                true,
            ),
            // Proxies' whitespace.
            (vec!["x-a, x-b"], ok(&["x-a", "x-b"]), false),
            (vec![" x-a ,\tx-b "], ok(&["x-a", "x-b"]), false),
            (vec!["x-a  ,  x-b"], ok(&["x-a", "x-b"]), false),
            (vec!["x-a   , x-b"], Err(TooMuchWhitespace), false),
            (vec!["   x-a"], Err(TooMuchWhitespace), false),
            // Case is kept; comparison ignores it.
            (vec!["X-A"], ok(&["X-A"]), false),
            // Empty elements.
            (vec![""], ok(&[]), false),
            (vec!["  "], ok(&[]), false),
            (vec![",x-a,,x-b,"], ok(&["x-a", "x-b"]), false),
            (vec![&many_empty], ok(&[]), false),
            (vec![&too_many_empty], Err(TooManyEmptyElements), false),
            // Several lines are one list.
            (vec!["x-a", "x-b"], ok(&["x-a", "x-b"]), false),
            (vec!["x-a,", "", "x-b"], ok(&["x-a", "x-b"]), false),
            // Not names.
            (vec!["x a"], Err(InvalidByte(b'a')), false),
            (vec!["x-a;x-b"], Err(InvalidByte(b';')), false),
            (vec!["x-a\r\n"], Err(InvalidByte(b'\r')), false),
            (vec!["\"x-a\""], Err(InvalidByte(b'"')), false),
            (vec!["x-\u{e9}"], Err(InvalidByte(0xc3)), false),
            // Length cap, over all lines.
            (vec![&long], Ok(vec![long.clone()]), true),
            (vec![&too_long], Err(TooLong), true),
            (vec![&long, "b"], Err(TooLong), true),
        ];
        for (lines, expected, canonical) in table {
            let (parsed, was_canonical) = parse_lines(&lines);
            assert_eq!(parsed, expected, "{lines:?}");
            if parsed.is_ok() {
                assert_eq!(was_canonical, canonical, "canonical {lines:?}");
            }
        }
    }

    #[test]
    fn names_before_an_error_are_yielded_then_one_error() {
        let mut it = RequestHeaderNames::from_value(b"x-a,x b,x-c");
        assert_eq!(it.next(), Some(Ok(&b"x-a"[..])));
        assert_eq!(
            it.next(),
            Some(Err(MalformedRequestHeaders::InvalidByte(b'b')))
        );
        assert_eq!(it.next(), None);
        assert_eq!(it.next(), None);
    }

    #[test]
    fn many_empty_lines_are_capped() {
        let lines = vec![&b""[..]; 100_000];
        let mut it = RequestHeaderNames::from_lines(lines.into_iter());
        assert_eq!(
            it.next(),
            Some(Err(MalformedRequestHeaders::TooManyEmptyElements))
        );
    }

    #[test]
    fn case_insensitive_order() {
        assert_eq!(cmp_ignoring_request_case("x-a", b"X-A"), Ordering::Equal);
        assert_eq!(cmp_ignoring_request_case("x-a", b"X-B"), Ordering::Less);
        assert_eq!(cmp_ignoring_request_case("x-b", b"X-A"), Ordering::Greater);
        assert_eq!(cmp_ignoring_request_case("x", b"X-A"), Ordering::Less);
        assert_eq!(cmp_ignoring_request_case("x-a", b"x"), Ordering::Greater);
    }

    proptest! {
        #[test]
        fn never_panics_and_stays_bounded(lines in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..20)) {
            let it = RequestHeaderNames::from_lines(lines.iter().map(|l| l.as_slice()));
            let mut names = 0usize;
            let mut errors = 0usize;
            for item in it {
                match item {
                    Ok(name) => {
                        prop_assert!(!name.is_empty());
                        prop_assert!(name.iter().all(|&b| is_tchar(b)));
                        names += 1;
                    }
                    Err(_) => errors += 1,
                }
            }
            prop_assert!(errors <= 1);
            prop_assert!(names <= MAX_LEN);
        }

        #[test]
        fn browser_lists_round_trip(names in proptest::collection::btree_set("[a-z0-9-]{1,20}", 0..30)) {
            let joined = names.iter().cloned().collect::<Vec<_>>().join(",");
            let mut it = RequestHeaderNames::from_value(joined.as_bytes());
            let parsed: Vec<&[u8]> = it.by_ref().map(|n| n.unwrap()).collect();
            let expected: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
            prop_assert_eq!(parsed, expected);
            prop_assert_eq!(it.is_canonical(), !names.is_empty());
        }
    }
}
