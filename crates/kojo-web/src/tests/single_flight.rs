//! One assessment per model version and uploads, however many ask at once (issue #17): the
//! viewers of a just-saved version share one computation, a save starts it in the
//! background, a failure is shared but not kept, and the caches stay within their bounds.

use super::{Backend, MODEL, World, json};
use crate::state::{AppState, COMPUTE_GATE_OPEN};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use std::sync::atomic::Ordering;
use tower::ServiceExt;

/// (assessments asked for, assessments computed) so far.
fn counts(st: &AppState) -> (u64, u64) {
    (
        st.assessments_requested.load(Ordering::SeqCst),
        st.assessments_computed.load(Ordering::SeqCst),
    )
}

/// Waits (yielding to the other tasks) until `done` holds; a deadlock guard, not a speed
/// check: it only fails after a minute.
async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..60_000 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    panic!("gave up waiting: {what}");
}

/// GET `path` with a session cookie, as its own task's request.
async fn get(app: Router, cookie: String, path: String) -> (StatusCode, String) {
    let req = Request::get(&path)
        .header(header::HOST, "kojo.test")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let res = app.oneshot(req).await.unwrap_or_else(|e| match e {});
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Saves `yaml` as the next version of factory A through `PUT …/model`.
async fn put_model(w: &World, yaml: &str) -> i64 {
    let v = w.version(&w.fa).await;
    let body = serde_json::json!({"yaml": yaml, "base_version": v, "note": "test"}).to_string();
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &format!("/api/v1/factories/{}/model", w.fa),
            Some(("application/json", body)),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    assert_eq!(json(&out)["version"].as_i64(), Some(v + 1), "{out}");
    v + 1
}

/// The three views of the assessment, each `per_view` times, by the members who read.
fn viewers(
    w: &World,
    per_view: usize,
) -> Vec<(&'static str, tokio::task::JoinHandle<(StatusCode, String)>)> {
    let views = [
        ("dashboard", format!("/f/{}", w.fa)),
        ("page", format!("/f/{}/assessment", w.fa)),
        ("api", format!("/api/v1/factories/{}/assessment", w.fa)),
    ];
    let who = ["viewer", "editor", "admin"];
    let mut out = Vec::new();
    for i in 0..per_view {
        for (view, path) in &views {
            let cookie = w.cookies[who[i % who.len()]].clone();
            let h = tokio::spawn(get(w.app.clone(), cookie, path.clone()));
            out.push((*view, h));
        }
    }
    out
}

#[tokio::test]
async fn after_a_save_concurrent_viewers_cause_exactly_one_assessment() {
    const PER_VIEW: usize = 7;
    for b in Backend::all() {
        let w = World::new(&b).await;
        let st = w.state.clone();
        let (asked0, computed0) = counts(&st);
        // Computations wait at the gate until every viewer has asked, so that all of them
        // meet the one running (without single flight each would start its own).
        assert_eq!(
            st.compute_gate.forget_permits(COMPUTE_GATE_OPEN),
            COMPUTE_GATE_OPEN
        );
        // A change the assessment shows: the OA zone becomes a control zone.
        let yaml = MODEL.replacen(
            "name: OA zone\n    kind: information",
            "name: OA zone\n    kind: control",
            1,
        );
        assert_ne!(yaml, MODEL, "the test model changed");
        let expected = crate::service::assessment::assess_yaml(&yaml)
            .unwrap_or_else(|e| panic!("{e}"))
            .findings
            .len();
        let version = put_model(&w, &yaml).await;
        let views = viewers(&w, PER_VIEW);
        // The dashboards wait for their summary, the assessment pages and the API for the
        // findings index, each computed once (asking for the assessment once), beside the
        // save's own background assessment.
        let callers = 3;
        until("every viewer waits", || {
            counts(&st).0 - asked0 >= callers && st.summaries.waiting() >= 3 * PER_VIEW
        })
        .await;
        assert!(views.iter().all(|(_, h)| !h.is_finished()));
        st.compute_gate.add_permits(COMPUTE_GATE_OPEN);

        let mut api_bodies = Vec::new();
        for (view, h) in views {
            let (s, body) = h.await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(s, StatusCode::OK, "{view}: {body}");
            assert!(!body.contains("class=\"error\""), "{view}: {body}");
            match view {
                "dashboard" => assert!(
                    body.contains(&format!("{version} · {expected} ")),
                    "the dashboard counts the new version's findings: {body}"
                ),
                "page" => assert_eq!(
                    body.matches("<td class=\"source\">").count(),
                    expected.min(crate::service::findings::DEFAULT_PER_PAGE),
                    "{body}"
                ),
                _ => {
                    let a = json(&body);
                    assert_eq!(a["findings"].as_array().map(Vec::len), Some(expected));
                    api_bodies.push(body);
                }
            }
        }
        assert!(api_bodies.windows(2).all(|p| p[0] == p[1]));
        let (asked, computed) = counts(&st);
        assert_eq!(
            computed - computed0,
            1,
            "{} callers asked, one computation",
            asked - asked0
        );
        assert_eq!((st.assessments.waiting(), st.summaries.waiting()), (0, 0));
        // Later views are served from memory.
        let (s, _) = get(
            w.app.clone(),
            w.cookies["viewer"].clone(),
            format!("/f/{}/assessment", w.fa),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(counts(&st).1 - computed0, 1);
    }
}

/// Waits until the background assessment a save started has finished.
async fn settled(st: &AppState, computed_before: u64) {
    until("the background assessment", || {
        counts(st).1 > computed_before && st.assessments.running() == 0
    })
    .await;
}

#[tokio::test]
async fn every_kind_of_save_assesses_the_new_version_in_the_background() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let st = w.state.clone();
        let fa = w.fa.clone();
        let api = format!("/api/v1/factories/{fa}");
        let saves: Vec<(&str, &str, String, (&str, String))> = vec![
            (
                "YAML through the API",
                "PUT",
                format!("{api}/model"),
                ("application/json", String::new()),
            ),
            (
                "YAML through the model page",
                "POST",
                format!("/f/{fa}/model"),
                ("application/x-www-form-urlencoded", String::new()),
            ),
            (
                "an editor form",
                "PUT",
                format!("{api}/zones/production"),
                ("application/json", String::new()),
            ),
            (
                "a checklist answer",
                "PUT",
                format!("{api}/checklists/agv-maker"),
                ("application/json", String::new()),
            ),
            (
                "a triage decision",
                "POST",
                format!("{api}/decisions"),
                ("application/json", String::new()),
            ),
        ];
        for (what, method, path, (ct, _)) in saves {
            let v = w.version(&fa).await;
            let body = match what {
                "YAML through the API" => serde_json::json!({
                    "yaml": format!("{MODEL}# {what}\n"), "base_version": v
                })
                .to_string(),
                "YAML through the model page" => super::form(&[
                    ("yaml", &format!("{MODEL}# {what}\n")),
                    ("base_version", &v.to_string()),
                ]),
                "an editor form" => serde_json::json!({
                    "name": "Parts line zone", "kind": "production", "base_version": v
                })
                .to_string(),
                "a checklist answer" => {
                    // An item of the party's checklist the model has not answered yet.
                    let (_, out) = w
                        .send(Some("viewer"), "GET", &format!("{api}/assessment"), None)
                        .await;
                    let item = first_unanswered(&json(&out), "agv-maker");
                    serde_json::json!({"item": item, "answer": "partial"}).to_string()
                }
                _ => {
                    let (_, out) = w
                        .send(Some("viewer"), "GET", &format!("{api}/assessment"), None)
                        .await;
                    let id = json(&out)["findings"][0]["id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    serde_json::json!({
                        "base_version": v, "findings": [id], "status": "accepted",
                        "reason": "tested", "review_by": "2027-06-30"
                    })
                    .to_string()
                }
            };
            let (_, computed0) = counts(&st);
            let (s, out) = w
                .send(Some("editor"), method, &path, Some((ct, body)))
                .await;
            assert!(s.is_success() || s.is_redirection(), "{what}: {s} {out}");
            assert_eq!(w.version(&fa).await, v + 1, "{what} saved a version");
            settled(&st, computed0).await;
            let after = counts(&st).1;
            assert_eq!(after - computed0, 1, "{what}: one background assessment");
            // The viewer finds it done.
            let (s, _) = w
                .send(Some("viewer"), "GET", &format!("/f/{fa}/assessment"), None)
                .await;
            assert_eq!(s, StatusCode::OK, "{what}");
            assert_eq!(counts(&st).1, after, "{what}: the view computed nothing");
        }
    }
}

