//! Storage grows with change, not with copies: model texts are stored once by content,
//! compressed, and as deltas against the factory's previous text; review cycles keep no
//! second copy of the model and their assessment compressed; the database keeps the
//! assessments of the newest versions only.

use super::{Backend, MODEL, World};
use axum::http::StatusCode;

/// The test factory with `n` more sensors in the production zone (about 110 bytes each).
fn large_model(n: usize) -> String {
    let mut sensors = String::new();
    for i in 0..n {
        sensors.push_str(&format!(
            "  - id: sensor-{i}\n    name: Line sensor {i}\n    kind: equipment\n    zone: production\n    importance: {{quality: low}}\n"
        ));
    }
    MODEL.replacen("flows:\n", &format!("{sensors}flows:\n"), 1)
}

async fn put_model(w: &World, yaml: &str) -> i64 {
    let body =
        serde_json::json!({"yaml": yaml, "base_version": w.version(&w.fa).await, "note": "big"});
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &format!("/api/v1/factories/{}/model", w.fa),
            Some(("application/json", body.to_string())),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{}", &out[..out.len().min(400)]);
    super::json(&out)["version"].as_i64().unwrap_or_default()
}

async fn text_bytes(w: &World) -> i64 {
    w.store
        .model_text_bytes()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Twenty supplier answers on a 5,000-asset factory (a 560 KB model) add a few kilobytes
/// in all, where twenty copies would add 11 MB; every version still reads back exactly,
/// and the same text saved again adds nothing.
#[tokio::test]
async fn supplier_answers_grow_the_database_by_their_size_not_the_models() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let yaml = large_model(5000);
        assert!(yaml.len() > 500_000, "{}", yaml.len());
        put_model(&w, &yaml).await;
        let before = text_bytes(&w).await;
        // The whole text compressed is far smaller than the text.
        assert!(before < yaml.len() as i64 / 5, "{before} bytes stored");
        let path = format!("/api/v1/factories/{}/checklists/agv-maker", w.fa);
        let (_, lists) = w
            .send(
                Some("supplier"),
                "GET",
                &format!("/api/v1/factories/{}/checklists", w.fa),
                None,
            )
            .await;
        let items: Vec<String> = super::json(&lists)[0]["items"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["item"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        assert!(items.len() >= 5, "{lists}");
        // Round r sets every item to the r-th answer: no text repeats within 20 answers.
        for i in 0..20 {
            let item = &items[i % items.len()];
            let answer = ["partial", "yes", "not-applicable", "no"][(i / items.len()) % 4];
            let body = format!(r#"{{"item":"{item}","answer":"{answer}","evidence":"mail {i}"}}"#);
            let (s, out) = w
                .send(
                    Some("supplier"),
                    "PUT",
                    &path,
                    Some(("application/json", body)),
                )
                .await;
            assert_eq!(s, StatusCode::NO_CONTENT, "answer {i}: {out}");
        }
        let grown = text_bytes(&w).await - before;
        eprintln!(
            "storage: 20 answers on a {} byte model stored {grown} bytes of model text",
            yaml.len()
        );
        assert!(grown < 20 * 2048, "20 answers stored {grown} bytes");

        // Every version reads back as saved: its text hashes to its sha256.
        let versions = w
            .store
            .model_versions(&w.fa)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(versions.len() >= 22);
        let distinct: std::collections::BTreeSet<&str> =
            versions.iter().map(|v| v.sha256.as_str()).collect();
        assert!(distinct.len() >= 15, "{} distinct texts", distinct.len());
        eprintln!(
            "storage: {} versions, {} distinct texts",
            versions.len(),
            distinct.len()
        );
        for v in &versions {
            let mv = w
                .store
                .model_version(&w.fa, v.version)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("version {}", v.version));
            assert_eq!(
                crate::store::sha256_hex(mv.yaml.as_bytes()),
                v.sha256,
                "v{}",
                v.version
            );
        }
        // A fresh store (no texts in memory) reads the latest through its chain of deltas.
        let latest = versions[0].version;
        let mv = w
            .store
            .fresh()
            .model_version(&w.fa, latest)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("latest"));
        assert_eq!(
            crate::store::sha256_hex(mv.yaml.as_bytes()),
            versions[0].sha256
        );

        // The same text once more is a new version and no new bytes.
        let at = text_bytes(&w).await;
        put_model(&w, &yaml).await;
        assert_eq!(text_bytes(&w).await, at);
    }
}

