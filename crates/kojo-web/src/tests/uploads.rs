//! Uploads are held against the model: captures by kojo-traffic, SBOMs against advisory
//! uploads by kojo-sbom; their findings are part of the assessment, marked with the upload.

use super::{Backend, World, json};
use axum::http::StatusCode;

/// The test factory with addresses for the traffic check and an SBOM named for the MES.
fn model() -> String {
    super::MODEL
        .replace(
            "    supplier: agv-maker\n",
            "    supplier: agv-maker\n    addresses: [10.0.0.10]\n",
        )
        .replace(
            "    supplier: mes-vendor\n",
            "    supplier: mes-vendor\n    addresses: [10.0.1.20]\n    sbom: sboms/mes.cdx.json\n",
        )
}

const SBOM: &str = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
 {"type":"library","name":"log4j-core","group":"org.apache.logging.log4j","version":"2.14.1",
  "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
  "licenses":[{"license":{"id":"Apache-2.0"}}]}]}"#;

const OSV: &str = r#"{"id":"GHSA-test-log4j","modified":"2021-12-10T00:00:00Z","aliases":["CVE-2021-44228"],
 "summary":"Remote code execution in log4j-core",
 "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
 "affected":[{"package":{"ecosystem":"Maven","name":"org.apache.logging.log4j:log4j-core"},
   "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.13.0"},{"fixed":"2.15.0"}]}]}]}"#;

/// A little-endian pcap of Ethernet/IPv4/TCP SYN frames `(src, dst, sport, dport)`.
pub fn pcap(frames: &[([u8; 4], [u8; 4], u16, u16)]) -> Vec<u8> {
    let mut out = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    for (i, (src, dst, sport, dport)) in frames.iter().enumerate() {
        let mut f = Vec::new();
        f.extend_from_slice(&[2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00]);
        f.extend_from_slice(&[0x45, 0, 0, 40, 0, i as u8, 0x40, 0, 64, 6, 0, 0]);
        f.extend_from_slice(src);
        f.extend_from_slice(dst);
        f.extend_from_slice(&sport.to_be_bytes());
        f.extend_from_slice(&dport.to_be_bytes());
        f.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]);
        out.extend_from_slice(&(1_700_000_000u32 + i as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(&f);
    }
    out
}

/// Saves [`model`] as the editor (the factory with addresses and an SBOM name).
async fn put_model(w: &World) {
    let body = serde_json::json!({"yaml": model(), "base_version": w.version(&w.fa).await});
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &format!("/api/v1/factories/{}/model", w.fa),
            Some(("application/json", body.to_string())),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
}

async fn upload(w: &World, kind: &str, name: &str, body: Vec<u8>) -> (StatusCode, String) {
    w.send_bytes(
        "editor",
        "POST",
        &format!(
            "/api/v1/factories/{}/uploads?kind={kind}&filename={name}",
            w.fa
        ),
        body,
    )
    .await
}

async fn assessment(w: &World) -> (String, Vec<serde_json::Value>) {
    let (s, out) = w
        .send(
            Some("viewer"),
            "GET",
            &format!("/api/v1/factories/{}/assessment", w.fa),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    let f = json(&out)["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (out, f)
}

fn from_upload<'a>(findings: &'a [serde_json::Value], id: &str) -> Vec<&'a serde_json::Value> {
    let tag = serde_json::json!(format!("upload:{id}"));
    findings
        .iter()
        .filter(|f| {
            f["facts"]["source"]
                .as_array()
                .is_some_and(|s| s.contains(&tag))
        })
        .collect()
}

