//! End-to-end tests in headless Chromium, driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`): log in, edit a zone and see the finding it causes, freeze two review
//! cycles and diff them, add an asset and a flow with the editor forms and see the finding
//! the flow causes, a viewer cannot edit, a supplier answers its checklist. Skipped
//! (with a message) when chromium or chromedriver is not installed.

use super::http::{free_port, request, wait_for};
use super::{MODEL, PASSWORD};
use crate::store::{Role, Store};
use serde_json::{Value, json};

fn find_in_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Ends the browser and chromedriver even when an assertion fails half-way.
struct DriverGuard {
    child: std::process::Child,
    addr: String,
    session: Option<String>,
}

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(s) = &self.session {
            use std::io::Write;
            if let Ok(mut c) = std::net::TcpStream::connect(&self.addr) {
                let _ = c.set_read_timeout(Some(std::time::Duration::from_secs(5)));
                let _ = write!(
                    c,
                    "DELETE /session/{s} HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\n\r\n",
                    self.addr
                );
                let mut buf = [0u8; 512];
                let _ = std::io::Read::read(&mut c, &mut buf);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver session.
struct Browser {
    driver: String,
    session: String,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    async fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("/session/{}{path}", self.session);
        let b = if method == "GET" {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let (status, out) = request(
            &self.driver,
            method,
            &url,
            &[("Content-Type", "application/json")],
            &b,
        )
        .await
        .unwrap_or_else(|e| panic!("webdriver {method} {path}: {e}"));
        let v: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
        if status != 200 {
            return json!({ "error": v["value"]["error"].clone(), "status": status });
        }
        v["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url })).await;
    }

    async fn source(&self) -> String {
        self.cmd("GET", "/source", Value::Null)
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn find(&self, xpath: &str) -> Option<String> {
        let v = self
            .cmd(
                "POST",
                "/element",
                json!({ "using": "xpath", "value": xpath }),
            )
            .await;
        v[ELEMENT].as_str().map(str::to_string)
    }

    async fn el(&self, xpath: &str) -> String {
        match self.find(xpath).await {
            Some(e) => e,
            None => panic!("no element {xpath} in:\n{}", self.source().await),
        }
    }

    async fn click(&self, xpath: &str) {
        let e = self.el(xpath).await;
        self.cmd("POST", &format!("/element/{e}/click"), json!({}))
            .await;
    }

    async fn fill(&self, xpath: &str, text: &str) {
        let e = self.el(xpath).await;
        self.cmd("POST", &format!("/element/{e}/clear"), json!({}))
            .await;
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    /// Waits (up to 10 s) until the page source contains `text`.
    async fn wait_text(&self, text: &str) -> bool {
        for _ in 0..100 {
            if self.source().await.contains(text) {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        false
    }

    async fn login(&self, base: &str, user: &str) {
        self.goto(&format!("{base}/login")).await;
        self.fill("//input[@id='username']", user).await;
        self.fill("//input[@id='password']", PASSWORD).await;
        self.click("//button[@id='login-submit']").await;
        assert!(
            self.wait_text(&format!("<span id=\"whoami\">{user}</span>"))
                .await,
            "{user} did not get in"
        );
    }

    async fn logout(&self) {
        self.click("//button[@id='logout']").await;
        assert!(self.wait_text("id=\"login-submit\"").await);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_walkthrough() {
    let (Some(chromium), Some(chromedriver)) = (
        find_in_path("chromium").or_else(|| find_in_path("chromium-browser")),
        find_in_path("chromedriver"),
    ) else {
        eprintln!("skipped: chromium or chromedriver not found on PATH");
        return;
    };

    // The application, on a real loopback listener.
    // Removed when dropped, also when the test panics.
    let tmp = tempfile::Builder::new()
        .prefix("kojo-web-e2e-")
        .tempdir()
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().to_path_buf();
    let db = format!("sqlite:{}", dir.join("kojo.db").display());
    let store = Store::open(&db).await.unwrap_or_else(|e| panic!("{e}"));
    let hash = crate::service::access::hash_password(PASSWORD.into())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let admin = store
        .create_user("admin", &hash, true, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let fid = store
        .create_factory("E2E Works", &admin)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    store
        .save_model(&fid, MODEL, &admin, "start")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for (name, role, party) in [
        ("editor", Role::Editor, None),
        ("viewer", Role::Viewer, None),
        ("supplier", Role::Supplier, Some("agv-maker")),
    ] {
        let id = store
            .create_user(name, &hash, false, None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        store
            .set_membership(&id, &fid, role, party, &admin)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let config = crate::Config {
        listen: ([127, 0, 0, 1], port).into(),
        database_url: Some(db),
        ..crate::Config::default()
    };
    let server = tokio::spawn(crate::serve(config));
    assert!(
        wait_for(&format!("127.0.0.1:{port}"), 30).await,
        "server did not start"
    );

    // The browser.
    let dport = free_port();
    let driver = std::process::Command::new(chromedriver)
        .arg(format!("--port={dport}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("chromedriver: {e}"));
    let daddr = format!("127.0.0.1:{dport}");
    let mut guard = DriverGuard {
        child: driver,
        addr: daddr.clone(),
        session: None,
    };
    assert!(wait_for(&daddr, 30).await, "chromedriver did not start");
    let profile = dir.join("chromium-profile");
    let caps = json!({ "capabilities": { "alwaysMatch": { "browserName": "chrome", "goog:chromeOptions": {
        "binary": chromium.display().to_string(),
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 format!("--user-data-dir={}", profile.display())]
    }}}});
    let (status, out) = request(
        &daddr,
        "POST",
        "/session",
        &[("Content-Type", "application/json")],
        caps.to_string().as_bytes(),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status, 200, "new session: {out}");
    let session = serde_json::from_str::<Value>(&out).unwrap_or(Value::Null)["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session id in {out}"))
        .to_string();
    guard.session = Some(session.clone());
    let b = Browser {
        driver: daddr.clone(),
        session,
    };

    const CAUSED: &str = "No boundary device between OA zone and Production zone";

    // An editor logs in, freezes the current state, edits a zone and sees the finding it causes.
    b.login(&base, "editor").await;
    b.goto(&format!("{base}/f/{fid}/assessment")).await;
    assert!(b.wait_text("id=\"findings\"").await);
    assert!(!b.source().await.contains(CAUSED));
    b.goto(&format!("{base}/f/{fid}/reviews")).await;
    b.fill("//input[@id='cycle-name']", "Before review").await;
    b.fill("//input[@name='date']", "11/01/2026").await;
    b.fill("//input[@name='reviewers']", "QA").await;
    b.click("//button[@id='freeze']").await;
    assert!(
        b.wait_text("Before review</td>").await,
        "first cycle not frozen"
    );

    b.goto(&format!("{base}/f/{fid}/model")).await;
    b.click("//form[@id='zone-form-oa']//option[@value='external']")
        .await;
    b.click("//form[@id='zone-form-oa']//button").await;
    assert!(b.wait_text("zone oa: update").await, "zone edit not saved");
    b.goto(&format!("{base}/f/{fid}/assessment")).await;
    assert!(
        b.wait_text(CAUSED).await,
        "the finding caused by the zone edit is not shown"
    );

    b.goto(&format!("{base}/f/{fid}/reviews")).await;
    b.fill("//input[@id='cycle-name']", "After review").await;
    b.fill("//input[@name='date']", "11/25/2026").await;
    b.fill("//input[@name='reviewers']", "QA, IT").await;
    b.click("//button[@id='freeze']").await;
    assert!(
        b.wait_text("After review</td>").await,
        "second cycle not frozen"
    );
    b.click("//button[@id='compare']").await;
    assert!(b.wait_text("id=\"diff-added\"").await);
    let added = b.source().await;
    let added = added
        .split("id=\"diff-added\"")
        .nth(1)
        .and_then(|s| s.split("</ul>").next())
        .unwrap_or("");
    assert!(
        added.contains(CAUSED),
        "the diff does not list the new finding: {added}"
    );

    // The editor forms: add a protected object and a flow that drives the line without
    // human review; a missing field is shown beside it with the typed values kept; the
    // assessment then raises the zone finding the flow causes.
    const SPLIT: &str = "OA zone mixes assets that drive control with assets that do not";
    assert!(!b.source().await.contains(SPLIT));
    let form = "//form[@id='entity-form']";
    b.goto(&format!("{base}/f/{fid}/assets")).await;
    b.fill(&format!("{form}//input[@name='id']"), "cad-pc")
        .await;
    b.fill(&format!("{form}//input[@name='name']"), "CAD PC")
        .await;
    b.click(&format!(
        "{form}//select[@name='kind']/option[@value='equipment']"
    ))
    .await;
    b.click(&format!("{form}//input[@name='zones'][@value='oa']"))
        .await;
    b.click("//button[@id='save-entity']").await;
    assert!(
        b.wait_text("<strong>cad-pc</strong>").await,
        "asset not saved"
    );
    b.goto(&format!("{base}/f/{fid}/flows")).await;
    b.fill(&format!("{form}//input[@name='id']"), "cad-to-plc")
        .await;
    b.click(&format!(
        "{form}//select[@name='from']/option[@value='cad-pc']"
    ))
    .await;
    b.click(&format!("{form}//input[@name='control']")).await;
    b.click(&format!("{form}//input[@name='automated']")).await;
    b.click("//button[@id='save-entity']").await;
    assert!(
        b.wait_text("id=\"problem-to\"").await,
        "no problem beside `to`"
    );
    assert!(
        b.source().await.contains("value=\"cad-to-plc\""),
        "typed id lost"
    );
    b.click(&format!(
        "{form}//select[@name='to']/option[@value='line-plc']"
    ))
    .await;
    b.click("//button[@id='save-entity']").await;
    assert!(
        b.wait_text("<strong>cad-to-plc</strong>").await,
        "flow not saved"
    );
    b.goto(&format!("{base}/f/{fid}/assessment")).await;
    assert!(
        b.wait_text(SPLIT).await,
        "the finding caused by the new flow is not shown"
    );
    b.logout().await;

    // A viewer reads the model but gets no editing forms, and a forged form post is refused.
    b.login(&base, "viewer").await;
    b.goto(&format!("{base}/f/{fid}/model")).await;
    assert!(b.wait_text("External").await || b.wait_text("external").await);
    assert!(
        b.find("//form[@id='zone-form-oa']").await.is_none(),
        "viewer sees a zone form"
    );
    assert!(
        b.find("//textarea[@id='yaml']").await.is_none(),
        "viewer sees the YAML editor"
    );
    b.logout().await;

    // A supplier sees only its party's checklist and answers an item with an evidence note.
    b.login(&base, "supplier").await;
    b.goto(&format!("{base}/f/{fid}/checklists")).await;
    assert!(b.wait_text("party-agv-maker").await);
    let src = b.source().await;
    assert!(
        !src.contains("mes-vendor") && !src.contains("whtech"),
        "supplier sees other parties"
    );
    let form = "//form[@id='answer-agv-maker-procurement.security-policy-disclosed']";
    b.click(&format!("{form}//option[@value='yes']")).await;
    b.fill(
        &format!("{form}//input[@name='evidence']"),
        "security policy v3 (PDF)",
    )
    .await;
    b.click(&format!("{form}//button")).await;
    assert!(b.wait_text("security policy v3 (PDF)").await);
    b.goto(&format!("{base}/f/{fid}")).await;
    assert!(
        b.wait_text("403").await,
        "a supplier must not open the dashboard"
    );

    let answers = store
        .answers(&fid, Some("agv-maker"))
        .await
        .unwrap_or_default();
    let a = answers
        .iter()
        .find(|a| a.item == "procurement.security-policy-disclosed");
    assert_eq!(
        a.map(|a| (a.answer.as_str(), a.evidence.as_str())),
        Some(("yes", "security policy v3 (PDF)"))
    );

    drop(guard);
    server.abort();
    store.close().await;
    drop(tmp);
}
