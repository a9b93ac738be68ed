//! Vulnerability statements in the supplier portal: a supplier states on its own products,
//! the statement is a decision in a new model version, and the CSAF VEX download is the
//! document `kojo vex` writes for the same model and date.

use super::{Backend, World, form, json};
use axum::http::StatusCode;

/// The test factory with an SBOM for the PLC (agv-maker's) and one for the MES (mes-vendor's).
fn model() -> String {
    super::MODEL
        .replace(
            "    supplier: agv-maker\n",
            "    supplier: agv-maker\n    sbom: sboms/plc.cdx.json\n",
        )
        .replace(
            "    supplier: mes-vendor\n",
            "    supplier: mes-vendor\n    sbom: sboms/mes.cdx.json\n",
        )
}

/// A CycloneDX SBOM with log4j-core at `version` (both versions here are affected).
fn sbom(version: &str) -> String {
    format!(
        r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
 {{"type":"library","name":"log4j-core","group":"org.apache.logging.log4j","version":"{version}",
  "purl":"pkg:maven/org.apache.logging.log4j/log4j-core@{version}"}}]}}"#
    )
}

const OSV: &str = r#"{"id":"GHSA-test-log4j","modified":"2021-12-10T00:00:00Z","aliases":["CVE-2021-44228"],
 "summary":"Remote code execution in log4j-core",
 "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
 "affected":[{"package":{"ecosystem":"Maven","name":"org.apache.logging.log4j:log4j-core"},
   "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.13.0"},{"fixed":"2.15.0"}]}]}]}"#;

const TODAY: &str = "2026-12-01";

