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

    /// The browser's Back button.
    async fn back(&self) {
        self.cmd("POST", "/back", json!({})).await;
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
    // Back after logout shows the login page, not the viewer's model page from the
    // browser's cache (authenticated pages are `no-store`).
    b.back().await;
    assert!(
        b.wait_text("id=\"login-submit\"").await,
        "Back after logout did not lead to the login page"
    );
    let src = b.source().await;
    assert!(
        !src.contains("<span id=\"whoami\">viewer</span>") && !src.contains("zone-form"),
        "Back after logout shows the logged-out viewer's page"
    );

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

/// Chromium under chromedriver with a throw-away profile in `dir`, its clock in time zone
/// `tz` (the `TZ` the browser inherits); `None` when either is not installed.
async fn start_browser(dir: &std::path::Path, tz: &str) -> Option<(DriverGuard, Browser)> {
    let chromium = find_in_path("chromium").or_else(|| find_in_path("chromium-browser"))?;
    let chromedriver = find_in_path("chromedriver")?;
    let dport = free_port();
    let driver = std::process::Command::new(chromedriver)
        .arg(format!("--port={dport}"))
        .env("TZ", tz)
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
                 "--window-size=1400,1000", format!("--user-data-dir={}", profile.display())]
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
    Some((
        guard,
        Browser {
            driver: daddr,
            session,
        },
    ))
}

impl Browser {
    /// Runs `script` in the page (WebDriver's asynchronous script: it ends by calling
    /// `arguments[arguments.length - 1]` with its result).
    async fn run_async(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            json!({ "script": script, "args": [] }),
        )
        .await
    }

    /// Writes a PNG of the page to `$KOJO_SCREENSHOTS/name` when that directory is set.
    async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("KOJO_SCREENSHOTS") else {
            return;
        };
        let shot = self.cmd("GET", "/screenshot", Value::Null).await;
        let Some(b64) = shot.as_str() else {
            panic!("no screenshot: {shot}");
        };
        let png = base64_decode(b64);
        let path = std::path::Path::new(&dir).join(name);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

