//! A flood of wrong-password logins for `scripts/bench-web.sh`: CONNECTIONS loops, each
//! posting `/login` for USER with a wrong password over a new connection, from the loopback
//! source addresses FROM, FROM+1, … (ADDRESSES of them; the server keys its per-address
//! bounds on the peer address), for SECONDS. Prints the answers by status.
//!
//! Usage: bench_flood HOST:PORT USER FROM ADDRESSES CONNECTIONS SECONDS
//!   e.g. bench_flood 127.0.0.1:18950 bench 127.0.0.2 1 50 10

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn main() -> anyhow::Result<()> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let [server, user, from, addresses, conns, secs] = &a[..] else {
        anyhow::bail!("usage: bench_flood HOST:PORT USER FROM ADDRESSES CONNECTIONS SECONDS");
    };
    let server: SocketAddr = server.parse()?;
    let from: Ipv4Addr = from.parse()?;
    let addresses: u32 = addresses.parse::<u32>()?.clamp(1, 250);
    let conns: usize = conns.parse::<usize>()?.clamp(1, 1000);
    let secs: u64 = secs.parse::<u64>()?.clamp(1, 600);
    if !from.is_loopback() {
        anyhow::bail!("the flood stays on loopback: {from} is not a loopback address");
    }
    let user = user.clone();
    let counts = kojo_web::block_on(async move {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut tasks = Vec::new();
        for i in 0..conns {
            let source = Ipv4Addr::from(u32::from(from) + (i as u32 % addresses));
            let user = user.clone();
            tasks.push(tokio::spawn(async move {
                let mut counts: BTreeMap<String, u64> = BTreeMap::new();
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let status = attempt(server, source, &user, &format!("wrong {i} {n}"))
                        .await
                        .unwrap_or_else(|e| format!("error ({e})"));
                    *counts.entry(status).or_default() += 1;
                }
                counts
            }));
        }
        let mut all: BTreeMap<String, u64> = BTreeMap::new();
        for t in tasks {
            if let Ok(c) = t.await {
                for (k, v) in c {
                    *all.entry(k).or_default() += v;
                }
            }
        }
        all
    })?;
    let total: u64 = counts.values().sum();
    let by: Vec<String> = counts.iter().map(|(k, v)| format!("{v} × {k}")).collect();
    let from = if addresses == 1 {
        "one address".to_string()
    } else {
        format!("{addresses} addresses")
    };
    println!(
        "login flood: {total} attempts in {secs} s ({:.0}/s) from {from}: {}",
        total as f64 / secs as f64,
        by.join(", ")
    );
    Ok(())
}

/// One login attempt over a new connection from `source`; the answer's status code.
async fn attempt(
    server: SocketAddr,
    source: Ipv4Addr,
    user: &str,
    password: &str,
) -> std::io::Result<String> {
    let sock = tokio::net::TcpSocket::new_v4()?;
    sock.bind(SocketAddr::from((source, 0)))?;
    let mut s = sock.connect(server).await?;
    let body = format!("username={user}&password={}", password.replace(' ', "+"));
    let req = format!(
        "POST /login HTTP/1.1\r\nHost: {server}\r\nOrigin: http://{server}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head).await?;
    let status = String::from_utf8_lossy(&head[9..12]).into_owned();
    // The rest of the answer is read and dropped, as a client would.
    let mut sink = Vec::new();
    s.read_to_end(&mut sink).await?;
    Ok(status)
}