/// A world whose factory A has the model with SBOMs, and the SBOMs and the advisory uploaded.
async fn world(b: &Backend) -> World {
    let w = World::new(b).await;
    let sa = w.user_id("siteadmin").await;
    w.store
        .save_model(&w.fa, &model(), &sa, "with SBOMs")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for (kind, name, body) in [
        ("sbom", "plc.cdx.json", sbom("2.14.1")),
        ("sbom", "mes.cdx.json", sbom("2.13.3")),
        ("advisory", "log4j.osv.json", OSV.to_string()),
    ] {
        let (s, out) = w
            .send_bytes(
                "editor",
                "POST",
                &format!(
                    "/api/v1/factories/{}/uploads?kind={kind}&filename={name}",
                    w.fa
                ),
                body.into_bytes(),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{name}: {out}");
    }
    w
}

/// The statements `who` sees (API).
async fn view(w: &World, who: &str) -> serde_json::Value {
    let (s, out) = w
        .send(
            Some(who),
            "GET",
            &format!("/api/v1/factories/{}/vex", w.fa),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    json(&out)
}

/// The one finding of `party` in a view.
fn finding_of(v: &serde_json::Value, party: &str) -> String {
    let p = v["parties"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["party"] == party))
        .unwrap_or_else(|| panic!("no {party}: {v}"));
    let fs = p["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(fs.len(), 1, "{p}");
    fs[0]["id"].as_str().unwrap_or_default().to_string()
}

/// The findings of the same files read as `kojo vex` reads them: the model file with its
/// SBOMs beside it and the advisory directory, through `kojo_sbom::check_model`; `vex` are
/// VEX documents to mark the findings with.
fn as_the_cli_reads(
    dir: &std::path::Path,
    yaml: &str,
    vex: Vec<std::path::PathBuf>,
) -> (kojo_model::Model, Vec<kojo_findings::Finding>) {
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("model.yaml", yaml);
    write("sboms/plc.cdx.json", &sbom("2.14.1"));
    write("sboms/mes.cdx.json", &sbom("2.13.3"));
    write("adv/log4j.osv.json", OSV);
    let model = kojo_model::load_file(&dir.join("model.yaml")).unwrap_or_else(|e| panic!("{e:?}"));
    let opts = kojo_sbom::SbomOptions {
        advisory_dirs: vec![dir.join("adv")],
        cache_dir: Some(dir.join("cache")),
        zone_importance: kojo_assess::zone_importance(&model),
        vex_files: vex,
        today: kojo_model::Date::parse(TODAY),
        ..Default::default()
    };
    let out = kojo_sbom::check_model(&model, &opts).unwrap_or_else(|e| panic!("{e}"));
    (model, out.findings)
}

#[tokio::test]
async fn a_supplier_states_not_affected_and_downloads_the_csaf_document() {
    for b in Backend::all() {
        let w = world(&b).await;
        // The supplier sees its own party's product only, stated as affected so far.
        let v = view(&w, "supplier").await;
        let parties: Vec<&str> = v["parties"]
            .as_array()
            .map(|ps| ps.iter().filter_map(|p| p["party"].as_str()).collect())
            .unwrap_or_default();
        assert_eq!(parties, ["agv-maker"], "{v}");
        let plc = finding_of(&v, "agv-maker");
        assert_eq!(v["parties"][0]["findings"][0]["statement"], "affected");
        assert_eq!(v["parties"][0]["findings"][0]["asset"], "line-plc");
        let base = w.version(&w.fa).await;
        assert_eq!(v["base_version"], base);

        let (s, out) = w
            .send(
                Some("supplier"),
                "POST",
                &format!("/api/v1/factories/{}/vex/agv-maker", w.fa),
                Some((
                    "application/json",
                    serde_json::json!({
                        "base_version": base,
                        "finding": plc,
                        "status": "not_affected",
                        "justification": "vulnerable_code_not_in_execute_path",
                        "detail": "JNDI lookups are disabled in the PLC firmware",
                    })
                    .to_string(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{out}");
        assert_eq!(json(&out)["version"], base + 1, "{out}");

        // A new model version by the supplier, with the decision, audited.
        let mv = w
            .store
            .latest_model(&w.fa)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no model"));
        assert_eq!(mv.version, base + 1);
        assert_eq!(mv.created_by, Some(w.user_id("supplier").await));
        let (m, _) = crate::service::models::check(&mv.yaml).unwrap_or_else(|p| panic!("{p:?}"));
        let d = m
            .decisions
            .iter()
            .rfind(|d| d.finding == plc)
            .unwrap_or_else(|| panic!("no decision: {}", mv.yaml));
        assert_eq!(d.status, kojo_model::DecisionStatus::FalsePositive);
        assert_eq!(d.owner.as_deref(), Some("agv-maker"));
        assert!(
            d.reason
                .as_deref()
                .is_some_and(|r| r.starts_with("vulnerable_code_not_in_execute_path: JNDI")),
            "{d:?}"
        );
        let audit = w
            .store
            .audit_log(Some(&w.fa), 10)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            audit
                .iter()
                .any(|e| e.action == "vex.statement" && e.target == format!("finding:{plc}")),
            "{audit:?}"
        );
        let v = view(&w, "supplier").await;
        assert_eq!(v["parties"][0]["findings"][0]["statement"], "not_affected");
        assert_eq!(v["parties"][0]["findings"][0]["decision"], "false-positive");

        // The download: the bytes `kojo vex` writes for this model on this date.
        let (s, doc) = w
            .send(
                Some("supplier"),
                "GET",
                &format!(
                    "/api/v1/factories/{}/vex/agv-maker/csaf?today={TODAY}",
                    w.fa
                ),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{doc}");
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (model, found) = as_the_cli_reads(dir.path(), &mv.yaml, Vec::new());
        let today = kojo_model::Date::parse(TODAY).unwrap_or_else(|| unreachable!());
        let docs = kojo_sbom::vex_out::csaf_documents(
            &model,
            &found,
            kojo_sbom::vex_out::Per::Party,
            "urn:kojo:test-works",
            today,
        );
        let cli = docs
            .iter()
            .find(|d| d.group == "AGV maker")
            .unwrap_or_else(|| panic!("{docs:?}"));
        let mut want = serde_json::to_vec_pretty(&cli.document).unwrap_or_else(|e| panic!("{e}"));
        want.push(b'\n');
        assert_eq!(doc, String::from_utf8_lossy(&want));
        // … which holds only the PLC's product, not the MES vendor's.
        assert!(doc.contains("2.14.1") && !doc.contains("2.13.3"), "{doc}");

        // Read as a CSAF VEX document: one not-affected statement with the justification.
        let back = kojo_sbom::vex::parse_as(
            kojo_sbom::vex::VexFormat::Csaf,
            "agv-maker.json",
            doc.as_bytes(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(back.claims.len(), 1, "{back:?}");
        let c = &back.claims[0];
        assert_eq!(c.status, kojo_sbom::vex::VexStatus::NotAffected);
        assert_eq!(
            c.justification.as_deref(),
            Some("vulnerable_code_not_in_execute_path")
        );
        assert!(c.ids.iter().any(|i| i == "CVE-2021-44228"), "{c:?}");

        // Handed to `--vex` with the model as it was: it marks the same finding, and only it.
        let file = dir.path().join(&cli.file);
        std::fs::write(&file, &doc).unwrap_or_else(|e| panic!("{e}"));
        let (_, marked) = as_the_cli_reads(dir.path(), &self::model(), vec![file]);
        let vulns: Vec<_> = marked
            .iter()
            .filter(|f| f.kind == "vulnerability")
            .collect();
        assert_eq!(vulns.len(), 2, "{vulns:?}");
        for f in vulns {
            let st = f.facts.get("vex").and_then(|v| v.get("status")).cloned();
            if f.id == plc {
                assert_eq!(st, Some("not_affected".into()), "{f:?}");
            } else {
                assert_eq!(st, None, "the MES vendor's product is not stated on: {f:?}");
            }
        }
    }
}

#[tokio::test]
async fn a_supplier_states_only_on_its_own_partys_products() {
    for b in Backend::all() {
        let w = world(&b).await;
        let all = view(&w, "editor").await;
        let mes = finding_of(&all, "mes-vendor");
        let plc = finding_of(&all, "agv-maker");
        let base = w.version(&w.fa).await;
        let state = |finding: &str| {
            serde_json::json!({
                "base_version": base, "finding": finding, "status": "fixed",
            })
            .to_string()
        };
        // Another party's route, and another party's product through its own route.
        for (party, finding) in [("mes-vendor", &mes), ("agv-maker", &mes)] {
            let (s, out) = w
                .send(
                    Some("supplier"),
                    "POST",
                    &format!("/api/v1/factories/{}/vex/{party}", w.fa),
                    Some(("application/json", state(finding))),
                )
                .await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{party} {finding}: {out}");
        }
        // Nor through the page form, nor another party's document.
        let (s, _) = w
            .send(
                Some("supplier"),
                "POST",
                &format!("/f/{}/vex/mes-vendor", w.fa),
                Some((
                    "application/x-www-form-urlencoded",
                    form(&[
                        ("base_version", &base.to_string()),
                        ("finding", &mes),
                        ("status", "fixed"),
                    ]),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = w
            .send(
                Some("supplier"),
                "GET",
                &format!("/api/v1/factories/{}/vex/mes-vendor/csaf", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // A viewer reads but does not state.
        let (s, _) = w
            .send(
                Some("viewer"),
                "POST",
                &format!("/api/v1/factories/{}/vex/agv-maker", w.fa),
                Some(("application/json", state(&plc))),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(w.version(&w.fa).await, base, "nothing was saved");

        // The supplier's own product through the page form: saved, back on the page.
        let (s, _) = w
            .send(
                Some("supplier"),
                "POST",
                &format!("/f/{}/vex/agv-maker", w.fa),
                Some((
                    "application/x-www-form-urlencoded",
                    form(&[
                        ("base_version", &base.to_string()),
                        ("finding", &plc),
                        ("status", "fixed"),
                        ("justification", ""),
                        ("detail", "firmware 3.2 ships log4j-core 2.17.1"),
                    ]),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(w.version(&w.fa).await, base + 1);
        let (s, page) = w
            .send(
                Some("supplier"),
                "GET",
                &format!("/f/{}/vex?saved=1", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{page}");
        assert!(page.contains("id=\"nav-vex\""), "{page}");
        assert!(page.contains(&format!("id=\"state-{plc}\"")), "{page}");
        assert!(
            !page.contains(&mes),
            "another party's finding is shown: {page}"
        );
        assert!(
            page.contains(&format!("/f/{}/vex/agv-maker/csaf", w.fa)),
            "{page}"
        );
        assert!(
            page.contains("firmware 3.2 ships log4j-core 2.17.1"),
            "{page}"
        );
        let (s, doc) = w
            .send(
                Some("supplier"),
                "GET",
                &format!("/f/{}/vex/agv-maker/csaf", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            json(&doc)["vulnerabilities"][0]["product_status"]["fixed"][0],
            "CSAFPID-0001",
            "{doc}"
        );

        // In Japanese: the page's words, and a refused statement's error page.
        let (s, _) = w
            .send(
                Some("supplier"),
                "POST",
                "/settings/lang",
                Some(("application/x-www-form-urlencoded", "lang=ja".into())),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (_, page) = w
            .send(Some("supplier"), "GET", &format!("/f/{}/vex", w.fa), None)
            .await;
        assert!(
            page.contains("脆弱性の記述 (VEX)")
                && page.contains("修正済み")
                && page.contains("脆弱なコードは実行されない"),
            "{page}"
        );
        let (s, page) = w
            .send(
                Some("supplier"),
                "POST",
                &format!("/f/{}/vex/agv-maker", w.fa),
                Some((
                    "application/x-www-form-urlencoded",
                    form(&[
                        ("base_version", &base.to_string()),
                        ("finding", &plc),
                        ("status", "fixed"),
                    ]),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert!(
            page.contains("記述を開いた後にモデルが変更されました"),
            "{page}"
        );
    }
}

#[tokio::test]
async fn a_stale_or_missing_base_version_is_refused() {
    for b in Backend::all() {
        let w = world(&b).await;
        let plc = finding_of(&view(&w, "supplier").await, "agv-maker");
        let base = w.version(&w.fa).await;
        // Someone else saves meanwhile (a checklist answer is a new version too).
        let (s, out) = w
            .send(
                Some("editor"),
                "PUT",
                &format!("/api/v1/factories/{}/checklists/agv-maker", w.fa),
                Some((
                    "application/json",
                    r#"{"item":"procurement.security-policy-disclosed","answer":"yes"}"#.into(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{out}");
        assert_eq!(w.version(&w.fa).await, base + 1);
        let path = format!("/api/v1/factories/{}/vex/agv-maker", w.fa);
        let post = |body: serde_json::Value| {
            w.send(
                Some("supplier"),
                "POST",
                &path,
                Some(("application/json", body.to_string())),
            )
        };
        let (s, out) = post(serde_json::json!({
            "base_version": base, "finding": plc, "status": "fixed",
        }))
        .await;
        assert_eq!(s, StatusCode::CONFLICT, "{out}");
        let (s, out) = post(serde_json::json!({"finding": plc, "status": "fixed"})).await;
        assert_eq!(s, StatusCode::PRECONDITION_REQUIRED, "{out}");
        assert_eq!(w.version(&w.fa).await, base + 1, "nothing was saved");
        let mv = w
            .store
            .latest_model(&w.fa)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no model"));
        assert!(!mv.yaml.contains(&plc), "{}", mv.yaml);
    }
}
