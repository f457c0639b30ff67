//! Punycode (RFC 3492): an `xn--` label of a host must be the encoding of the Unicode label it
//! stands for, or browsers refuse the URL, so the policy's host would never match.

/// Whether an `xn--` label is the punycode of a lowercase Unicode label. Labels without the
/// prefix are not punycode and pass.
pub(crate) fn is_valid_label(label: &str) -> bool {
    let Some(encoded) = label.strip_prefix("xn--") else {
        return true;
    };
    punycode_decode(encoded).is_some_and(|d| {
        !d.is_empty()
            && !d.is_ascii()
            && d.chars()
                .all(|c| !c.is_uppercase() && !c.is_control() && !c.is_whitespace() && c != '.')
    })
}

/// RFC 3492 decoding; `None` for anything malformed or overflowing.
pub(crate) fn punycode_decode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    fn adapt(mut delta: u32, num_points: u32, first: bool) -> u32 {
        delta /= if first { DAMP } else { 2 };
        delta += delta / num_points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }
    let (basic, extended) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    let mut output: Vec<char> = basic.chars().collect();
    if !basic.is_ascii() {
        return None;
    }
    let mut n: u32 = 0x80;
    let mut i: u32 = 0;
    let mut bias: u32 = 72;
    let mut bytes = extended.bytes().peekable();
    while bytes.peek().is_some() {
        let old_i = i;
        let mut w: u32 = 1;
        let mut k = BASE;
        loop {
            let b = bytes.next()?;
            let digit = match b {
                b'a'..=b'z' => u32::from(b - b'a'),
                b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        let c = char::from_u32(n)?;
        output.insert(usize::try_from(i).ok()?, c);
        i += 1;
    }
    Some(output.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode() {
        let table = [
            ("bcher-kva", Some("bücher")),
            ("mnchen-3ya", Some("münchen")),
            ("wgv71a119e", Some("日本語")),
            ("-", Some("")),
            ("zz", None),
            ("99999999999", None),
        ];
        for (input, expected) in table {
            assert_eq!(punycode_decode(input).as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn labels() {
        assert!(is_valid_label("example") && is_valid_label("xn--bcher-kva"));
        assert!(!is_valid_label("xn--") && !is_valid_label("xn--abc") && !is_valid_label("xn--zz"));
    }
}