async fn produced(w: &World, name: &str) -> String {
    let (_, list) = w
        .send(
            Some("viewer"),
            "GET",
            &format!("/api/v1/factories/{}/uploads", w.fa),
            None,
        )
        .await;
    json(&list)
        .as_array()
        .and_then(|a| a.iter().find(|u| u["filename"] == name).cloned())
        .map(|u| u["produced"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn captures_and_sboms_are_checked_into_the_assessment() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        put_model(&w).await;
        // Before any upload: the SBOM the model names is not there (never read from the
        // server's own disk), and nothing comes from traffic.
        let (raw, before) = assessment(&w).await;
        let invalid = before
            .iter()
            .find(|f| f["kind"] == "sbom-invalid" && f["subjects"][0] == "asset:mes-server")
            .unwrap_or_else(|| panic!("no sbom-invalid for the missing upload: {raw}"));
        assert!(
            invalid["detail"]
                .as_str()
                .is_some_and(|d| d.contains("not-uploaded/mes.cdx.json")),
            "{invalid}"
        );
        assert!(!before.iter().any(|f| {
            f["kind"]
                .as_str()
                .is_some_and(|k| k.starts_with("traffic-"))
        }));
        let total_before = before.len();
        let (_, page) = w
            .send(Some("viewer"), "GET", &format!("/f/{}", w.fa), None)
            .await;
        assert!(
            page.contains(&format!(" · {total_before} Findings")),
            "{page}"
        );

        // A capture with a host the model does not know talking to the PLC.
        let cap = pcap(&[
            ([10, 9, 9, 9], [10, 0, 0, 10], 40000, 502),
            ([10, 0, 1, 20], [10, 0, 0, 10], 40001, 502),
        ]);
        let (s, out) = upload(&w, "capture", "line.pcap", cap).await;
        assert_eq!(s, StatusCode::CREATED, "{out}");
        let cap_id = json(&out)["id"].as_str().unwrap_or_default().to_string();
        let (raw, after) = assessment(&w).await;
        let traffic = from_upload(&after, &cap_id);
        assert!(!traffic.is_empty(), "no finding from the capture: {raw}");
        assert!(
            traffic.iter().all(|f| f["kind"]
                .as_str()
                .is_some_and(|k| k.starts_with("traffic-"))
                && f["facts"]["source_files"] == serde_json::json!(["line.pcap"])),
            "{traffic:?}"
        );
        assert!(
            traffic
                .iter()
                .any(|f| f["kind"] == "traffic-unknown-host" && f.to_string().contains("10.9.9.9")),
            "{traffic:?}"
        );
        assert_eq!(after.len(), total_before + traffic.len());
        let p = produced(&w, "line.pcap").await;
        assert!(
            p.starts_with(&format!("{} findings:", traffic.len())),
            "{p}"
        );

        // The SBOM the model names: read for mes-server; no advisories yet, no vulnerability.
        let (s, out) = upload(&w, "sbom", "mes.cdx.json", SBOM.as_bytes().to_vec()).await;
        assert_eq!(s, StatusCode::CREATED, "{out}");
        let sbom_id = json(&out)["id"].as_str().unwrap_or_default().to_string();
        let (raw, now) = assessment(&w).await;
        assert!(
            !now.iter()
                .any(|f| f["kind"] == "sbom-invalid" && f["subjects"][0] == "asset:mes-server"),
            "{raw}"
        );
        assert!(!now.iter().any(|f| f["kind"] == "vulnerability"), "{raw}");

        // An advisory that matches: a vulnerability of mes-server, marked with the SBOM.
        // Uploaded through the page form (multipart) to cover it.
        let boundary = "kojoBOUNDARY";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nadvisory\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"log4j.osv.json\"\r\n\
             Content-Type: application/json\r\n\r\n{OSV}\r\n--{boundary}--\r\n"
        );
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/f/{}/uploads", w.fa),
                Some((&format!("multipart/form-data; boundary={boundary}"), body)),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{out}");
        let (raw, now) = assessment(&w).await;
        let vulns: Vec<_> = from_upload(&now, &sbom_id)
            .into_iter()
            .filter(|f| f["kind"] == "vulnerability")
            .collect();
        assert_eq!(vulns.len(), 1, "{raw}");
        assert_eq!(vulns[0]["subjects"][0], "asset:mes-server");
        assert!(
            vulns[0].to_string().contains("CVE-2021-44228"),
            "{}",
            vulns[0]
        );
        assert!(
            !raw.contains("kojo-web-check-"),
            "a temporary path leaked: {raw}"
        );
        let p = produced(&w, "mes.cdx.json").await;
        assert!(
            p.starts_with("SBOM of mes-server;") && p.contains("1 vulnerability"),
            "{p}"
        );
        let p = produced(&w, "log4j.osv.json").await;
        assert!(p.contains("1 vulnerability findings"), "{p}");

        // Pages: the assessment names the source upload; the uploads page what each produced.
        let (_, page) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/f/{}/assessment", w.fa),
                None,
            )
            .await;
        assert!(page.contains("Upload: line.pcap") && page.contains("Upload: mes.cdx.json"));
        let (_, page) = w
            .send(Some("viewer"), "GET", &format!("/f/{}/uploads", w.fa), None)
            .await;
        assert!(page.contains("SBOM of mes-server"), "{page}");
        // The dashboard counts them too.
        let (_, page) = w
            .send(Some("viewer"), "GET", &format!("/f/{}", w.fa), None)
            .await;
        assert!(
            page.contains(&format!(" · {} Findings", now.len())),
            "{page}"
        );

        // A review cycle frozen now keeps them.
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/api/v1/factories/{}/reviews", w.fa),
                Some((
                    "application/json",
                    r#"{"name":"with uploads","date":"2026-11-26","reviewers":"a"}"#.into(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{out}");
        let id = json(&out)["id"].as_str().unwrap_or_default().to_string();
        let cycle = w.store.cycle(&w.fa, &id).await.ok().flatten();
        assert!(cycle.is_some_and(|c| c.assessment_json.contains("CVE-2021-44228")));
    }
}

#[tokio::test]
async fn unreadable_advisories_are_refused_with_their_position() {
    let w = World::new(&Backend::Sqlite).await;
    let (s, out) = upload(
        &w,
        "advisory",
        "bad.json",
        b"{\"id\": \"X\",\n \"affected\": [".to_vec(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{out}");
    assert!(out.contains("bad.json:2:"), "{out}");
    let (s, out) = upload(
        &w,
        "advisory",
        "schema.json",
        br#"{"$schema":"x"}"#.to_vec(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{out}");
    assert!(out.contains("not an OSV record"), "{out}");
    let (s, out) = upload(&w, "report", "x.json", b"{}".to_vec()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{out}");
    assert!(out.contains("capture, sbom, advisory, evidence"), "{out}");
    let list = w.store.uploads(&w.fa).await.unwrap_or_default();
    assert!(list.is_empty(), "refused uploads are not stored: {list:?}");
}

/// The shared real data beside the repository, if present.
fn shared_dir() -> Option<std::path::PathBuf> {
    let dir = match std::env::var_os("KOJO_SHARED_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    if dir.join("testdata").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: shared test data not found at {}",
            dir.join("testdata").display()
        );
        None
    }
}

#[tokio::test]
async fn real_captures_sboms_and_advisories_are_read() {
    let Some(shared) = shared_dir() else { return };
    let t = shared.join("testdata");
    let files = [
        ("capture", t.join("pcap/modbus/modbusSmall.pcap")),
        (
            "sbom",
            t.join("sbom/spdx/ews-01-engineering-workstation.spdx.json"),
        ),
        (
            "advisory",
            t.join("kev/known_exploited_vulnerabilities.json"),
        ),
        ("advisory", t.join("csaf/cisa-ot/icsa-24-261-03.json")),
    ];
    let w = World::new(&Backend::Sqlite).await;
    let yaml = model().replace(
        "sboms/mes.cdx.json",
        "sboms/ews-01-engineering-workstation.spdx.json",
    );
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &format!("/api/v1/factories/{}/model", w.fa),
            Some((
                "application/json",
                serde_json::json!({"yaml": yaml, "base_version": w.version(&w.fa).await})
                    .to_string(),
            )),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    for (kind, path) in &files {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("skipped: {} not found", path.display());
            return;
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let (s, out) = upload(&w, kind, &name, bytes).await;
        assert_eq!(s, StatusCode::CREATED, "{name}: {out}");
    }
    let (raw, findings) = assessment(&w).await;
    assert!(!raw.contains("kojo-web-check-"));
    assert!(
        findings.iter().any(|f| f["kind"]
            .as_str()
            .is_some_and(|k| k.starts_with("traffic-"))),
        "the Modbus capture's hosts are not in the model: {raw}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f["kind"] == "sbom-invalid" && f["subjects"][0] == "asset:mes-server"),
        "the real SPDX SBOM is read: {raw}"
    );
    for (_, path) in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        assert!(!produced(&w, name).await.is_empty(), "{name}");
    }
}

/// The app of `w` with small limits: 64 KiB bodies, captures that expand to 256 KiB.
fn small_limits(w: &World) -> axum::Router {
    let mut st = w.state.clone();
    st.max_upload_bytes = 64 << 10;
    st.max_capture_bytes = 256 << 10;
    crate::router::router(st)
}

/// Sends `body` to the upload API through `app` as the editor; `declared` adds a
/// Content-Length (without it the body streams in chunks).
async fn upload_to(
    app: &axum::Router,
    w: &World,
    kind: &str,
    body: Vec<u8>,
    declared: bool,
) -> (StatusCode, String) {
    use tower::ServiceExt;
    let len = body.len();
    let mut req = axum::http::Request::post(format!(
        "/api/v1/factories/{}/uploads?kind={kind}&filename=up.bin",
        w.fa
    ))
    .header("host", "kojo.test")
    .header("origin", super::ORIGIN)
    .header("cookie", &w.cookies["editor"]);
    let body = if declared {
        req = req.header("content-length", len.to_string());
        axum::body::Body::from(body)
    } else {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            body.chunks(8192).map(|c| Ok(c.to_vec())).collect();
        axum::body::Body::from_stream(futures_util::stream::iter(chunks))
    };
    let res = app
        .clone()
        .oneshot(req.body(body).unwrap_or_else(|e| panic!("{e}")))
        .await
        .unwrap_or_else(|e| match e {});
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Bodies over the limit get 413 naming the limit, declared or streamed; a gzip capture
/// that expands past its limit is refused with that limit; nothing of either is stored.
#[tokio::test]
async fn uploads_over_a_limit_are_refused_with_the_limit() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let app = small_limits(&w);
        let big = vec![b'x'; 100 << 10];
        for declared in [true, false] {
            let (s, out) = upload_to(&app, &w, "evidence", big.clone(), declared).await;
            assert_eq!(
                s,
                StatusCode::PAYLOAD_TOO_LARGE,
                "declared {declared}: {out}"
            );
            assert!(out.contains("limit of 64 KiB"), "{out}");
            assert!(out.contains("--max-upload-mb"), "{out}");
        }
        // 600 KiB of frames in a gzip of a few KiB: small on the wire, over 256 KiB read.
        let frames: Vec<([u8; 4], [u8; 4], u16, u16)> = (0..10_000u32)
            .map(|i| ([10, 0, 0, 10], [10, 0, 1, 20], 40000 + (i % 20) as u16, 502))
            .collect();
        let raw = pcap(&frames);
        assert!(raw.len() > 256 << 10);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, &raw).unwrap_or_else(|e| panic!("{e}"));
        let gz = gz.finish().unwrap_or_else(|e| panic!("{e}"));
        assert!(gz.len() < 64 << 10, "{}", gz.len());
        let (s, out) = upload_to(&app, &w, "capture", gz, true).await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{out}");
        assert!(out.contains("limit of 256 KiB"), "{out}");
        assert!(out.contains("--max-capture-mb"), "{out}");
        // Under the limits the same kinds are taken.
        let (s, out) = upload_to(&app, &w, "capture", pcap(&frames[..10]), true).await;
        assert_eq!(s, StatusCode::CREATED, "{out}");
        let stored = w.store.uploads(&w.fa).await.unwrap_or_default();
        assert_eq!(
            stored.len(),
            1,
            "only the small capture is stored: {stored:?}"
        );
    }
}

/// The 413 comes before the body is read: over a real socket, a request announcing 200 MB
/// gets its answer without one byte of the body sent.
#[tokio::test]
async fn a_declared_body_over_the_limit_is_refused_before_it_is_sent() {
    let w = World::new(&Backend::Sqlite).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let app = w.app.clone();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let path = format!(
        "/api/v1/factories/{}/uploads?kind=capture&filename=big.pcap",
        w.fa
    );
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: kojo.test\r\nOrigin: {}\r\nCookie: {}\r\nContent-Length: {}\r\n\r\n",
        super::ORIGIN,
        w.cookies["editor"],
        200u64 << 20
    );
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.write_all(head.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(30), s.read(&mut buf))
        .await
        .unwrap_or_else(|_| panic!("no answer without the body"))
        .unwrap_or_else(|e| panic!("{e}"));
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("limit of 32 MiB"), "{answer}");
    server.abort();
}

