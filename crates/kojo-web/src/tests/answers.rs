//! Checklist answers given in the web app are written into the model: the assessment, the
//! YAML export and review cycles see them; concurrent saves keep every change.

use super::{Backend, World, json};
use crate::store::Role;
use axum::http::StatusCode;

const ITEM: &str = "procurement.security-policy-disclosed";

/// The `checklist-gap` findings of a party in the factory's assessment (API).
async fn gaps(w: &World, party: &str) -> Vec<serde_json::Value> {
    let (s, out) = w
        .send(
            Some("viewer"),
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
        .into_iter()
        .filter(|f| f["kind"] == "checklist-gap" && f["subjects"][0] == format!("party:{party}"))
        .collect()
}

/// Whether model YAML answers `item` with `ans` (`kojo_model::to_yaml` quotes `"yes"`/`"no"`).
fn has_answer(yaml: &str, item: &str, ans: &str) -> bool {
    yaml.contains(&format!("{item}: {ans}\n")) || yaml.contains(&format!("{item}: \"{ans}\"\n"))
}

fn gap_for<'a>(gaps: &'a [serde_json::Value], item: &str) -> Option<&'a serde_json::Value> {
    gaps.iter().find(|f| f["facts"]["item"] == item)
}

fn unanswered(gaps: &[serde_json::Value]) -> Vec<String> {
    gaps.iter()
        .find_map(|f| f["facts"]["unanswered"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

async fn latest_version(w: &World) -> i64 {
    w.store
        .latest_model(&w.fa)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|m| m.version)
        .unwrap_or(0)
}

#[tokio::test]
async fn an_answer_reaches_the_model_the_assessment_and_the_export() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        // The model answers the item `no`: a medium checklist gap.
        let before = gaps(&w, "agv-maker").await;
        assert_eq!(
            gap_for(&before, ITEM).map(|f| f["severity"].clone()),
            Some("medium".into()),
            "{before:?}"
        );
        let v0 = latest_version(&w).await;

        // The supplier answers `yes` through the page form: the gap disappears.
        let (s, out) = w
            .send(
                Some("supplier"),
                "POST",
                &format!("/f/{}/checklists/agv-maker", w.fa),
                Some((
                    "application/x-www-form-urlencoded",
                    format!("item={ITEM}&answer=yes&evidence=policy+v3+attached"),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{out}");
        let after = gaps(&w, "agv-maker").await;
        assert!(gap_for(&after, ITEM).is_none(), "{after:?}");
        // … as a new model version authored by the supplier, audited with that version.
        let mv = w
            .store
            .latest_model(&w.fa)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no model"));
        assert_eq!(mv.version, v0 + 1);
        let supplier = w
            .store
            .user_by_name("supplier")
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .map(|u| u.id);
        assert_eq!(mv.created_by, supplier);
        let audit = w
            .store
            .audit_log(Some(&w.fa), 10)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let entry = audit
            .iter()
            .find(|e| e.action == "checklist.answer")
            .unwrap_or_else(|| panic!("no audit entry: {audit:?}"));
        assert!(
            entry
                .after
                .as_deref()
                .is_some_and(|a| a.contains(&format!("\"model_version\":{}", v0 + 1))),
            "{entry:?}"
        );
        // The YAML export holds the answer; the evidence note stays beside it.
        let (s, yaml) = w
            .send(
                Some("editor"),
                "GET",
                &format!("/f/{}/model.yaml", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(has_answer(&yaml, ITEM, "yes"), "{yaml}");
        let (_, out) = w
            .send(
                Some("editor"),
                "GET",
                &format!("/api/v1/factories/{}/checklists", w.fa),
                None,
            )
            .await;
        assert!(out.contains("policy v3 attached"), "{out}");

        // An unanswered item answered `partial` through the API: it leaves the unanswered
        // list and becomes a low gap of its own.
        let open = unanswered(&after);
        let Some(item) = open.first().cloned() else {
            panic!("the catalog checklist has no unanswered item: {after:?}")
        };
        let (s, out) = w
            .send(
                Some("editor"),
                "PUT",
                &format!("/api/v1/factories/{}/checklists/agv-maker", w.fa),
                Some((
                    "application/json",
                    format!(r#"{{"item":"{item}","answer":"partial"}}"#),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{out}");
        let now = gaps(&w, "agv-maker").await;
        assert!(!unanswered(&now).contains(&item), "{now:?}");
        assert_eq!(
            gap_for(&now, &item).map(|f| f["severity"].clone()),
            Some("low".into()),
            "{now:?}"
        );
        // A review cycle frozen now carries the answers.
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/api/v1/factories/{}/reviews", w.fa),
                Some((
                    "application/json",
                    r#"{"name":"Q4","date":"2026-11-26","reviewers":"a"}"#.into(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{out}");
        let id = json(&out)["id"].as_str().unwrap_or_default().to_string();
        let cycle = w
            .store
            .cycle(&w.fa, &id)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no cycle"));
        assert!(has_answer(&cycle.model_yaml, &item, "partial"));
        assert!(
            !cycle
                .assessment_json
                .contains(&format!("{ITEM} answered no"))
        );

        // The same answer again changes nothing in the model.
        let v = latest_version(&w).await;
        let (s, _) = w
            .send(
                Some("editor"),
                "PUT",
                &format!("/api/v1/factories/{}/checklists/agv-maker", w.fa),
                Some((
                    "application/json",
                    format!(r#"{{"item":"{item}","answer":"partial","evidence":"note"}}"#),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        assert_eq!(latest_version(&w).await, v);
    }
}

#[tokio::test]
async fn a_supplier_cannot_answer_for_another_party_nor_touch_the_model() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let v0 = latest_version(&w).await;
        for (method, path, body) in [
            (
                "PUT",
                format!("/api/v1/factories/{}/checklists/mes-vendor", w.fa),
                (
                    "application/json",
                    r#"{"item":"procurement.security-policy","answer":"no"}"#.to_string(),
                ),
            ),
            (
                "POST",
                format!("/f/{}/checklists/mes-vendor", w.fa),
                (
                    "application/x-www-form-urlencoded",
                    "item=procurement.security-policy&answer=no".to_string(),
                ),
            ),
        ] {
            let (s, _) = w.send(Some("supplier"), method, &path, Some(body)).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{method} {path}");
        }
        let (s, _) = w
            .send(
                Some("supplier"),
                "PUT",
                &format!("/api/v1/factories/{}/model", w.fa),
                Some((
                    "application/json",
                    serde_json::json!({"yaml": super::MODEL}).to_string(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // A viewer may not answer at all.
        let (s, _) = w
            .send(
                Some("viewer"),
                "PUT",
                &format!("/api/v1/factories/{}/checklists/agv-maker", w.fa),
                Some((
                    "application/json",
                    format!(r#"{{"item":"{ITEM}","answer":"yes"}}"#),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(latest_version(&w).await, v0, "nothing was saved");
        let mv = w.store.latest_model(&w.fa).await.ok().flatten();
        assert!(mv.is_some_and(|m| has_answer(&m.yaml, "procurement.security-policy", "yes")));
    }
}

/// The editor's change, as a model with the OT zone renamed.
fn renamed(n: usize) -> String {
    super::MODEL.replace(
        "name: Production zone",
        &format!("name: Production zone {n}"),
    )
}

#[tokio::test]
async fn an_answer_applies_on_top_of_a_concurrent_save() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let st = crate::state::AppState::new(w.store.clone());
        // The answer was computed on v1 while the editor saved v2: it is not written over v2 …
        let v1 = w
            .store
            .latest_model(&w.fa)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no model"));
        let stale = crate::service::answers::apply_answer(
            &v1.yaml,
            "agv-maker",
            ITEM,
            kojo_model::Answer::Yes,
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no change"));
        let editor = w
            .store
            .user_by_name("editor")
            .await
            .ok()
            .flatten()
            .map(|u| u.id)
            .unwrap_or_default();
        w.store
            .save_model(&w.fa, &renamed(0), &editor, "rename")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let r = w
            .store
            .save_answer(
                &w.fa,
                v1.version,
                &stale,
                "agv-maker",
                ITEM,
                "yes",
                "",
                &editor,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(r.is_none(), "a stale answer must not be saved");
        // … but applied again on top of it, keeping the rename.
        let v =
            crate::service::answers::write_back(&st, &w.fa, "agv-maker", ITEM, "yes", "", &editor)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("no new version"));
        assert_eq!(v.version, v1.version + 2);
        assert!(v.yaml.contains("Production zone 0") && has_answer(&v.yaml, ITEM, "yes"));

        // Really concurrent: YAML saves and answers racing. A save made from the version
        // before the race lands, or is refused as stale (409) when the answer landed first
        // and lands once made again from the newer version; no other answer. Every answer
        // version holds the editor's latest rename saved before it.
        let items = ["no", "partial", "yes", "no"];
        let model_path = format!("/api/v1/factories/{}/model", w.fa);
        let answer_path = format!("/api/v1/factories/{}/checklists/agv-maker", w.fa);
        let save_body = |n: usize, base: i64| {
            serde_json::json!({"yaml": renamed(n + 1), "base_version": base}).to_string()
        };
        for (n, ans) in items.iter().enumerate() {
            let base = w.version(&w.fa).await;
            let save = w.send(
                Some("editor"),
                "PUT",
                &model_path,
                Some(("application/json", save_body(n, base))),
            );
            let answer = w.send(
                Some("supplier"),
                "PUT",
                &answer_path,
                Some((
                    "application/json",
                    format!(r#"{{"item":"{ITEM}","answer":"{ans}"}}"#),
                )),
            );
            let ((s1, o1), (s2, o2)) = tokio::join!(save, answer);
            assert_eq!(s2, StatusCode::NO_CONTENT, "{o2}");
            if s1 == StatusCode::CONFLICT {
                let base = w.version(&w.fa).await;
                let (s, o) = w
                    .send(
                        Some("editor"),
                        "PUT",
                        &model_path,
                        Some(("application/json", save_body(n, base))),
                    )
                    .await;
                assert_eq!(s, StatusCode::OK, "{o}");
            } else {
                assert_eq!(s1, StatusCode::OK, "{o1}");
            }
            let versions = w
                .store
                .model_versions(&w.fa)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let newest = versions.first().map(|m| m.version).unwrap_or(0);
            let latest = w
                .store
                .model_version(&w.fa, newest)
                .await
                .ok()
                .flatten()
                .map(|m| m.yaml)
                .unwrap_or_default();
            let rename = format!("Production zone {}", n + 1);
            // The answer never overwrote the editor's change.
            assert!(latest.contains(&rename), "round {n}: {latest}");
            if versions
                .first()
                .is_some_and(|m| m.note.starts_with("checklist answer"))
            {
                assert!(has_answer(&latest, ITEM, ans), "round {n}");
            }
        }
    }
}

#[tokio::test]
async fn a_yaml_save_from_an_outdated_page_does_not_wipe_an_answer() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        // The editor's page shows the version it was loaded from.
        let v0 = latest_version(&w).await;
        let (_, page) = w
            .send(Some("editor"), "GET", &format!("/f/{}/model", w.fa), None)
            .await;
        assert!(
            page.contains(&format!("name=\"base_version\" value=\"{v0}\"")),
            "{page}"
        );
        // Meanwhile the supplier answers.
        let (s, _) = w
            .send(
                Some("supplier"),
                "PUT",
                &format!("/api/v1/factories/{}/checklists/agv-maker", w.fa),
                Some((
                    "application/json",
                    format!(r#"{{"item":"{ITEM}","answer":"yes"}}"#),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        // The editor's save from the old page is refused, the typed text kept.
        let form = format!("yaml={}&note=&base_version={v0}", urlencode(&renamed(9)));
        let (s, page) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/f/{}/model", w.fa),
                Some(("application/x-www-form-urlencoded", form)),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{page}");
        assert!(page.contains("stale-version") && page.contains("Production zone 9"));
        // The API likewise; from the current version it saves.
        let put =
            |base: i64| serde_json::json!({"yaml": renamed(9), "base_version": base}).to_string();
        let path = format!("/api/v1/factories/{}/model", w.fa);
        let (s, out) = w
            .send(
                Some("editor"),
                "PUT",
                &path,
                Some(("application/json", put(v0))),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{out}");
        let mv = w.store.latest_model(&w.fa).await.ok().flatten();
        assert!(mv.is_some_and(|m| m.version == v0 + 1 && has_answer(&m.yaml, ITEM, "yes")));
        let (s, out) = w
            .send(
                Some("editor"),
                "PUT",
                &path,
                Some(("application/json", put(v0 + 1))),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{out}");
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_supplier_of_a_party_without_a_checklist_learns_no_other_party() {
    let w = World::new(&Backend::Sqlite).await;
    let (supplier, admin) = (w.user_id("supplier").await, w.user_id("siteadmin").await);
    w.store
        .set_membership(&supplier, &w.fa, Role::Supplier, Some("ghost"), &admin)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (s, out) = w
        .send(
            Some("supplier"),
            "PUT",
            &format!("/api/v1/factories/{}/checklists/ghost", w.fa),
            Some((
                "application/json",
                format!(r#"{{"item":"{ITEM}","answer":"yes"}}"#),
            )),
        )
        .await;
    assert!(s.is_client_error(), "{s}: {out}");
    for other in ["agv-maker", "mes-vendor", "whtech"] {
        assert!(!out.contains(other), "{out}");
    }
}
