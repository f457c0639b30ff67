//! RFC 9110 tokens: the syntax of method and header names.

/// Whether `b` may appear in a token (`tchar`): `!#$%&'*+-.^_`|~`, digits and ASCII letters.
pub const fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`'
        | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// Whether `s` is a non-empty token.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        for ok in ["GET", "x-foo", "a!#$%&'*+-.^_`|~9"] {
            assert!(is_token(ok), "{ok}");
        }
        for bad in ["", "x foo", "x,foo", "x:foo", "é", "x\tfoo", "(x)", "\"x\""] {
            assert!(!is_token(bad), "{bad:?}");
        }
    }
}
