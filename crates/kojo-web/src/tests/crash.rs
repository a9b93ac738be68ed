//! Crash test: a real server process (this test binary re-run as a child) is killed with
//! SIGKILL in the middle of a stream of writes; after a restart every acknowledged write is
//! there and the database passes its integrity check.

use super::http::{free_port, request, wait_for};
use crate::store::Store;
use std::sync::{Arc, Mutex};

const CHILD_ENV: &str = "KOJO_WEB_CRASH_CHILD";

/// Not a test on its own: the server half of `acknowledged_writes_survive_sigkill`.
#[test]
#[ignore = "run by acknowledged_writes_survive_sigkill as its child process"]
fn crash_child_server() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let Some((db, listen)) = spec.split_once('|') else {
        return;
    };
    let config = crate::Config {
        listen: listen.parse().unwrap_or_else(|e| panic!("{e}")),
        database_url: Some(db.to_string()),
        // The writers save as fast as they can: no budget of changes per minute.
        writes_per_minute: u32::MAX,
        supplier_writes_per_minute: u32::MAX,
        ..crate::Config::default()
    };
    let rt = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(crate::serve(config))
        .unwrap_or_else(|e| panic!("{e}"));
}

fn spawn_child(db: &str, addr: &str) -> std::process::Child {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    std::process::Command::new(exe)
        .args([
            "--exact",
            "tests::crash::crash_child_server",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, format!("{db}|{addr}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn child server: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill() {
    // Removed when dropped, also when the test panics.
    let tmp = tempfile::Builder::new()
        .prefix("kojo-web-crash-")
        .tempdir()
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().to_path_buf();
    let db = format!("sqlite:{}", dir.join("kojo.db").display());

    // Set up an account, its token and a factory, then hand the database to the server.
    let store = Store::open(&db).await.unwrap_or_else(|e| panic!("{e}"));
    let uid = store
        .create_user("robot", "x", true, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let fid = store
        .create_factory("Crash plant", &uid)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (token, sha) = crate::service::access::new_token();
    store
        .create_token(&uid, "crash", &sha)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store.close().await;

    let addr = format!("127.0.0.1:{}", free_port());
    let mut child = spawn_child(&db, &addr);
    assert!(wait_for(&addr, 30).await, "server did not start");

    // Four writers upload numbered files until the server dies; every 201 is an acknowledged write.
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut writers = Vec::new();
    for t in 0..4 {
        let (addr, fid, token, acked) = (addr.clone(), fid.clone(), token.clone(), acked.clone());
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let name = format!("w{t}-{i}");
                let path = format!("/api/v1/factories/{fid}/uploads?kind=evidence&filename={name}");
                let auth = format!("Bearer {token}");
                match request(
                    &addr,
                    "POST",
                    &path,
                    &[("Authorization", &auth)],
                    name.as_bytes(),
                )
                .await
                {
                    Ok((201, _)) => acked.lock().unwrap_or_else(|p| p.into_inner()).push(name),
                    Ok((s, b)) => panic!("write refused with {s}: {b}"),
                    Err(_) => break, // the server is gone
                }
            }
        }));
    }
    // Kill it mid-stream, once a good number of writes went through.
    for _ in 0..200 {
        if acked.lock().unwrap_or_else(|p| p.into_inner()).len() >= 120 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    child.kill().unwrap_or_else(|e| panic!("SIGKILL: {e}"));
    let _ = child.wait();
    for w in writers {
        w.await.unwrap_or_else(|e| panic!("writer: {e}"));
    }
    let acked = acked.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(
        acked.len() >= 20,
        "too few writes before the kill: {}",
        acked.len()
    );
    eprintln!(
        "crash test: {} writes acknowledged before SIGKILL",
        acked.len()
    );

    // Restart: the server opens the database again and serves every acknowledged write.
    let mut child = spawn_child(&db, &addr);
    assert!(wait_for(&addr, 30).await, "server did not restart");
    let auth = format!("Bearer {token}");
    let (status, body) = request(
        &addr,
        "GET",
        &format!("/api/v1/factories/{fid}/uploads"),
        &[("Authorization", &auth)],
        b"",
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200);
    let missing: Vec<&String> = acked
        .iter()
        .filter(|n| !body.contains(&format!("\"filename\":\"{n}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged writes lost after SIGKILL: {missing:?}",
        missing.len()
    );

    let store = Store::open(&db).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.integrity_check().await.ok(), Some(Ok(())));
    let n = store.uploads(&fid).await.unwrap_or_default().len();
    assert!(n >= acked.len(), "{n} rows < {} acknowledged", acked.len());
    // Every upload row has its audit row: they commit together.
    let audits = store
        .audit_log(Some(&fid), 100_000)
        .await
        .unwrap_or_default();
    assert_eq!(
        audits.iter().filter(|e| e.action == "upload.add").count(),
        n
    );
    store.close().await;
    drop(tmp);
}