/// Standard base64 (the screenshot WebDriver sends).
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// An auditor in a browser set to Tokyo time: the audit log comes up at UTC+09:00 by
/// itself (the page's script under the CSP), filters, downloads the CSV of the filter, reads
/// the members, reads it all in Japanese, and every change it tries is refused as read-only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_auditor_reads_and_exports_the_audit_log_in_a_browser() {
    let tmp = tempfile::Builder::new()
        .prefix("kojo-web-e2e-audit-")
        .tempdir()
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = tmp.path().to_path_buf();
    let Some((guard, b)) = start_browser(&dir, "Asia/Tokyo").await else {
        eprintln!("skipped: chromium or chromedriver not found on PATH");
        return;
    };
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
    let mut ids = std::collections::HashMap::new();
    for (name, role, party) in [
        ("editor", Role::Editor, None),
        ("auditor", Role::Auditor, None),
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
        ids.insert(name, id);
    }
    for n in 1..=3 {
        store
            .save_model(&fid, MODEL, &ids["editor"], &format!("revision {n}"))
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

    b.login(&base, "auditor").await;
    b.click("//a[contains(., 'E2E Works')]").await;
    assert!(
        b.wait_text("id=\"nav-audit\"").await,
        "the auditor's dashboard"
    );
    b.click("//a[@id='nav-audit']").await;
    // The browser's offset is taken without the reader choosing it.
    assert!(
        b.wait_text("When (UTC+09:00)").await,
        "the audit log did not come up at the browser's offset:\n{}",
        b.source().await
    );
    let src = b.source().await;
    assert!(src.contains(r#"data-tz-chosen="1""#), "{src}");
    assert_eq!(src.matches("<td>Model saved</td>").count(), 3, "{src}");
    assert!(src.contains("<td>Logged in</td>") && src.contains("<td>editor</td>"));
    b.screenshot("audit-en.png").await;

    // Only the model's versions.
    b.click("//select[@id='audit-action']/option[@value='model.save']")
        .await;
    b.click("//button[@id='audit-submit']").await;
    assert!(b.wait_text("action=model.save").await);
    let src = b.source().await;
    assert_eq!(src.matches("<td>Model saved</td>").count(), 3);
    assert!(
        !src.contains("<td>Logged in</td>"),
        "the filter kept a login"
    );
    assert!(src.contains("Entries 1–3 / 3"), "{src}");

    // The CSV of the filter, as the download link gives it.
    let csv_text = b
        .run_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.getElementById('audit-csv').getAttribute('href'))
               .then(r => r.text()).then(done, e => done('failed: ' + e));",
        )
        .await;
    let csv_text = csv_text.as_str().unwrap_or_default();
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let head: Vec<String> = r
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    assert_eq!(
        head.get(1).map(String::as_str),
        Some("When (UTC+09:00)"),
        "{csv_text}"
    );
    let rows: Vec<csv::StringRecord> = r.records().filter_map(Result::ok).collect();
    assert_eq!(rows.len(), 3, "{csv_text}");
    for row in &rows {
        assert_eq!((&row[2], &row[4]), ("editor", "model.save"));
        assert!(row[1].ends_with("+09:00"), "{row:?}");
    }
    assert!(rows[0][8].contains("revision 3") && rows[2][8].contains("revision 1"));

    // The members, read only.
    b.goto(&format!("{base}/f/{fid}/members")).await;
    assert!(b.wait_text("id=\"members\"").await);
    let src = b.source().await;
    assert!(src.contains("<td>auditor</td>") && !src.contains("id=\"member-add\""));

    // Every change is refused as read-only, with the page's own origin (past CSRF).
    b.goto(&format!("{base}/f/{fid}/model")).await;
    assert!(b.wait_text("id=\"export\"").await);
    assert!(b.find("//textarea[@id='yaml']").await.is_none());
    for (path, body) in [
        ("model", "yaml=x&base_version=3".to_string()),
        (
            "reviews",
            "name=Q4&date=2026-11-25&reviewers=QA".to_string(),
        ),
        ("members", "username=editor&role=viewer".to_string()),
        (
            "decisions",
            "base_version=3&findings=F-0&status=mitigated".to_string(),
        ),
        ("checklists/agv-maker", "item=x&answer=yes".to_string()),
        (&format!("members/{}/remove", ids["editor"]), String::new()),
    ] {
        let out = b
            .run_async(&format!(
                "const done = arguments[arguments.length - 1];
                 fetch('/f/{fid}/{path}', {{method: 'POST', body: new URLSearchParams('{body}')}})
                   .then(r => r.text().then(t => done(r.status + ' ' + t)), e => done('failed: ' + e));"
            ))
            .await;
        let out = out.as_str().unwrap_or_default();
        assert!(
            out.starts_with("403 ") && out.contains("the auditor role is read-only"),
            "POST {path}: {out}"
        );
    }
    let log = store.audit_log(Some(&fid), 100).await.unwrap_or_default();
    assert!(
        log.iter()
            .all(|e| e.user_id.as_deref() != Some(ids["auditor"].as_str())),
        "an auditor's request changed something: {log:?}"
    );

    // In Japanese.
    b.goto(&format!("{base}/f/{fid}/audit")).await;
    b.click("//select[@name='lang']/option[@value='ja']").await;
    b.click("//form[@action='/settings/lang']//button").await;
    // The choice is saved once the redirect lands; leaving before it would cancel the POST.
    assert!(
        b.wait_text("<html lang=\"ja\">").await,
        "the language form did not land:\n{}",
        b.source().await
    );
    b.goto(&format!("{base}/f/{fid}/audit")).await;
    assert!(b.wait_text("<h2>監査ログ</h2>").await);
    let src = b.source().await;
    assert!(
        src.contains("日時 (UTC+09:00)") && src.contains("<td>モデルを保存</td>"),
        "{src}"
    );
    b.screenshot("audit-ja.png").await;
    b.goto(&format!("{base}/f/{fid}/members")).await;
    assert!(b.wait_text("<td>監査人</td>").await);
    b.screenshot("members-auditor-ja.png").await;

    drop(guard);
    server.abort();
    store.close().await;
    drop(tmp);
}