/// The kind is checked by content: an SBOM sent as a capture (which would read as a flow
/// log of no flows, and make every declared flow "not seen"), a capture sent as an SBOM,
/// an SBOM sent as an advisory: each refused with what it looks like, in both languages.
#[tokio::test]
async fn an_upload_of_another_kind_is_refused_with_what_it_looks_like() {
    let w = World::new(&Backend::Sqlite).await;
    for (kind, body, looks) in [
        (
            "capture",
            SBOM.as_bytes().to_vec(),
            "looks like an SBOM, not a packet capture",
        ),
        (
            "capture",
            OSV.as_bytes().to_vec(),
            "looks like an advisory, not a packet capture",
        ),
        (
            "sbom",
            pcap(&[([10, 0, 0, 10], [10, 0, 1, 20], 40000, 502)]),
            "looks like a packet capture or flow log, not an SBOM",
        ),
        (
            "advisory",
            SBOM.as_bytes().to_vec(),
            "looks like an SBOM, not an advisory",
        ),
        (
            "sbom",
            OSV.as_bytes().to_vec(),
            "looks like an advisory, not an SBOM",
        ),
    ] {
        let (s, out) = upload(&w, kind, "up.json", body).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{kind}: {out}");
        assert!(out.contains(looks), "{kind}: {out}");
        let msg = json(&out)["error"].as_str().unwrap_or_default().to_string();
        let ja = crate::words::errors::message(&msg, "ja");
        assert!(
            ja.contains("のようです") && !ja.contains("looks like"),
            "{ja}"
        );
    }
    assert!(w.store.uploads(&w.fa).await.unwrap_or_default().is_empty());
    // Each kind with its own content is taken.
    for (kind, body) in [("sbom", SBOM), ("advisory", OSV)] {
        let (s, out) = upload(&w, kind, "ok.json", body.as_bytes().to_vec()).await;
        assert_eq!(s, StatusCode::CREATED, "{kind}: {out}");
    }
}

