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
        assert!(dash.contains("<th>高</th>") && dash.contains("<th>緊急</th>"));
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

/// A 1,000-asset factory (kojo-synth) in factory B, whose admin is `outsider`.
async fn large_factory(w: &World) -> (kojo_model::Model, i64) {
    let yaml = kojo_synth::factory_yaml(1000, 50, 5000, 1);
    let base = w.version(&w.fb).await;
    let body =
        serde_json::json!({ "yaml": yaml, "note": "synthetic", "base_version": base }).to_string();
    let path = format!("/api/v1/factories/{}/model", w.fb);
    let (s, out) = w
        .send(
            Some("outsider"),
            "PUT",
            &path,
            Some(("application/json", body)),
        )
        .await;
    assert!(s.is_success(), "{s}: {}", &out[..out.len().min(500)]);
    let version = super::json(&out)["version"]
        .as_i64()
        .unwrap_or_else(|| panic!("no version in {out}"));
    let model = crate::service::models::check(&yaml)
        .unwrap_or_else(|p| panic!("synthetic model invalid: {p:?}"))
        .0;
    (model, version)
}

/// A 1,000-asset factory stays usable. The `via` list of a flow is not 900 checkboxes: the
/// chosen devices are, and more are typed (suggested from a datalist); typed ids are saved,
/// an unknown one is refused beside the field and kept in the form. The assessment's
/// thousands of findings come in pages that keep the filter.
#[tokio::test]
async fn a_large_factory_stays_usable() {
    let w = World::new(&Backend::Sqlite).await;
    let (m, version) = large_factory(&w).await;
    let fb = w.fb.clone();
    assessment_in_pages(&w).await;
    let flow = m
        .flows
        .iter()
        .find(|f| f.via.len() == 1)
        .unwrap_or_else(|| panic!("no flow with one via device"));
    let path = format!("/f/{fb}/flows/{}", flow.id);
    let html = page(&w, "outsider", &path).await;
    let boxes = html.matches(r#"type="checkbox""#).count();
    assert!(boxes < 60, "{boxes} checkboxes on the flow form");
    assert!(html.contains(r#"name="via_add" list="list-via""#));
    assert!(html.contains(&format!(
        r#"<input type="checkbox" name="via" value="{}" checked>"#,
        flow.via[0]
    )));
    assert!(html.len() < 220_000, "flow form is {} bytes", html.len());
    assert_unique_ids(&path, &html);

    let end = |e: &kojo_model::Endpoint| match e {
        kojo_model::Endpoint::Asset(x) | kojo_model::Endpoint::Zone(x) => x.clone(),
    };
    let devices: Vec<&str> = m
        .assets
        .iter()
        .filter(|a| {
            a.role
                .as_deref()
                .is_some_and(|r| kojo_model::vocab::BOUNDARY_ROLES.contains(&r))
                && !flow.via.contains(&a.id)
        })
        .map(|a| a.id.as_str())
        .take(2)
        .collect();
    let form = |via_add: &str| {
        format!(
            "base_version={version}&from={}&to={}&network={}&via={}&via_add={}",
            end(&flow.from),
            end(&flow.to),
            kojo_model::vocab::word(kojo_model::vocab::NETWORKS, flow.network),
            flow.via[0],
            via_add.replace(' ', "+").replace(',', "%2C"),
        )
    };
    // An unknown id: refused beside the field, kept in the form, nothing saved.
    let (s, html) = w
        .send(
            Some("outsider"),
            "POST",
            &path,
            Some((FORM, form("no-such-device"))),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains(r#"value="no-such-device" checked"#),
        "typed id kept"
    );
    assert!(
        html.contains(r#"id="problem-via""#),
        "problem beside the field"
    );
    // Two typed ids (space and comma separated) join the one kept.
    let typed = format!("{} ,{}", devices[0], devices[1]);
    let (s, html) = w
        .send(Some("outsider"), "POST", &path, Some((FORM, form(&typed))))
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    let api = format!("/api/v1/factories/{fb}/model");
    let (_, out) = w.send(Some("outsider"), "GET", &api, None).await;
    let yaml = super::json(&out)["yaml"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let saved = crate::service::models::check(&yaml)
        .unwrap_or_else(|p| panic!("saved model invalid: {p:?}"))
        .0;
    let f = saved
        .flows
        .iter()
        .find(|f| f.id == flow.id)
        .unwrap_or_else(|| panic!("flow lost"));
    assert_eq!(
        f.via,
        vec![flow.via[0].clone(), devices[0].into(), devices[1].into()]
    );
}

async fn assessment_in_pages(w: &World) {
    let per = crate::service::findings::DEFAULT_PER_PAGE;
    let rows = |html: &str| html.matches("<td class=\"short\">F-").count();
    let base = format!("/f/{}/assessment", w.fb);
    let first = page(w, "outsider", &base).await;
    assert_eq!(rows(&first), per);
    assert!(first.contains(r#"id="next-page""#) && !first.contains(r#"id="prev-page""#));
    assert!(first.len() < 300_000, "first page is {} bytes", first.len());
    let total: usize = first
        .split("<p id=\"findings-summary\">")
        .nth(1)
        .and_then(|p| p.split(" / ").nth(1))
        .and_then(|p| p.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no total on the page"));
    assert!(total > per, "{total} findings");
    let last_no = total.div_ceil(per);
    let last = page(w, "outsider", &format!("{base}?page={last_no}")).await;
    assert_eq!(rows(&last), total - (last_no - 1) * per);
    assert!(last.contains(r#"id="prev-page""#) && !last.contains(r#"id="next-page""#));
    // Beyond the last page: none shown, and a link to the last; an unreadable number is 400.
    let beyond = page(w, "outsider", &format!("{base}?page={}", last_no + 5)).await;
    assert_eq!(rows(&beyond), 0);
    assert!(
        beyond.contains(&format!(r#"href="?page={last_no}" id="findings-last""#)),
        "{beyond}"
    );
    let (s, odd) = w
        .send(Some("outsider"), "GET", &format!("{base}?page=abc"), None)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{odd}");
    // The links keep the filter.
    let (s, _) = w
        .send(
            Some("outsider"),
            "GET",
            &format!("{base}?step=3&page=1"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let medium = page(w, "outsider", &format!("{base}?severity=medium")).await;
    if medium.contains(r#"id="next-page""#) {
        let pager = medium.split("findings-pages").nth(1).unwrap_or_default();
        assert!(
            medium.contains("href=\"?severity=medium&#38;page=2\""),
            "filter kept: {}",
            &pager[..pager.len().min(400)]
        );
    } else {
        assert!(!medium.contains("findings-pages"));
    }
}

/// The diff of two review cycles names the findings in the reader's language, as the
/// assessment page does.
#[tokio::test]
async fn review_diff_titles_follow_the_language() {
    let w = World::new(&Backend::Sqlite).await;
    let fa = w.fa.clone();
    let freeze = |name: &'static str| {
        let w = &w;
        let fa = fa.clone();
        async move {
            let (s, body) = w
                .send(
                    Some("editor"),
                    "POST",
                    &format!("/f/{fa}/reviews"),
                    Some((FORM, format!("name={name}&date=2026-01-10&reviewers=qa"))),
                )
                .await;
            assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        }
    };
    freeze("first").await;
    // Without its only flow, the flow's findings are gone in the second cycle.
    let start = super::MODEL
        .find("flows:")
        .unwrap_or_else(|| panic!("no flows"));
    let end = super::MODEL
        .find("supply_chain:")
        .unwrap_or_else(|| panic!("no supply_chain"));
    let yaml = format!("{}{}", &super::MODEL[..start], &super::MODEL[end..]);
    let body =
        serde_json::json!({ "yaml": yaml, "base_version": w.version(&fa).await }).to_string();
    let api = format!("/api/v1/factories/{fa}/model");
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &api,
            Some(("application/json", body)),
        )
        .await;
    assert!(s.is_success(), "{s} {out}");
    freeze("second").await;
    let list = super::json(
        &w.send(
            Some("viewer"),
            "GET",
            &format!("/api/v1/factories/{fa}/reviews"),
            None,
        )
        .await
        .1,
    );
    let id = |name: &str| {
        list.as_array()
            .and_then(|a| a.iter().find(|c| c["name"] == name))
            .and_then(|c| c["id"].as_str())
            .unwrap_or_else(|| panic!("no cycle {name} in {list}"))
            .to_string()
    };
    let path = format!("/f/{fa}/reviews/diff?a={}&b={}", id("first"), id("second"));
    let removed = |html: &str| -> Vec<String> {
        html.split("<ul id=\"diff-removed\">")
            .nth(1)
            .and_then(|r| r.split("</ul>").next())
            .unwrap_or_default()
            .split("<li>")
            .skip(1)
            .map(|li| li.trim_end_matches("</li>").to_string())
            .collect()
    };
    let en = removed(&page(&w, "viewer", &path).await);
    assert!(!en.is_empty(), "the flow's findings are removed");
    set_lang(&w, "viewer", "ja").await;
    let ja = removed(&page(&w, "viewer", &path).await);
    assert_eq!(en.len(), ja.len());
    let japanese = |s: &str| s.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c));
    assert!(
        ja.iter().zip(&en).any(|(j, e)| j != e && japanese(j)),
        "no title in Japanese: {ja:?}"
    );
}

/// From the dashboard and every factory page one reaches the editor forms; the dashboard's
/// zones open their forms. A supplier's pages do not offer them.
#[tokio::test]
async fn the_editor_forms_are_reachable_from_the_factory_pages() {
    let w = World::new(&Backend::Sqlite).await;
    let fa = w.fa.clone();
    let dash = page(&w, "viewer", &format!("/f/{fa}")).await;
    assert!(dash.contains(&format!(
        r#"<a href="/f/{fa}/zones/production">production</a>"#
    )));
    for p in ["", "/assessment", "/reviews", "/uploads", "/model"] {
        let html = page(&w, "viewer", &format!("/f/{fa}{p}")).await;
        assert!(
            html.contains(&format!(r#"<a href="/f/{fa}/zones" id="nav-forms">"#)),
            "{p}"
        );
    }
    let lists = page(&w, "supplier", &format!("/f/{fa}/checklists")).await;
    assert!(!lists.contains("nav-forms"));
}

/// A refused form (a file that is not a capture) answers with a page that links back to
/// the page the form was on (its same-host `Referer`), never to another site.
#[tokio::test]
async fn an_error_page_links_back_to_the_form() {
    let w = World::new(&Backend::Sqlite).await;
    let fa = w.fa.clone();
    let boundary = "kojoBOUNDARY";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ncapture\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nnot a capture\r\n--{boundary}--\r\n"
    );
    let ct = format!("multipart/form-data; boundary={boundary}");
    let post = |referer: &'static str| {
        let req = axum::http::Request::builder()
            .method("POST")
            .uri(format!("/f/{fa}/uploads"))
            .header("host", "kojo.test")
            .header("origin", super::ORIGIN)
            .header("referer", referer.replace("FA", &fa))
            .header("cookie", &w.cookies["editor"]);
        w.raw(req, Some((ct.as_str(), body.clone())))
    };
    let (s, html) = post("http://kojo.test/f/FA/uploads").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{html}");
    assert!(html.contains("not a readable capture"), "{html}");
    assert!(
        html.contains(&format!(r#"<a href="/f/{fa}/uploads" id="back""#)),
        "{html}"
    );
    let (s, html) = post("http://evil.example/f/FA/uploads").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(!html.contains(r#"id="back""#), "{html}");
    let (_, html) = post("http://kojo.test//evil.example/x").await;
    assert!(!html.contains(r#"id="back""#), "{html}");
}

/// A refused login keeps the user name typed (escaped), not the password.
#[tokio::test]
async fn a_refused_login_keeps_the_user_name() {
    let w = World::new(&Backend::Sqlite).await;
    let (s, html) = w
        .send(
            None,
            "POST",
            "/login",
            Some((FORM, "username=viewer%22x&password=not-the-password".into())),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{html}");
    assert!(html.contains(r#"id="login-error""#));
    assert!(html.contains(r#"value="viewer&#34;x""#), "{html}");
    assert!(!html.contains("not-the-password"));
}

/// The memo of `modelio::check` gives for a large text exactly what a fresh check gives,
/// also for an invalid text and for texts that differ only at the end.
#[test]
fn checking_a_large_model_twice_gives_the_same_answer() {
    let yaml = kojo_synth::factory_yaml(300, 20, 600, 3);
    assert!(
        yaml.len() > 64 * 1024,
        "the text must be large enough to be memoised"
    );
    let first = crate::service::models::check(&yaml).unwrap_or_else(|p| panic!("{p:?}"));
    let again = crate::service::models::check(&yaml).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(first.0, again.0);
    // The same text with a broken last line: refused every time, with its line.
    let broken = format!("{yaml}\nno_such_top_level_key: [\n");
    for _ in 0..2 {
        let p = crate::service::models::check(&broken)
            .err()
            .unwrap_or_default();
        assert!(!p.is_empty(), "a broken model must be refused");
    }
    // A changed name at the end is seen.
    let renamed = format!("{yaml}\n").replacen("name: Asset 299", "name: Renamed", 1);
    let m = crate::service::models::check(&renamed)
        .unwrap_or_else(|p| panic!("{p:?}"))
        .0;
    assert!(m.assets.iter().any(|a| a.name == "Renamed"));
    assert!(!first.0.assets.iter().any(|a| a.name == "Renamed"));
}

/// Someone not logged in gets the login page in the browser's first language.
#[tokio::test]
async fn the_login_page_follows_the_browser_language() {
    let w = World::new(&Backend::Sqlite).await;
    let get = |lang: &'static str| {
        let req = axum::http::Request::builder()
            .method("GET")
            .uri("/login")
            .header("host", "kojo.test")
            .header("accept-language", lang);
        w.raw(req, None)
    };
    let (_, html) = get("ja-JP,ja;q=0.9,en;q=0.8").await;
    assert!(html.contains(r#"<html lang="ja">"#) && html.contains("ログイン"));
    let (_, html) = get("en-US,ja;q=0.5").await;
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("Log in"));
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/login")
        .header("host", "kojo.test")
        .header("origin", super::ORIGIN)
        .header("accept-language", "ja");
    let (s, html) = w
        .raw(
            req,
            Some((FORM, "username=viewer&password=wrong-one-x".into())),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(
        html.contains("ユーザー名またはパスワードが違います"),
        "{html}"
    );
}
