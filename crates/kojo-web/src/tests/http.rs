//! A minimal HTTP/1.1 client over a loopback socket (one request per connection), for the
//! tests that talk to a real server process: the crash test and the browser tests' driver.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends one request; returns the status and the body (or an error text).
pub async fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(u16, String), String> {
    let fut = async {
        let mut s = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| e.to_string())?;
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        s.write_all(body).await.map_err(|e| e.to_string())?;
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await.map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse::<u16>().ok())
            .ok_or_else(|| format!("no status line in {:?}", &text[..text.len().min(80)]))?;
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        // Chunked bodies are left as they are; callers only look for substrings.
        Ok((status, body))
    };
    tokio::time::timeout(Duration::from_secs(60), fut)
        .await
        .map_err(|_| "timed out".to_string())?
}

/// Waits until something accepts connections on `addr`.
pub async fn wait_for(addr: &str, secs: u64) -> bool {
    for _ in 0..secs * 20 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// A free loopback port (bound and released; a tiny race with other processes is accepted).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}