/// An upload downloads as it was sent, and once deleted the assessment no longer reads it:
/// the capture's findings go, the download is 404, and both acts are in the audit log.
#[tokio::test]
async fn an_upload_is_downloaded_as_sent_and_forgotten_once_deleted() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        put_model(&w).await;
        let (_, before) = assessment(&w).await;
        let cap = pcap(&[([10, 9, 9, 9], [10, 0, 0, 10], 40000, 502)]);
        let name = "line%201%20(%E5%B7%A5%E5%A0%B4).pcap";
        let (s, out) = upload(&w, "capture", name, cap.clone()).await;
        assert_eq!(s, StatusCode::CREATED, "{out}");
        let id = json(&out)["id"].as_str().unwrap_or_default().to_string();
        let (_, with) = assessment(&w).await;
        assert!(!from_upload(&with, &id).is_empty());

        let path = format!("/api/v1/factories/{}/uploads/{id}", w.fa);
        let (status, cd, bytes) = download(&w, "auditor", &path).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bytes, cap, "the bytes as uploaded");
        assert!(cd.starts_with("attachment; filename=\""), "{cd}");
        assert!(
            cd.contains("filename*=UTF-8''line%201%20%28%E5%B7%A5%E5%A0%B4%29.pcap"),
            "{cd}"
        );

        let (s, out) = w.send(Some("viewer"), "DELETE", &path, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{out}");
        let (s, out) = w.send(Some("editor"), "DELETE", &path, None).await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{out}");
        let (s, _) = w.send(Some("editor"), "DELETE", &path, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = w.send(Some("viewer"), "GET", &path, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (_, after) = assessment(&w).await;
        assert!(from_upload(&after, &id).is_empty());
        let ids = |fs: &[serde_json::Value]| -> Vec<String> {
            fs.iter().map(|f| f["id"].to_string()).collect()
        };
        assert_eq!(
            ids(&after),
            ids(&before),
            "the assessment is as before the upload"
        );

        let log = w.store.audit_log(Some(&w.fa), 20).await.unwrap_or_default();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        for a in ["upload.add", "upload.download", "upload.delete"] {
            assert!(actions.contains(&a), "{a} not audited: {actions:?}");
        }
        let deleted = log
            .iter()
            .find(|e| e.action == "upload.delete")
            .map(|e| e.before.clone());
        assert!(
            deleted
                .flatten()
                .is_some_and(|b| b.contains("line 1 (工場).pcap")),
            "the deletion keeps what was deleted"
        );
    }
}

/// GET `path` as `who`: the status, the `Content-Disposition` and the bytes.
async fn download(w: &World, who: &str, path: &str) -> (StatusCode, String, Vec<u8>) {
    use tower::ServiceExt;
    let req = axum::http::Request::get(path)
        .header("host", "kojo.test")
        .header("cookie", &w.cookies[who])
        .body(axum::body::Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let res = w
        .app
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {});
    let status = res.status();
    let cd = res
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (status, cd, bytes.to_vec())
}
