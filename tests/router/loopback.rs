//! Over a real loopback TCP connection, with a raw HTTP/1.1 client: what goes over the wire is
//! what the test wrote, byte for byte, and nothing but tokio is needed.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::*;

/// A response as read off the wire: status, header lines (names lowercase, in order), body.
pub(super) struct Raw {
    pub(super) status: u16,
    headers: Vec<(String, String)>,
    pub(super) body: String,
}

impl Raw {
    pub(super) fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Sends one request with `Connection: close` and reads the whole answer, within 10 seconds.
pub(super) async fn exchange(addr: std::net::SocketAddr, head: &str) -> Raw {
    let io = async {
        let mut stream = TcpStream::connect(addr).await?;
        let request = format!("{head}Host: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await?;
        let mut bytes = Vec::new();
        // At most 1 MiB: the server closes the connection after one answer.
        stream.take(1 << 20).read_to_end(&mut bytes).await?;
        Ok::<_, std::io::Error>(bytes)
    };
    let bytes = tokio::time::timeout(Duration::from_secs(10), io)
        .await
        .expect("the server answers within 10 s")
        .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Raw {
        status,
        headers,
        body,
    }
}

/// The payload of a chunked body (sizes in hex, each chunk followed by CRLF, a 0 size last).
fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, after) = rest.split_once("\r\n").expect("a chunk size line");
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
}

#[tokio::test]
async fn over_a_real_loopback_connection() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app().front.unwrap()).await });

    let response = exchange(
        addr,
        &format!(
            "OPTIONS /users HTTP/1.1\r\nOrigin: {APP}\r\nAccess-Control-Request-Method: POST\r\n\
             Access-Control-Request-Headers: x-foo\r\n"
        ),
    )
    .await;
    assert_eq!(response.status, 204);
    assert_eq!(response.all("access-control-allow-origin"), [APP]);
    assert_eq!(response.all("access-control-allow-headers"), ["x-foo"]);

    let response = exchange(addr, &format!("GET /users HTTP/1.1\r\nOrigin: {APP}\r\n")).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.all("access-control-allow-origin").len(), 1);
    assert_eq!(response.body, "users");
    server.abort();
}
