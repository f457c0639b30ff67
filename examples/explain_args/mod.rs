//! `--explain`: curl-like arguments turned into a request that `CorsRouter::explain` explains,
//! for an example to print instead of serving:
//!
//! ```sh
//! cargo run --example quickstart -- --explain -X OPTIONS /users \
//!     -H 'Origin: https://evil.example' -H 'Access-Control-Request-Method: DELETE'
//! ```
//!
//! Understood: `-X`/`--request METHOD` (default GET), `-H`/`--header 'Name: value'` (repeatable),
//! and a path (`/users`) or URL (`http://127.0.0.1:3000/users`, whose path is used). curl's
//! output flags `-i`, `-s`, `-v` are accepted and ignored, so a curl line can be pasted as it is.

use cors_runtime::CorsRouter;
use http::{HeaderName, HeaderValue, Method, Request};

pub const USAGE: &str = "usage: --explain [-X METHOD] [-H 'Name: value']... PATH|URL";

/// The request the arguments (after `--explain`) describe.
pub fn parse(args: &[String]) -> Result<Request<()>, String> {
    let mut method = Method::GET;
    let mut target: Option<String> = None;
    let mut request = Request::builder();
    let mut args = args.iter().map(String::as_str);
    while let Some(arg) = args.next() {
        match arg {
            "-X" | "--request" => {
                let m = args.next().ok_or("-X needs a method")?;
                method =
                    Method::from_bytes(m.as_bytes()).map_err(|_| format!("bad method {m:?}"))?;
            }
            "-H" | "--header" => {
                let line = args.next().ok_or("-H needs 'Name: value'")?;
                let (name, value) = line
                    .split_once(':')
                    .ok_or_else(|| format!("header {line:?} is not 'Name: value'"))?;
                let name = HeaderName::from_bytes(name.trim().as_bytes())
                    .map_err(|_| format!("bad header name in {line:?}"))?;
                let value = HeaderValue::from_str(value.trim())
                    .map_err(|_| format!("bad header value in {line:?}"))?;
                request = request.header(name, value);
            }
            "-i" | "-s" | "-v" | "--include" | "--silent" | "--verbose" => {}
            _ if arg.starts_with("-X") && arg.len() > 2 => {
                method = Method::from_bytes(&arg.as_bytes()[2..])
                    .map_err(|_| format!("bad method in {arg:?}"))?;
            }
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg:?}")),
            _ if target.is_some() => return Err(format!("two paths: {arg:?}")),
            _ => target = Some(path_of(arg)),
        }
    }
    let target = target.ok_or("no path given")?;
    request
        .method(method)
        .uri(target.as_str())
        .body(())
        .map_err(|e| format!("bad path {target:?}: {e}"))
}

/// `/users` as it is; `http://host:port/users?x` as `/users?x`.
fn path_of(arg: &str) -> String {
    match arg.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(slash) => rest[slash..].to_owned(),
            None => "/".to_owned(),
        },
        None => arg.to_owned(),
    }
}

/// Prints what `cors` answers the request the arguments describe; on bad arguments, prints why
/// and the usage, and exits with status 2.
pub fn run<S>(cors: &CorsRouter<S>, args: &[String]) -> Result<(), Box<dyn std::error::Error>>
where
    S: Clone + Send + Sync + 'static,
{
    match parse(args) {
        Ok(request) => {
            print!("{}", cors.explain(&request));
            Ok(())
        }
        Err(why) => {
            eprintln!("{why}\n{USAGE}");
            std::process::exit(2);
        }
    }
}