/// The first item of `party`'s checklist the model leaves unanswered (the facts of its
/// checklist gap in the assessment JSON).
fn first_unanswered(assessment: &serde_json::Value, party: &str) -> String {
    let findings = assessment["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    findings
        .iter()
        .filter(|f| f["kind"] == "checklist-gap" && f["subjects"][0] == format!("party:{party}"))
        .find_map(|f| f["facts"]["unanswered"][0].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no unanswered item of {party}"))
}

#[tokio::test]
async fn a_failed_assessment_is_shared_by_its_waiters_and_tried_again_later() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let st = w.state.clone();
        // A stored version the current checker refuses (as after a stricter kojo): the
        // store takes any text, the assessment then fails with the model's problems.
        let sa = w.user_id("siteadmin").await;
        let broken = MODEL.replace("kind: information", "kind: cellar");
        w.store
            .save_model(&w.fa, &broken, &sa, "broken")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let (asked0, computed0) = counts(&st);
        st.compute_gate.forget_permits(COMPUTE_GATE_OPEN);
        let api = format!("/api/v1/factories/{}/assessment", w.fa);
        let waiters: Vec<_> = (0..10)
            .map(|_| tokio::spawn(get(w.app.clone(), w.cookies["viewer"].clone(), api.clone())))
            .collect();
        // They wait for the findings index, whose one computation asks for the assessment.
        until("every waiter asks", || {
            counts(&st).0 - asked0 >= 1 && st.summaries.waiting() >= 10
        })
        .await;
        st.compute_gate.add_permits(COMPUTE_GATE_OPEN);
        for h in waiters {
            let (s, body) = h.await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert!(
                body.contains("cellar"),
                "the model's problem is named: {body}"
            );
        }
        assert_eq!(
            counts(&st).1 - computed0,
            1,
            "the waiters shared one failure"
        );
        // Not kept: the next request computes again.
        let (s, _) = get(w.app.clone(), w.cookies["viewer"].clone(), api.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(counts(&st).1 - computed0, 2);
        // Fixed by a new version, the assessment is there again.
        w.store
            .save_model(&w.fa, MODEL, &sa, "fixed")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let (s, body) = get(w.app.clone(), w.cookies["viewer"].clone(), api).await;
        assert_eq!(s, StatusCode::OK, "{body}");
    }
}

#[tokio::test]
async fn the_caches_hold_at_most_the_configured_number_of_assessments() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let config = crate::state::Config {
            assessment_cache_entries: 2,
            ..crate::state::Config::default()
        };
        let st = AppState::new(w.store.clone()).with_config(&config);
        let app = crate::router::router(st.clone());
        let page = format!("/f/{}/assessment", w.fa);
        let dash = format!("/f/{}", w.fa);
        let mut versions = Vec::new();
        for i in 0..4 {
            versions.push(put_model(&w, &format!("{MODEL}# version {i}\n")).await);
            for path in [&page, &dash] {
                let (s, body) = get(app.clone(), w.cookies["viewer"].clone(), path.clone()).await;
                assert_eq!(s, StatusCode::OK, "{body}");
            }
            let (held, bytes) = st.assessments.usage();
            assert!(held <= 2, "{held} assessments held");
            assert!(bytes > 0);
            assert!(st.diagrams.usage().0 <= 4);
            assert!(st.summaries.usage().0 <= 4);
        }
        assert_eq!(st.assessments.usage().0, 2);
        // The evicted are still in the database: an old version is read, not computed.
        let (_, computed) = counts(&st);
        let first = crate::store::sha256_hex(format!("{MODEL}# version 0\n").as_bytes());
        assert!(
            st.assessments.get(&first).is_none(),
            "the oldest was evicted"
        );
        let mv = w
            .store
            .model_version(&w.fa, versions[0])
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("version {} is stored", versions[0]));
        // The database copy is written after the result is handed out.
        let mut stored = false;
        for _ in 0..60_000 {
            stored = w
                .store
                .cached_assessment(&mv.id)
                .await
                .ok()
                .flatten()
                .is_some();
            if stored {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        assert!(
            stored,
            "the assessment of version {} is stored",
            versions[0]
        );
        let a = crate::service::assessment::assessment(&st, &mv)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!a.findings.is_empty());
        assert_eq!(counts(&st).1, computed, "read from the database");
    }
}
