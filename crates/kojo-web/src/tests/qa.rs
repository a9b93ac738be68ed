//! A demanding user's pass over the pages (issue #9): the words of fixed vocabularies in
//! Japanese, where a supplier lands, HTML that holds together, long lists on a large factory.

use super::{Backend, World};
use axum::http::StatusCode;

const FORM: &str = "application/x-www-form-urlencoded";

async fn page(w: &World, who: &str, path: &str) -> String {
    let (s, body) = w.send(Some(who), "GET", path, None).await;
    assert_eq!(s, StatusCode::OK, "GET {path} as {who}: {body}");
    body
}

async fn set_lang(w: &World, who: &str, lang: &str) {
    let (s, body) = w
        .send(
            Some(who),
            "POST",
            "/settings/lang",
            Some((FORM, format!("lang={lang}"))),
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
}

/// Every `id="…"` of a page, in order.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

fn assert_unique_ids(path: &str, html: &str) {
    let mut all = ids(html);
    all.sort_unstable();
    for pair in all.windows(2) {
        assert_ne!(
            pair[0], pair[1],
            "{path}: the id {:?} is used twice",
            pair[0]
        );
    }
}

/// The pages' paths for an admin of factory A (zone, asset, flow of the test model).
fn admin_pages(fa: &str) -> Vec<String> {
    [
        "",
        "/model",
        "/assessment",
        "/checklists",
        "/reviews",
        "/uploads",
        "/members",
        "/audit",
        "/zones",
        "/zones/production",
        "/assets",
        "/assets/line-plc",
        "/flows",
        "/flows/mes-to-plc",
        "/parties",
        "/parties/agv-maker",
        "/operations",
        "/measures",
    ]
    .iter()
    .map(|p| format!("/f/{fa}{p}"))
    .collect()
}

#[tokio::test]
async fn japanese_pages_show_the_vocabulary_in_japanese() {
    for backend in Backend::all() {
        let w = World::new(&backend).await;
        let fa = w.fa.clone();
        // English first: the values as the YAML writes them.
        let en = page(&w, "admin", &format!("/f/{fa}/assessment")).await;
        assert!(
            en.contains(">high</td>") || en.contains(">medium</td>"),
            "{en}"
        );
        set_lang(&w, "admin", "ja").await;
        let dash = page(&w, "admin", &format!("/f/{fa}")).await;
        for sev in ["critical", "high", "medium", "low", "info"] {
            assert!(
                !dash.contains(&format!("<th>{sev}</th>")),
                "dashboard: {sev}"
            );
            assert!(
                !dash.contains(&format!("<span>{sev}</span>")),
                "dashboard: {sev}"
            );
        }
        assert!(dash.contains("<th>高</th>") && dash.contains("<th>重大</th>"));
        let ass = page(&w, "admin", &format!("/f/{fa}/assessment")).await;
        for sev in ["critical", "high", "medium", "low", "info"] {
            assert!(!ass.contains(&format!(">{sev}</td>")), "assessment: {sev}");
            assert!(!ass.contains(&format!(">{sev}</option>")), "filter: {sev}");
        }
        // The filter still sends the value the API knows.
        assert!(ass.contains(r#"<option value="high">高</option>"#), "{ass}");
        let filtered = page(&w, "admin", &format!("/f/{fa}/assessment?severity=high")).await;
        assert!(filtered.contains(r#"<option value="high" selected>高</option>"#));
        assert!(
            !filtered.contains(">中</td>"),
            "the filter keeps only high findings"
        );
        let members = page(&w, "admin", &format!("/f/{fa}/members")).await;
        assert!(members.contains(r#"<option value="viewer">閲覧者</option>"#));
        assert!(!members.contains("(supplier)"));
        let audit = page(&w, "admin", &format!("/f/{fa}/audit")).await;
        assert!(audit.contains("<th>変更前</th>") && !audit.contains("<th>before</th>"));
        let uploads = page(&w, "admin", &format!("/f/{fa}/uploads")).await;
        assert!(uploads.contains(r#"<option value="capture">キャプチャ</option>"#));
        assert!(!uploads.contains("<th>size</th>"));
        let lists = page(&w, "admin", &format!("/f/{fa}/checklists")).await;
        assert!(lists.contains(r#"<option value="not-applicable">該当なし</option>"#));
        assert!(lists.contains(r#"<select name="answer" aria-label="回答">"#));
        let model = page(&w, "admin", &format!("/f/{fa}/model")).await;
        assert!(
            model.contains(r#"<option value="production" selected>生産 (production)</option>"#)
        );
        assert!(!model.contains("<label>note"));
        let zone = page(&w, "admin", &format!("/f/{fa}/zones/production")).await;
        assert!(
            zone.contains(r#"<option value="existing""#)
                && zone.contains(">既存 (existing)</option>")
        );
        let flow = page(&w, "admin", &format!("/f/{fa}/flows/mes-to-plc")).await;
        assert!(flow.contains(" 暗号化 (encryption)</label>"), "{flow}");
        let assets = page(&w, "admin", &format!("/f/{fa}/assets")).await;
        assert!(assets.contains("<td>機器 · production</td>"), "{assets}");
        // An answer posted from the translated form is still the model's word.
        let (s, _) = w
            .send(
                Some("admin"),
                "POST",
                &format!("/f/{fa}/checklists/agv-maker"),
                Some((
                    FORM,
                    "item=procurement.security-policy-disclosed&answer=not-applicable&evidence="
                        .into(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let lists = page(&w, "viewer", &format!("/f/{fa}/checklists")).await;
        assert!(
            lists.contains("<td>not-applicable</td>"),
            "viewer reads English"
        );
    }
}

#[tokio::test]
async fn a_supplier_lands_on_its_checklists_from_the_factory_list() {
    for backend in Backend::all() {
        let w = World::new(&backend).await;
        let fa = w.fa.clone();
        let list = page(&w, "supplier", "/factories").await;
        assert!(
            list.contains(&format!(r#"href="/f/{fa}/checklists""#)),
            "{list}"
        );
        assert!(!list.contains(&format!(r#"href="/f/{fa}""#)), "{list}");
        // The link works for the supplier, the dashboard does not.
        page(&w, "supplier", &format!("/f/{fa}/checklists")).await;
        let (s, _) = w
            .send(Some("supplier"), "GET", &format!("/f/{fa}"), None)
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let list = page(&w, "viewer", "/factories").await;
        assert!(list.contains(&format!(r#"href="/f/{fa}""#)), "{list}");
        let list = page(&w, "siteadmin", "/factories").await;
        assert!(list.contains(&format!(r#"href="/f/{fa}""#)), "{list}");
    }
}

#[tokio::test]
async fn every_page_has_unique_ids_in_both_languages() {
    let w = World::new(&Backend::Sqlite).await;
    for lang in ["en", "ja"] {
        set_lang(&w, "admin", lang).await;
        for p in admin_pages(&w.fa) {
            let html = page(&w, "admin", &p).await;
            assert_unique_ids(&p, &html);
            assert!(html.contains(&format!(r#"<html lang="{lang}">"#)), "{p}");
        }
    }
}
