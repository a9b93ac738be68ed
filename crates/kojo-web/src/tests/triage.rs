//! Triage in the web and the API: one finding and a selection are decided, written into the
//! model (comments kept), shown on the assessment page and in the API's assessment, audited;
//! a stale base version, an unknown finding and a viewer are refused.

use super::{Backend, MODEL, World, form, json};
use axum::http::StatusCode;

async fn findings(w: &World, who: &str) -> Vec<serde_json::Value> {
    let (s, out) = w
        .send(
            Some(who),
            "GET",
            &format!("/api/v1/factories/{}/assessment", w.fa),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    json(&out)["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn one_finding_and_a_selection_are_decided_into_the_model() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let all = findings(&w, "editor").await;
        let ids: Vec<String> = all
            .iter()
            .filter_map(|f| f["id"].as_str().map(str::to_string))
            .take(3)
            .collect();
        assert_eq!(ids.len(), 3, "the test factory has findings");
        let v0 = w.version(&w.fa).await;

        // One finding through the API.
        let body = serde_json::json!({
            "base_version": v0, "findings": [ids[0]], "status": "accepted",
            "reason": "air-gapped until the 2027 retrofit", "review_by": "2027-06-30",
            "owner": "it-systems", "ticket": "OTSEC-7"
        });
        let api = format!("/api/v1/factories/{}/decisions", w.fa);
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &api,
                Some(("application/json", body.to_string())),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{out}");
        assert_eq!(json(&out)["version"], v0 + 1);

        // Two more through the page form (one box ticked per finding).
        let mut pairs = vec![
            ("base_version", (v0 + 1).to_string()),
            ("status", "in-progress".to_string()),
            ("owner", "production-engineering".to_string()),
            ("due", "2027-03-31".to_string()),
            ("back", "severity=high&page=1".to_string()),
        ];
        pairs.push(("findings", ids[1].clone()));
        pairs.push(("findings", ids[2].clone()));
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (s, _) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/f/{}/decisions", w.fa),
                Some(("application/x-www-form-urlencoded", form(&borrowed))),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        assert_eq!(w.version(&w.fa).await, v0 + 2);

        // The YAML export keeps the model's comments and holds the decisions.
        let (_, yaml) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/f/{}/model.yaml", w.fa),
                None,
            )
            .await;
        assert!(
            yaml.starts_with(MODEL.lines().next().unwrap_or("#")),
            "{yaml}"
        );
        assert!(
            yaml.contains(&format!("  - finding: {}\n    status: accepted\n", ids[0])),
            "{yaml}"
        );
        assert!(yaml.contains("    ticket: \"OTSEC-7\"\n"), "{yaml}");
        assert_eq!(
            yaml.matches("    status: in-progress\n").count(),
            2,
            "{yaml}"
        );

        // The assessment carries them; the page shows them, with a form for editors only.
        let after = findings(&w, "viewer").await;
        let d = |id: &str| {
            after
                .iter()
                .find(|f| f["id"] == id)
                .map(|f| f["decision"].clone())
                .unwrap_or_default()
        };
        assert_eq!(d(&ids[0])["status"], "accepted");
        assert_eq!(d(&ids[0])["owner"], "it-systems");
        assert_eq!(d(&ids[2])["due"], "2027-03-31");
        let page = format!("/f/{}/assessment", w.fa);
        let (_, html) = w.send(Some("viewer"), "GET", &page, None).await;
        assert!(html.contains("class=\"decision-accepted\""), "{html}");
        assert!(
            !html.contains("id=\"triage\""),
            "a viewer sees no triage form"
        );
        let (_, html) = w
            .send(Some("editor"), "GET", &format!("{page}?saved=1"), None)
            .await;
        assert!(html.contains("id=\"triage\"") && html.contains("id=\"flash\""));

        // Audited, with the user.
        let audit = w
            .store
            .audit_log(Some(&w.fa), 10)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let entry = audit.iter().find(|a| a.action == "decision.set");
        assert!(
            entry.is_some_and(|a| a.target.contains(&ids[1]) && a.target.contains(&ids[2])),
            "{audit:?}"
        );

        // Stale, unknown, not allowed: refused, nothing saved.
        let stale =
            serde_json::json!({"base_version": v0, "findings": [ids[0]], "status": "mitigated"});
        let (s, _) = w
            .send(
                Some("editor"),
                "POST",
                &api,
                Some(("application/json", stale.to_string())),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        let unknown = serde_json::json!({"base_version": v0 + 2, "findings": ["F-0000000000"], "status": "mitigated"});
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &api,
                Some(("application/json", unknown.to_string())),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(out.contains("F-0000000000"), "{out}");
        let ok = serde_json::json!({"base_version": v0 + 2, "findings": [ids[0]], "status": "mitigated"});
        let (s, _) = w
            .send(
                Some("viewer"),
                "POST",
                &api,
                Some(("application/json", ok.to_string())),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(w.version(&w.fa).await, v0 + 2);
    }
}