/// A long history: past the delta chain's bound a whole text is stored again, so reading
/// any version unpacks a bounded chain; a review cycle reads its model and assessment back.
#[tokio::test]
async fn long_histories_stay_readable_and_cycles_keep_no_second_copy() {
    let w = World::new(&Backend::Sqlite).await;
    let mut shas = Vec::new();
    for i in 0..40 {
        put_model(&w, &format!("{}# change {i}\n", large_model(200))).await;
        shas.push(
            w.store
                .latest_model_head(&w.fa)
                .await
                .ok()
                .flatten()
                .map(|m| (m.version, m.sha256))
                .unwrap_or_default(),
        );
    }
    let fresh = w.store.fresh();
    for (v, sha) in &shas {
        let mv = fresh
            .model_version(&w.fa, *v)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("v{v}"));
        assert_eq!(&crate::store::sha256_hex(mv.yaml.as_bytes()), sha);
    }
    let depths = w.store.blob_depths().await.unwrap_or_default();
    assert!(
        depths.iter().all(|&d| d <= crate::store::MAX_DELTA_DEPTH),
        "{depths:?}"
    );
    assert!(
        depths.iter().filter(|&&d| d == 0).count() >= 3,
        "{depths:?}"
    );

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
    let id = super::json(&out)["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let c = fresh
        .cycle(&w.fa, &id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("cycle"));
    assert!(c.model_yaml.contains("# change 39"));
    let a: serde_json::Value =
        serde_json::from_str(&c.assessment_json).unwrap_or_else(|e| panic!("{e}"));
    assert!(a["findings"].as_array().is_some_and(|f| !f.is_empty()));
    // The database keeps the assessments of the newest versions only.
    assert!(
        w.store.stored_assessments(&w.fa).await.unwrap_or_default()
            <= crate::store::ASSESSMENTS_KEPT
    );
}

/// Changes have a budget per account and minute, smaller for suppliers: past it a change is
/// refused with 429 and the wait, nothing is stored, and other accounts write on.
#[tokio::test]
async fn writes_past_the_role_budget_are_refused_and_other_accounts_write_on() {
    use tower::ServiceExt;
    let w = World::new(&Backend::Sqlite).await;
    let config = crate::state::Config {
        writes_per_minute: 5,
        supplier_writes_per_minute: 2,
        ..crate::state::Config::default()
    };
    let app =
        crate::router::router(crate::state::AppState::new(w.store.clone()).with_config(&config));
    let send = |who: &'static str, body: String| {
        let app = app.clone();
        let uri = if body.is_empty() {
            format!("/api/v1/factories/{}/checklists", w.fa)
        } else {
            format!("/api/v1/factories/{}/checklists/agv-maker", w.fa)
        };
        let req = axum::http::Request::builder()
            .method(if body.is_empty() { "GET" } else { "PUT" })
            .uri(uri)
            .header("host", "kojo.test")
            .header("origin", super::ORIGIN)
            .header("cookie", &w.cookies[who])
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"));
        async move {
            let res = app.oneshot(req).await.unwrap_or_else(|e| match e {});
            let status = res.status();
            let b = axum::body::to_bytes(res.into_body(), 1 << 20)
                .await
                .unwrap_or_default();
            (status, String::from_utf8_lossy(&b).into_owned())
        }
    };
    let answer =
        |a: &str| format!(r#"{{"item":"procurement.security-policy-disclosed","answer":"{a}"}}"#);
    let v0 = w.version(&w.fa).await;
    for a in ["yes", "partial"] {
        let (s, out) = send("supplier", answer(a)).await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{out}");
    }
    let (s, out) = send("supplier", answer("no")).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{out}");
    assert!(
        out.contains("wait") && out.contains("--writes-per-minute"),
        "{out}"
    );
    assert_eq!(
        w.version(&w.fa).await,
        v0 + 2,
        "the refused answer stored nothing"
    );
    // The editor has its own, larger budget.
    for a in ["no", "yes", "partial", "no", "yes"] {
        let (s, out) = send("editor", answer(a)).await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{out}");
    }
    let (s, _) = send("editor", answer("partial")).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    // Reading is not a change: the supplier still reads its checklist.
    let (s, out) = send("supplier", String::new()).await;
    assert_eq!(s, StatusCode::OK, "{out}");
}
