//! Behaviour of the API and pages beyond the role matrix: validation, suppliers, CSRF,
//! login rate limit, tokens, review diffs, OpenAPI.

use super::{Backend, MODEL, ORIGIN, PASSWORD, World, json};
use axum::http::{Request, StatusCode, header};

/// An assessment JSON with the given findings (id, severity), for frozen cycles.
pub fn assessment_with(findings: &[(&str, &str)]) -> String {
    let findings: Vec<serde_json::Value> = findings
        .iter()
        .map(|(id, sev)| {
            serde_json::json!({
                "id": id, "kind": "threat", "step": "2-1", "severity": sev,
                "subjects": ["zone:oa"], "title": format!("finding {id}"), "detail": "",
                "recommendation": "", "reference": "3.2.1"
            })
        })
        .collect();
    serde_json::json!({
        "kojo_version": "test", "model": {"path": "model.yaml", "sha256": "x", "factory": "F"},
        "summary": {"findings": findings.len(), "by_severity": {}, "counted": 0},
        "zones": [], "findings": findings
    })
    .to_string()
}

#[tokio::test]
async fn invalid_model_is_refused_with_located_problems_and_nothing_saved() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let path = format!("/api/v1/factories/{}/model", w.fa);
        let (_, before) = w.send(Some("editor"), "GET", &path, None).await;
        let v_before = json(&before)["version"].as_i64();

        // A zone kind the model format does not know, on line 5.
        let bad =
            "version: 1\nfactory:\n  name: X\nzones:\n  - id: z1\n    name: Z\n    kind: cellar\n";
        let body =
            serde_json::json!({ "yaml": bad, "base_version": v_before.unwrap_or(0) }).to_string();
        let (status, out) = w
            .send(
                Some("editor"),
                "PUT",
                &path,
                Some(("application/json", body)),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{out}");
        let problems = json(&out)["problems"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!problems.is_empty(), "{out}");
        assert!(
            problems.iter().any(|p| p["line"].as_u64() == Some(7)),
            "a problem must point at line 7: {out}"
        );

        let (_, after) = w.send(Some("editor"), "GET", &path, None).await;
        assert_eq!(
            json(&after)["version"].as_i64(),
            v_before,
            "an invalid model must not be saved"
        );

        // The page shows the same problem next to the YAML, with line and column.
        let form = format!(
            "base_version={}&yaml={}",
            v_before.unwrap_or(0),
            bad.replace('\n', "%0A")
                .replace(' ', "+")
                .replace(':', "%3A")
        );
        let (status, html) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/f/{}/model", w.fa),
                Some(("application/x-www-form-urlencoded", form)),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("model.yaml:7:"), "{html}");
        assert!(
            html.contains("cellar"),
            "the page keeps what the user typed"
        );

        // A valid model is saved as the next version.
        let body =
            serde_json::json!({ "yaml": MODEL, "note": "again", "base_version": v_before.unwrap_or(0) })
                .to_string();
        let (status, out) = w
            .send(
                Some("editor"),
                "PUT",
                &path,
                Some(("application/json", body)),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{out}");
        assert_eq!(json(&out)["version"].as_i64(), v_before.map(|v| v + 1));
    }
}

