//! Independent oracles for the fuzz targets: plain, obviously-correct restatements of what the
//! engine decides, written without looking at how the engine does it (string splitting instead of
//! binary searches, one pattern at a time instead of a sorted table).

/// What `cors_runtime::engine::MAX_ORIGIN_LEN` promises: longer `Origin` values never match.
pub const MAX_ORIGIN_LEN: usize = 512;

/// Whether an origin list, as written in a policy, allows `origin` (the request's `Origin` bytes).
///
/// The rules: `*` allows everything; an origin without `*` matches byte for byte; a pattern
/// `scheme://*.suffix[:port]` matches a well-formed request origin (lowercase host labels of
/// `a-z 0-9 - _`, none empty, last label not a number, a port of 1-65535 without leading zero)
/// whose host is one or more labels followed by `.suffix`; `scheme://host:*` matches that exact
/// host with any port or none.
pub fn origin_allowed(spec: &[&str], origin: &[u8]) -> bool {
    if spec.contains(&"*") {
        return true;
    }
    if origin.len() > MAX_ORIGIN_LEN {
        return false;
    }
    spec.iter().any(|entry| {
        if entry.contains('*') {
            pattern_matches(entry, origin)
        } else {
            entry.as_bytes() == origin
        }
    })
}

struct Parts<'a> {
    scheme: &'a str,
    host: &'a str,
    port: &'a str,
}

/// `scheme://host[:port]` split into its parts, the port without its `:` (`None` if absent).
fn split(origin: &str) -> Option<(Parts<'_>, bool)> {
    let (scheme, authority) = origin.split_once("://")?;
    let (host, port, has_port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, rest) = authority.split_at(close + 1);
        match rest.strip_prefix(':') {
            Some(port) => (host, port, true),
            None if rest.is_empty() => (host, "", false),
            None => return None,
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, port, true),
            None => (authority, "", false),
        }
    };
    Some((Parts { scheme, host, port }, has_port))
}

fn valid_port(port: &str) -> bool {
    !port.is_empty()
        && port.len() <= 5
        && !port.starts_with('0')
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p))
}

fn valid_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[') {
        return inner.strip_suffix(']').is_some_and(|ip| {
            ip.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'a'..=b'f' | b':' | b'.'))
        });
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
}

fn pattern_matches(pattern: &str, origin: &[u8]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    let (Some((want, want_port)), Some((got, got_port))) = (split(pattern), split(origin)) else {
        return false;
    };
    if want.scheme != got.scheme || !valid_host(got.host) {
        return false;
    }
    if got_port && !valid_port(got.port) {
        return false;
    }
    let port_ok = match (want_port, want.port) {
        (true, "*") => true,
        (true, p) => got_port && got.port == p,
        (false, _) => !got_port,
    };
    if !port_ok {
        return false;
    }
    match want.host.strip_prefix("*.") {
        Some(suffix) => {
            let last = got.host.rsplit('.').next().unwrap_or("");
            let is_ip = got.host.starts_with('[') || last.bytes().all(|b| b.is_ascii_digit());
            !is_ip
                && got
                    .host
                    .strip_suffix(suffix)
                    .and_then(|h| h.strip_suffix('.'))
                    .is_some_and(|labels| !labels.is_empty())
        }
        None => got.host == want.host,
    }
}

/// The `Access-Control-Request-Headers` grammar, restated: the lines joined by `,`, split on `,`;
/// each element is at most 2 spaces/tabs, a token (possibly empty), at most 2 spaces/tabs; at most
/// 16 empty elements; at most 4096 bytes over all lines. `Ok` holds the non-empty names in order.
pub fn request_header_names<'a>(lines: &[&'a [u8]]) -> Result<Vec<&'a [u8]>, ()> {
    if lines.iter().map(|l| l.len()).sum::<usize>() > 4096 {
        return Err(());
    }
    let mut names = Vec::new();
    let mut empty = 0;
    for line in lines {
        for element in line.split(|&b| b == b',') {
            let lead = element.iter().take_while(|&&b| is_ws(b)).count();
            if lead > 2 {
                return Err(());
            }
            let rest = &element[lead..];
            let name_len = rest.iter().take_while(|&&b| is_tchar(b)).count();
            let (name, after) = rest.split_at(name_len);
            let trail = after.iter().take_while(|&&b| is_ws(b)).count();
            if trail > 2 || trail != after.len() {
                return Err(());
            }
            if name.is_empty() {
                empty += 1;
            } else {
                names.push(name);
            }
        }
    }
    if empty > 16 {
        return Err(());
    }
    Ok(names)
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// RFC 9110 `tchar`.
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}
