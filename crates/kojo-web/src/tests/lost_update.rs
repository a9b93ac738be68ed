//! One write path: every change carries the version it was made from. A change from an
//! outdated page is refused (409), a change without a version too (428), in forms and the
//! API alike; no save silently replaces a newer one.

use super::{Backend, World, form, json};
use axum::http::StatusCode;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// The `base_version` of the model page's inline form of zone `zid`, as the browser sends it.
fn zone_form_version(page: &str, zid: &str) -> String {
    let form = page
        .split(&format!("id=\"zone-form-{zid}\""))
        .nth(1)
        .unwrap_or_else(|| panic!("no zone form for {zid}"));
    let at = form
        .find("name=\"base_version\" value=\"")
        .unwrap_or_else(|| panic!("the zone form carries no base_version"));
    let rest = &form[at + "name=\"base_version\" value=\"".len()..];
    rest[..rest.find('"').unwrap_or(0)].to_string()
}

async fn target_sl(w: &World, zid: &str) -> Option<u8> {
    let mv = w
        .store
        .latest_model(&w.fa)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no model"));
    let (m, _) = crate::service::models::check(&mv.yaml).unwrap_or_else(|p| panic!("{p:?}"));
    m.zone(zid).and_then(|z| z.target_sl)
}

#[tokio::test]
async fn a_save_from_an_outdated_page_or_without_a_version_never_reverts_a_newer_one() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let page = format!("/f/{}/model", w.fa);
        let zone = format!("/f/{}/zones/production", w.fa);
        // Two people open the model page at the same version.
        let (_, page_a) = w.send(Some("editor"), "GET", &page, None).await;
        let (_, page_b) = w.send(Some("admin"), "GET", &page, None).await;
        let v0 = w.version(&w.fa).await;
        assert_eq!(zone_form_version(&page_a, "production"), v0.to_string());
        let inline = |base: &str, sl: &str| {
            form(&[
                ("partial", "name kind target_sl"),
                ("base_version", base),
                ("name", "Production zone"),
                ("kind", "production"),
                ("target_sl", sl),
            ])
        };
        // The first saves target SL 3.
        let base_a = zone_form_version(&page_a, "production");
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &zone,
                Some((FORM, inline(&base_a, "3"))),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{out}");
        assert_eq!(target_sl(&w, "production").await, Some(3));
        // The second, from the older page, would put 2 back: refused, 3 stays.
        let base_b = zone_form_version(&page_b, "production");
        let (s, out) = w
            .send(
                Some("admin"),
                "POST",
                &zone,
                Some((FORM, inline(&base_b, "2"))),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{out}");
        assert_eq!(target_sl(&w, "production").await, Some(3));
        // The whole-YAML form of the older page is refused the same way.
        let stale_yaml = form(&[
            ("base_version", &base_b),
            ("yaml", super::MODEL),
            ("note", "old page"),
        ]);
        let (s, _) = w
            .send(Some("admin"), "POST", &page, Some((FORM, stale_yaml)))
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        // A form without a version saves nothing (428).
        let no_base = form(&[
            ("partial", "name kind target_sl"),
            ("name", "Production zone"),
            ("kind", "production"),
            ("target_sl", "1"),
        ]);
        let (s, _) = w
            .send(Some("admin"), "POST", &zone, Some((FORM, no_base)))
            .await;
        assert_eq!(s, StatusCode::PRECONDITION_REQUIRED);
        // The API alike: the whole model and the zone without base_version.
        let api_model = format!("/api/v1/factories/{}/model", w.fa);
        let body = serde_json::json!({ "yaml": super::MODEL }).to_string();
        let (s, out) = w
            .send(Some("editor"), "PUT", &api_model, Some((JSON, body)))
            .await;
        assert_eq!(s, StatusCode::PRECONDITION_REQUIRED, "{out}");
        assert!(
            json(&out)["error"]
                .as_str()
                .unwrap_or("")
                .contains("base_version")
        );
        let api_zone = format!("/api/v1/factories/{}/zones/production", w.fa);
        let body = r#"{"name":"Production zone","kind":"production","target_sl":"2"}"#;
        let (s, _) = w
            .send(Some("editor"), "PUT", &api_zone, Some((JSON, body.into())))
            .await;
        assert_eq!(s, StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(target_sl(&w, "production").await, Some(3));
        assert_eq!(w.version(&w.fa).await, v0 + 1, "only the first save landed");

        // The audit log reads as words: no Rust Debug text such as `Some(3)`.
        let (s, audit) = w
            .send(
                Some("admin"),
                "GET",
                &format!("/api/v1/factories/{}/audit", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(audit.contains("zone.update"), "{audit}");
        assert!(
            !audit.contains("Some(") && !audit.contains("None"),
            "{audit}"
        );
        let (_, history) = w.send(Some("editor"), "GET", &page, None).await;
        assert!(history.contains("zone production: update (form)"));
        assert!(!history.contains("Some("));
    }
}

#[tokio::test]
async fn a_review_cycle_needs_a_real_calendar_date() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let api = format!("/api/v1/factories/{}/reviews", w.fa);
        let cycle = |date: &str| {
            serde_json::json!({"name": "Q1", "date": date, "reviewers": "QA"}).to_string()
        };
        for bad in ["2026-02-31", "2026-13-01", "2026-1-01", "２０２６-01-01"] {
            let (s, out) = w
                .send(Some("editor"), "POST", &api, Some((JSON, cycle(bad))))
                .await;
            assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {out}");
            assert!(out.contains("YYYY-MM-DD"), "{out}");
        }
        let (_, list) = w.send(Some("viewer"), "GET", &api, None).await;
        assert_eq!(json(&list).as_array().map(Vec::len), Some(0), "{list}");
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &api,
                Some((JSON, cycle("2028-02-29"))),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "a leap day is a date: {out}");
        let (_, list) = w.send(Some("viewer"), "GET", &api, None).await;
        assert!(list.contains("2028-02-29"), "{list}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_saves_from_one_version_give_one_save_and_conflicts_never_a_server_error() {
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;
    for b in Backend::all() {
        let w = World::new(&b).await;
        let v0 = w.version(&w.fa).await;
        let path = format!("/api/v1/factories/{}/zones/oa", w.fa);
        let mut saves = tokio::task::JoinSet::new();
        for n in 0..20 {
            let body = serde_json::json!({
                "name": format!("OA zone {n}"), "kind": "information", "owner": "it-systems",
                "base_version": v0,
            })
            .to_string();
            let req = Request::put(&path)
                .header(header::HOST, "kojo.test")
                .header(header::ORIGIN, super::ORIGIN)
                .header(header::COOKIE, &w.cookies["editor"])
                .header(header::CONTENT_TYPE, JSON)
                .body(Body::from(body))
                .unwrap_or_else(|e| panic!("{e}"));
            let app = w.app.clone();
            saves.spawn(async move {
                app.oneshot(req)
                    .await
                    .unwrap_or_else(|e| match e {})
                    .status()
            });
        }
        let mut statuses = Vec::new();
        while let Some(s) = saves.join_next().await {
            statuses.push(s.unwrap_or_else(|e| panic!("{e}")));
        }
        let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let stale = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((ok, stale), (1, 19), "{statuses:?}");
        assert_eq!(w.version(&w.fa).await, v0 + 1);
    }
}