#[tokio::test]
async fn a_supplier_sees_and_answers_only_its_own_party() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let api = format!("/api/v1/factories/{}/checklists", w.fa);
        // The editor records something confidential about another party.
        let secret = r#"{"item":"procurement.security-policy","answer":"no","evidence":"MES vendor audit failed"}"#;
        let (s, _) = w
            .send(
                Some("editor"),
                "PUT",
                &format!("{api}/mes-vendor"),
                Some(("application/json", secret.into())),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);

        let (s, out) = w.send(Some("supplier"), "GET", &api, None).await;
        assert_eq!(s, StatusCode::OK);
        let parties: Vec<String> = json(&out)
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p["party"].as_str().map(str::to_string))
            .collect();
        assert_eq!(parties, vec!["agv-maker".to_string()], "{out}");
        assert!(!out.contains("MES vendor audit failed"));
        let (_, page) = w
            .send(
                Some("supplier"),
                "GET",
                &format!("/f/{}/checklists", w.fa),
                None,
            )
            .await;
        assert!(
            page.contains("party-agv-maker")
                && !page.contains("mes-vendor")
                && !page.contains("whtech"),
            "{page}"
        );
        // Nor the model, which names every party.
        let (s, _) = w
            .send(
                Some("supplier"),
                "GET",
                &format!("/api/v1/factories/{}/model", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Its own answer is stored with the evidence note, and audited.
        let mine = r#"{"item":"procurement.security-policy-disclosed","answer":"yes","evidence":"policy v3 attached"}"#;
        let (s, _) = w
            .send(
                Some("supplier"),
                "PUT",
                &format!("{api}/agv-maker"),
                Some(("application/json", mine.into())),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (_, out) = w.send(Some("viewer"), "GET", &api, None).await;
        let v = json(&out);
        let agv = v
            .as_array()
            .and_then(|a| a.iter().find(|p| p["party"] == "agv-maker"))
            .cloned()
            .unwrap_or_default();
        let item = agv["items"]
            .as_array()
            .and_then(|i| {
                i.iter()
                    .find(|i| i["item"] == "procurement.security-policy-disclosed")
            })
            .cloned()
            .unwrap_or_default();
        assert_eq!(item["answer"], "yes");
        assert_eq!(item["evidence"], "policy v3 attached");
        // An answer outside the vocabulary is refused, naming the allowed ones.
        let bad = r#"{"item":"procurement.security-policy-disclosed","answer":"maybe"}"#;
        let (s, out) = w
            .send(
                Some("supplier"),
                "PUT",
                &format!("{api}/agv-maker"),
                Some(("application/json", bad.into())),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(out.contains("yes, no, partial, not-applicable"), "{out}");
        // So is an item that is not on the party's checklist, naming real ones.
        let bad = r#"{"item":"procurement.made-up","answer":"yes"}"#;
        let (s, out) = w
            .send(
                Some("supplier"),
                "PUT",
                &format!("{api}/agv-maker"),
                Some(("application/json", bad.into())),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(
            out.contains("procurement.security-policy-disclosed"),
            "{out}"
        );
    }
}

#[tokio::test]
async fn cross_site_and_origin_less_cookie_requests_are_refused() {
    let w = World::new(&Backend::Sqlite).await;
    let path = format!("/api/v1/factories/{}/checklists/agv-maker", w.fa);
    let body = r#"{"item":"procurement.security-policy-disclosed","answer":"yes"}"#.to_string();
    let req = |origin: Option<&str>, site: Option<&str>| {
        let mut b = Request::builder()
            .method("PUT")
            .uri(&path)
            .header(header::HOST, "kojo.test")
            .header(header::COOKIE, &w.cookies["editor"]);
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        if let Some(s) = site {
            b = b.header("sec-fetch-site", s);
        }
        b
    };
    let json_body = Some(("application/json", body.clone()));
    let (s, _) = w
        .raw(req(Some("http://evil.test"), None), json_body.clone())
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "foreign Origin");
    let (s, _) = w
        .raw(req(None, Some("cross-site")), json_body.clone())
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "Sec-Fetch-Site: cross-site");
    let (s, _) = w.raw(req(None, None), json_body.clone()).await;
    assert_eq!(
        s,
        StatusCode::FORBIDDEN,
        "a cookie request with neither Origin nor Sec-Fetch-Site"
    );
    let (s, _) = w
        .raw(req(None, Some("same-origin")), json_body.clone())
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "same-origin passes");
    let (s, _) = w.raw(req(Some(ORIGIN), None), json_body.clone()).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "own Origin passes");
    // Nothing of the refused requests reached the database: only the two accepted writes.
    let n = w
        .store
        .audit_log(Some(&w.fa), 1000)
        .await
        .unwrap_or_default();
    assert_eq!(
        n.iter().filter(|e| e.action == "checklist.answer").count(),
        2
    );

    // Login is a state change too: a cross-site login form is refused.
    let (s, _) = w
        .raw(
            Request::builder()
                .method("POST")
                .uri("/login")
                .header(header::HOST, "kojo.test")
                .header(header::ORIGIN, "http://evil.test"),
            Some((
                "application/x-www-form-urlencoded",
                format!("username=editor&password={PASSWORD}"),
            )),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn tokens_authenticate_automation_without_origin() {
    let w = World::new(&Backend::Sqlite).await;
    let (s, out) = w
        .send(
            Some("editor"),
            "POST",
            "/api/v1/tokens",
            Some(("application/json", r#"{"name":"ci"}"#.into())),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let token = json(&out)["token"].as_str().unwrap_or_default().to_string();
    assert!(token.starts_with("kojo_"));
    let bearer = |m: &str, p: String, t: &str| {
        Request::builder()
            .method(m)
            .uri(p)
            .header(header::HOST, "kojo.test")
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
    };
    let (s, out) = w
        .raw(bearer("GET", "/api/v1/me".into(), &token), None)
        .await;
    assert_eq!(
        (s, json(&out)["username"].as_str().map(str::to_string)),
        (StatusCode::OK, Some("editor".into()))
    );
    let body =
        serde_json::json!({ "yaml": MODEL, "base_version": w.version(&w.fa).await }).to_string();
    let (s, _) = w
        .raw(
            bearer("PUT", format!("/api/v1/factories/{}/model", w.fa), &token),
            Some(("application/json", body)),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "a token carries its user's role");
    let (s, _) = w
        .raw(bearer("GET", "/api/v1/me".into(), "kojo_forged"), None)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // Only the hash is stored.
    let log = w.store.audit_log(None, 100).await.unwrap_or_default();
    assert!(
        log.iter()
            .all(|e| !e.after.as_deref().unwrap_or("").contains(&token))
    );
}

#[tokio::test]
async fn login_failures_are_throttled_per_user_and_address() {
    let w = World::new(&Backend::Sqlite).await;
    for _ in 0..crate::service::access::FREE_FAILURES {
        assert_eq!(
            w.login("viewer", "wrong password!").await.err(),
            Some(StatusCode::UNAUTHORIZED)
        );
    }
    // The next try from the same place must wait (a growing delay, not a lockout)…
    assert_eq!(
        w.login("viewer", PASSWORD).await.err(),
        Some(StatusCode::TOO_MANY_REQUESTS)
    );
    // …another user is not affected…
    assert!(w.login("editor", PASSWORD).await.is_ok());
    // …and after the delay the right password works again.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(w.login("viewer", PASSWORD).await.is_ok());
    // Unknown users get the same answer as wrong passwords.
    assert_eq!(
        w.login("nobody", PASSWORD).await.err(),
        Some(StatusCode::UNAUTHORIZED)
    );
}

#[tokio::test]
async fn frozen_cycles_are_diffed_by_finding_id() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let mv = w
            .store
            .latest_model(&w.fa)
            .await
            .unwrap_or_default()
            .unwrap_or_else(|| panic!("no model"));
        let by = w
            .store
            .user_by_name("editor")
            .await
            .unwrap_or_default()
            .map(|u| u.id)
            .unwrap_or_default();
        let old = assessment_with(&[
            ("F-0000000001", "high"),
            ("F-0000000002", "medium"),
            ("F-0000000003", "low"),
        ]);
        let new = assessment_with(&[
            ("F-0000000002", "critical"),
            ("F-0000000003", "low"),
            ("F-0000000004", "info"),
        ]);
        let a = w
            .store
            .freeze_cycle(&w.fa, "2026 H1", &mv, &old, "2026-06-30", "QA, IT", &by)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let c = w
            .store
            .freeze_cycle(&w.fa, "2026 H2", &mv, &new, "2026-12-20", "QA", &by)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let (s, out) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/api/v1/factories/{}/reviews/diff?a={a}&b={c}", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{out}");
        let d = json(&out);
        let ids = |k: &str| -> Vec<String> {
            d[k].as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter_map(|e| e["id"].as_str().map(str::to_string))
                .collect()
        };
        assert_eq!(ids("added"), vec!["F-0000000004"]);
        assert_eq!(ids("removed"), vec!["F-0000000001"]);
        assert_eq!(ids("changed"), vec!["F-0000000002"]);
        assert_eq!(d["changed"][0]["before"], "medium");
        assert_eq!(d["unchanged"], 1);
        // A cycle of another factory cannot be pulled into a diff.
        let (s, _) = w
            .send(
                Some("outsider"),
                "GET",
                &format!("/api/v1/factories/{}/reviews/diff?a={a}&b={c}", w.fb),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // The page shows the same.
        let (_, html) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/f/{}/reviews/diff?a={a}&b={c}", w.fa),
                None,
            )
            .await;
        assert!(
            html.contains("F-0000000004") && html.contains("medium → critical"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn openapi_document_lists_the_api() {
    let w = World::new(&Backend::Sqlite).await;
    let (s, out) = w.send(None, "GET", "/api/v1/openapi.json", None).await;
    assert_eq!(s, StatusCode::OK);
    let doc = json(&out);
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3."));
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for p in [
        "/api/v1/factories",
        "/api/v1/factories/{fid}/model",
        "/api/v1/factories/{fid}/assessment",
        "/api/v1/factories/{fid}/checklists/{party}",
        "/api/v1/factories/{fid}/reviews/diff",
        "/api/v1/factories/{fid}/vex",
        "/api/v1/factories/{fid}/vex/{party}",
        "/api/v1/factories/{fid}/vex/{party}/csaf",
        "/api/v1/tokens",
    ] {
        assert!(paths.contains_key(p), "OpenAPI lacks {p}");
    }
    assert!(paths["/api/v1/factories/{fid}/model"].get("put").is_some());
    assert!(
        paths["/api/v1/factories/{fid}/vex/{party}"]
            .get("post")
            .is_some()
    );
}

#[tokio::test]
async fn language_is_per_user() {
    let w = World::new(&Backend::Sqlite).await;
    let (s, _) = w
        .send(
            Some("viewer"),
            "POST",
            "/settings/lang",
            Some(("application/x-www-form-urlencoded", "lang=ja".into())),
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, ja) = w.send(Some("viewer"), "GET", "/factories", None).await;
    assert!(ja.contains("ログアウト"), "{ja}");
    let (_, en) = w.send(Some("editor"), "GET", "/factories", None).await;
    assert!(en.contains("Log out") && !en.contains("ログアウト"));
    let (s, _) = w
        .send(
            Some("viewer"),
            "POST",
            "/settings/lang",
            Some(("application/x-www-form-urlencoded", "lang=xx".into())),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_zone_edit_is_validated_per_field_and_saved_as_a_new_version() {
    let w = World::new(&Backend::Sqlite).await;
    let zone = format!("/api/v1/factories/{}/zones/production", w.fa);
    let model = format!("/api/v1/factories/{}/model", w.fa);
    let v0 = json(&w.send(Some("editor"), "GET", &model, None).await.1)["version"]
        .as_i64()
        .unwrap_or(0);

    // Without the version it was made from, nothing is saved (428).
    let good = |base: Option<i64>| {
        let mut v = serde_json::json!({"name":"Parts line zone","kind":"control","target_sl":"3"});
        if let Some(b) = base {
            v["base_version"] = b.into();
        }
        v.to_string()
    };
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &zone,
            Some(("application/json", good(None))),
        )
        .await;
    assert_eq!(s, StatusCode::PRECONDITION_REQUIRED, "{out}");
    assert!(
        json(&out)["error"]
            .as_str()
            .unwrap_or("")
            .contains("base_version")
    );
    assert_eq!(w.version(&w.fa).await, v0);

    let bad = format!(r#"{{"name":"","kind":"cellar","target_sl":"7","base_version":{v0}}}"#);
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &zone,
            Some(("application/json", bad)),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let problems = json(&out)["problems"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let field = |name: &str| {
        problems
            .iter()
            .find(|p| p["field"] == name)
            .and_then(|p| p["message"].as_str())
            .unwrap_or("")
            .to_string()
    };
    assert!(!field("name").is_empty(), "{out}");
    assert!(field("kind").contains("control, production"), "{out}");
    assert!(!field("target_sl").is_empty(), "{out}");

    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &zone,
            Some(("application/json", good(Some(v0)))),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    assert_eq!(json(&out)["version"].as_i64(), Some(v0 + 1));
    // The same change made from the older version again is stale: 409, nothing saved.
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &zone,
            Some(("application/json", good(Some(v0)))),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{out}");
    assert_eq!(w.version(&w.fa).await, v0 + 1);
    let yaml = json(&w.send(Some("viewer"), "GET", &model, None).await.1)["yaml"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let (m, _) = crate::service::models::check(&yaml)
        .unwrap_or_else(|p| panic!("saved model invalid: {p:?}"));
    let z = m.zone("production").unwrap_or_else(|| panic!("zone lost"));
    assert_eq!(
        (z.name.as_str(), z.kind, z.target_sl),
        ("Parts line zone", kojo_model::ZoneKind::Control, Some(3))
    );
    // Everything else survived the round trip.
    let (orig, _) = crate::service::models::check(super::MODEL).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(m.assets.len(), orig.assets.len());
    assert_eq!(m.flows.len(), orig.flows.len());
    let answers = |m: &kojo_model::Model| -> Vec<(String, Vec<(String, kojo_model::Answer)>)> {
        m.supply_chain
            .iter()
            .map(|c| {
                (
                    c.party.clone(),
                    c.answers
                        .iter()
                        .map(|(k, (a, _))| (k.clone(), *a))
                        .collect(),
                )
            })
            .collect()
    };
    assert_eq!(answers(&m), answers(&orig));
    let (s, _) = w
        .send(
            Some("viewer"),
            "PUT",
            &zone,
            Some(("application/json", good(Some(v0 + 1)))),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = w
        .send(
            Some("editor"),
            "PUT",
            &format!("/api/v1/factories/{}/zones/no-such-zone", w.fa),
            Some(("application/json", good(Some(v0 + 1)))),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn dashboard_summarises_the_assessment_with_heat_map_and_zone_diagram() {
    let w = World::new(&Backend::Sqlite).await;
    let (s, out) = w
        .send(
            Some("viewer"),
            "GET",
            &format!("/api/v1/factories/{}/assessment", w.fa),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    let a = json(&out);
    let findings = a["findings"].as_array().cloned().unwrap_or_default();
    assert!(!findings.is_empty());
    let high = findings.iter().filter(|f| f["severity"] == "high").count();

    let (s, html) = w
        .send(Some("viewer"), "GET", &format!("/f/{}", w.fa), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains(&format!("{} Findings", findings.len())),
        "total count missing"
    );
    assert!(
        html.contains(&format!("<span>high</span><strong>{high}</strong>")),
        "high count missing"
    );
    assert!(
        html.contains("id=\"heatmap\"") && html.contains("<svg"),
        "heat map or diagram missing"
    );
    // The severity filter of the API keeps only what was asked for.
    let (_, out) = w
        .send(
            Some("viewer"),
            "GET",
            &format!("/api/v1/factories/{}/assessment?severity=high", w.fa),
            None,
        )
        .await;
    let only = json(&out)["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(only.len(), high);
    // The report page is the HTML report of the current model.
    let (s, report) = w
        .send(Some("viewer"), "GET", &format!("/f/{}/report", w.fa), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(report.contains("<svg") && report.contains("Test Works"));
}

#[tokio::test]
async fn uploads_are_read_and_unreadable_files_refused() {
    let w = World::new(&Backend::Sqlite).await;
    let up = |kind: &str, name: &str| {
        format!(
            "/api/v1/factories/{}/uploads?kind={kind}&filename={name}",
            w.fa
        )
    };
    let sbom = r#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"openssl","version":"3.0.1","purl":"pkg:generic/openssl@3.0.1"},{"type":"firmware","name":"plc-fw","version":"2.1"}]}"#;
    let (s, out) = w
        .send(
            Some("editor"),
            "POST",
            &up("sbom", "plc.cdx.json"),
            Some(("application/octet-stream", sbom.into())),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{out}");
    let (s, out) = w
        .send(
            Some("editor"),
            "POST",
            &up("sbom", "broken.json"),
            Some(("application/octet-stream", "{\"bomFormat\": ".into())),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(out.contains("broken.json: not a readable SBOM"), "{out}");
    // A pcap with only its global header: a capture without packets.
    let mut pcap = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0];
    pcap.extend_from_slice(&[0; 8]);
    pcap.extend_from_slice(&65535u32.to_le_bytes());
    pcap.extend_from_slice(&1u32.to_le_bytes());
    let (s, out) = w
        .send_bytes("editor", "POST", &up("capture", "empty.pcap"), pcap)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{out}");
    let (s, out) = w
        .send(
            Some("editor"),
            "POST",
            &up("capture", "notes.txt"),
            Some(("application/octet-stream", "hello".into())),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{out}");
    let (_, list) = w
        .send(
            Some("viewer"),
            "GET",
            &format!("/api/v1/factories/{}/uploads", w.fa),
            None,
        )
        .await;
    let list = json(&list);
    let status_of = |name: &str| {
        list.as_array()
            .and_then(|a| a.iter().find(|u| u["filename"] == name))
            .map(|u| u["status"].as_str().unwrap_or("").to_string())
    };
    assert!(
        status_of("plc.cdx.json")
            .unwrap_or_default()
            .contains("2 components"),
        "{list}"
    );
    assert!(
        status_of("empty.pcap")
            .unwrap_or_default()
            .contains("0 flows"),
        "{list}"
    );
    assert_eq!(
        status_of("broken.json"),
        None,
        "a refused upload is not stored"
    );
}
