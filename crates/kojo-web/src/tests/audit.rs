//! The audit log for auditors, through the real routes on every backend: names and words
//! instead of ids and codes, times at the reader's UTC offset (kept in a cookie), filters
//! whose unknown values are refused naming what is allowed, pages beyond 500 entries, the
//! CSV export of every matching entry, the logins of the people with access; an auditor
//! reads and changes nothing; migration 0005 keeps the memberships.

use super::{Backend, MODEL, ORIGIN, World, json};
use crate::store::{Audit, Role};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// A GET as `who` (with `cookie` beside the session), with the answer's headers.
async fn get(
    w: &World,
    who: &str,
    path: &str,
    cookie: Option<&str>,
) -> (StatusCode, HeaderMap, String) {
    let mut c = w.cookies[who].clone();
    if let Some(extra) = cookie {
        c = format!("{c}; {extra}");
    }
    let req = Request::get(path)
        .header(header::HOST, "kojo.test")
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, c)
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let res = w
        .app
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| match e {});
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// The entries of one API page, as JSON objects.
async fn entries(w: &World, who: &str, query: &str) -> Vec<serde_json::Value> {
    let path = format!("/api/v1/factories/{}/audit?{query}", w.fa);
    let (s, _, body) = get(w, who, &path, None).await;
    assert_eq!(s, StatusCode::OK, "GET {path}: {body}");
    json(&body).as_array().cloned().unwrap_or_default()
}

/// The wall-clock time of `ms` at `offset_min` minutes east of UTC, computed on its own
/// (days to civil date, H. Hinnant's algorithm) to check the page's.
fn civil(ms: i64, offset_min: i64) -> String {
    let secs = ms.div_euclid(1000) + offset_min * 60;
    let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        sod / 3600,
        sod % 3600 / 60,
        sod % 60
    )
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

/// The editor changes zone `oa` through the API; the audit row it wrote.
async fn edit_zone(w: &World) -> crate::store::AuditEntry {
    let base = w.version(&w.fa).await;
    let body = serde_json::json!({"base_version": base, "name": "OA zone", "kind": "information", "target_sl": "2"});
    let (s, out) = w
        .send(
            Some("editor"),
            "PUT",
            &format!("/api/v1/factories/{}/zones/oa", w.fa),
            Some((JSON, body.to_string())),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    w.store
        .audit_log(Some(&w.fa), 50)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .find(|e| e.action == "zone.update")
        .unwrap_or_else(|| panic!("no zone.update row"))
}

/// The `<tr>` of the first entry with `action` on an audit page.
fn row<'a>(html: &'a str, action: &str) -> &'a str {
    html.split(&format!("<tr class=\"audit-{action}\">"))
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap_or_else(|| panic!("no {action} row in {html}"))
}

#[tokio::test]
async fn an_auditor_reads_the_log_with_names_words_and_local_times() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let fa = w.fa.clone();
        let entry = edit_zone(&w).await;
        let page = format!("/f/{fa}/audit");

        let (s, h, html) = get(&w, "auditor", &page, None).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        assert!(h.get(header::SET_COOKIE).is_none(), "no choice, no cookie");
        assert!(html.contains(r#"data-tz-chosen="0""#), "{html}");
        assert!(html.contains("<th>When (UTC)</th>"), "{html}");
        let zone = row(&html, "zone.update");
        let utc = civil(entry.at, 0);
        assert!(
            zone.contains(&format!(
                "<time datetime=\"{}Z\">{utc}</time>",
                utc.replace(' ', "T")
            )),
            "{zone}"
        );
        for cell in [
            "<td>editor</td>",
            "<td>Zone changed</td>",
            "<td>Zone oa</td>",
        ] {
            assert!(zone.contains(cell), "{cell} in {zone}");
        }
        // The before value in words, the version the change made.
        assert!(zone.contains("Name: OA"), "{zone}");
        assert!(zone.contains("Version: "), "{zone}");
        // A membership names its user (stored by id) and the role in words.
        let member = html
            .split("<tr class=\"audit-membership.set\">")
            .filter_map(|r| r.split("</tr>").next())
            .find(|r| r.contains("<td>User auditor</td>"))
            .unwrap_or_else(|| panic!("no membership row for the auditor: {html}"));
        assert!(member.contains("<td>siteadmin</td>"), "{member}");
        assert!(member.contains("Party: —; Role: auditor"), "{member}");
        // No user's id is shown: only names.
        for name in [
            "siteadmin",
            "admin",
            "editor",
            "viewer",
            "supplier",
            "auditor",
        ] {
            let id = w.user_id(name).await;
            assert!(!html.contains(&id), "{name}'s id {id} on the page");
        }
        assert!(html.contains(r#"id="nav-audit""#));

        // The reader picks UTC+09:00: the times follow, and the choice is kept.
        for tz in ["%2B09:00", "+09:00"] {
            let (s, h, html) = get(&w, "auditor", &format!("{page}?tz={tz}"), None).await;
            assert_eq!(s, StatusCode::OK, "{tz}: {html}");
            let cookie = h
                .get(header::SET_COOKIE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            assert!(cookie.starts_with("kojo_tz=+09:00;"), "{cookie}");
            assert!(html.contains("<th>When (UTC+09:00)</th>"), "{html}");
            assert!(
                row(&html, "zone.update").contains(&format!(">{}</time>", civil(entry.at, 540))),
                "{html}"
            );
        }
        let (_, _, html) = get(&w, "auditor", &page, Some("kojo_tz=+09:00")).await;
        assert!(html.contains(r#"data-tz-chosen="1""#));
        assert!(row(&html, "zone.update").contains(&civil(entry.at, 540)));
        assert!(html.contains(r#"<option value="+09:00" selected>UTC+09:00</option>"#));
        // A cookie kojo never set is ignored.
        let (_, _, html) = get(&w, "auditor", &page, Some("kojo_tz=mars")).await;
        assert!(html.contains("<th>When (UTC)</th>"));

        // The API gives the same entry with the stored values beside the words.
        let api = entries(&w, "auditor", "action=zone.update&tz=-05:00").await;
        assert_eq!(api.len(), 1, "{api:?}");
        let e = &api[0];
        assert_eq!(e["user"], "editor");
        assert_eq!(e["action"], "zone.update");
        assert_eq!(e["action_text"], "Zone changed");
        assert_eq!(e["entity"], "zone");
        assert_eq!(e["target"], "zone:oa");
        assert_eq!(e["target_text"], "Zone oa");
        assert_eq!(e["at"], entry.at);
        assert_eq!(
            e["at_local"],
            format!("{}-05:00", civil(entry.at, -300).replace(' ', "T"))
        );
        assert_eq!(e["after"].as_str(), entry.after.as_deref());

        // In Japanese.
        set_lang(&w, "auditor", "ja").await;
        let (_, _, html) = get(&w, "auditor", &page, None).await;
        assert!(html.contains("<h2>監査ログ</h2>"));
        assert!(html.contains("<th>日時 (UTC)</th>"), "{html}");
        let zone = row(&html, "zone.update");
        assert!(
            zone.contains("<td>ゾーンを変更</td>") && zone.contains("<td>ゾーン oa</td>"),
            "{zone}"
        );
        assert!(zone.contains("名称: OA") && zone.contains("版: "), "{zone}");
        assert!(html.contains("外部組織: —; 役割: 監査人"), "{html}");
        assert!(html.contains("<td>役割を設定</td>"));
        assert!(!html.contains("Zone changed") && !html.contains("Role set"));
    }
}

#[tokio::test]
async fn filters_keep_what_they_name_and_unknown_values_are_refused() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        edit_zone(&w).await;
        let all = entries(&w, "auditor", "").await;
        assert!(all.len() > 10, "{all:?}");

        let mine = entries(&w, "auditor", "user=editor").await;
        assert!(
            !mine.is_empty() && mine.iter().all(|e| e["user"] == "editor"),
            "{mine:?}"
        );
        assert!(mine.len() < all.len());
        let zone = entries(&w, "auditor", "action=zone.update").await;
        assert_eq!(zone.len(), 1, "{zone:?}");
        let oa = entries(&w, "auditor", "entity=zone&id=oa").await;
        assert!(
            !oa.is_empty() && oa.iter().all(|e| e["target"] == "zone:oa"),
            "{oa:?}"
        );
        assert!(
            entries(&w, "auditor", "entity=zone&id=production")
                .await
                .is_empty()
        );
        // Ids are exact on both backends (SQLite's LIKE would ignore the case).
        assert!(entries(&w, "auditor", "entity=zone&id=OA").await.is_empty());
        assert!(entries(&w, "auditor", "entity=zone&id=o").await.is_empty());
        // A page number typed huge is a page past the end, not an overflow.
        let far = "per_page=1000&page=9223372036854775807";
        assert!(entries(&w, "auditor", far).await.is_empty());
        let (s, html) = w
            .send(
                Some("auditor"),
                "GET",
                &format!("/f/{}/audit?{far}", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{html}");
        // A user is named by id in some targets and by name in others: both are found.
        let viewer_id = w.user_id("viewer").await;
        let about = entries(&w, "auditor", "entity=user&id=viewer").await;
        let targets: Vec<&str> = about.iter().filter_map(|e| e["target"].as_str()).collect();
        assert!(
            targets.contains(&format!("user:{viewer_id}").as_str()),
            "{targets:?}"
        );
        assert!(
            targets.contains(&"user:viewer"),
            "the viewer's login: {targets:?}"
        );
        assert!(
            about.iter().all(|e| e["target_text"] == "User viewer"),
            "{about:?}"
        );
        let models = entries(&w, "auditor", "entity=model").await;
        assert!(!models.is_empty() && models.iter().all(|e| e["entity"] == "model"));

        // Days: yesterday to tomorrow hold everything, a January of long ago nothing.
        let now = crate::store::now_ms();
        let yesterday = &civil(now - crate::store::DAY_MS, 0)[..10];
        let tomorrow = &civil(now + crate::store::DAY_MS, 0)[..10];
        let days = entries(
            &w,
            "auditor",
            &format!("from={yesterday}&to={tomorrow}&tz=UTC"),
        )
        .await;
        assert_eq!(days.len(), all.len());
        let (s, h, body) = get(
            &w,
            "auditor",
            &format!(
                "/api/v1/factories/{}/audit?from=2000-01-01&to=2000-01-31",
                w.fa
            ),
            None,
        )
        .await;
        assert_eq!((s, body.as_str()), (StatusCode::OK, "[]"));
        assert_eq!(
            h.get("x-total-count").and_then(|v| v.to_str().ok()),
            Some("0")
        );

        // Unknown values: 400, naming what would be allowed.
        let api = format!("/api/v1/factories/{}/audit", w.fa);
        for (query, says) in [
            ("user=nobody", "editor"),
            ("action=asset.frobnicate", "model.save"),
            ("entity=gadget", "asset"),
            ("colour=red", "per_page"),
            ("id=oa", "needs its entity"),
            ("from=2026-02-30", "calendar date"),
            ("to=tomorrow", "calendar date"),
            ("from=2026-02-02&to=2026-02-01", "is after"),
            ("page=0", "page number"),
            ("page=two", "page number"),
            ("per_page=1001", "from 1 to 1000"),
            ("tz=%2B25:00", "+09:00"),
            ("tz=Asia/Tokyo", "+05:45"),
        ] {
            let (s, _, body) = get(&w, "auditor", &format!("{api}?{query}"), None).await;
            assert_eq!(s, StatusCode::BAD_REQUEST, "{query}: {body}");
            let msg = json(&body)["error"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(msg.contains(says), "{query}: {msg}");
        }
        // The people offered are the factory's: another site's admin is not named.
        let (_, _, body) = get(&w, "auditor", &format!("{api}?user=nobody"), None).await;
        assert!(
            body.contains("auditor") && !body.contains("outsider"),
            "{body}"
        );
        let (s, _, body) = get(&w, "auditor", &format!("{api}.csv?bom=2"), None).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
        // The page says it in the reader's language.
        set_lang(&w, "auditor", "ja").await;
        let (s, _, html) = get(
            &w,
            "auditor",
            &format!("/f/{}/audit?action=nope", w.fa),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert!(
            html.contains("操作 &quot;nope&quot; は監査ログの操作ではありません"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn pages_reach_beyond_500_entries_and_the_csv_holds_every_match() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let editor = w.user_id("editor").await;
        const ADDED: i64 = 1234;
        for i in 0..ADDED {
            w.store
                .audit(Audit {
                    user_id: Some(editor.clone()),
                    factory_id: Some(w.fa.clone()),
                    action: "review.freeze".into(),
                    target: format!("review:r{i}"),
                    after: Some(serde_json::json!({"name": format!("cycle {i}")}).to_string()),
                    ..Audit::default()
                })
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        // What the factory's log must hold, counted from the store on its own: the
        // factory's rows and the logins of the people with access to it.
        let people = [
            "siteadmin",
            "admin",
            "editor",
            "viewer",
            "supplier",
            "auditor",
        ];
        let mut ids = Vec::new();
        for p in people {
            ids.push(w.user_id(p).await);
        }
        let want = w
            .store
            .audit_log(None, 100_000)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .filter(|e| {
                e.factory_id.as_deref() == Some(w.fa.as_str())
                    || e.action == "login" && e.user_id.as_ref().is_some_and(|u| ids.contains(u))
            })
            .count() as i64;
        assert!(want > 1234);

        let api = format!("/api/v1/factories/{}/audit", w.fa);
        let mut seen: Vec<i64> = Vec::new();
        for page in 1..=3 {
            let (s, h, body) = get(
                &w,
                "auditor",
                &format!("{api}?per_page=500&page={page}"),
                None,
            )
            .await;
            assert_eq!(s, StatusCode::OK, "{body}");
            let header = |k: &str| {
                h.get(k)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string()
            };
            assert_eq!(header("x-total-count"), want.to_string());
            let link = header("link");
            assert_eq!(link.contains("rel=\"next\""), page < 3, "{link}");
            if page < 3 {
                assert!(
                    link.contains(&format!("per_page=500&page={}>; rel=\"next\"", page + 1)),
                    "{link}"
                );
            }
            let got = json(&body).as_array().cloned().unwrap_or_default();
            let expect = if page < 3 { 500 } else { want - 1000 };
            assert_eq!(got.len() as i64, expect, "page {page}");
            seen.extend(got.iter().filter_map(|e| e["id"].as_i64()));
        }
        // Newest first, each entry once, all of them.
        assert!(seen.windows(2).all(|p| p[0] > p[1]), "not newest first");
        assert_eq!(seen.len() as i64, want);
        let (_, _, body) = get(&w, "auditor", &format!("{api}?per_page=500&page=4"), None).await;
        assert_eq!(body, "[]", "past the last page");

        // The page links its numbers and keeps the filter in them.
        let (_, _, html) = get(
            &w,
            "auditor",
            &format!("/f/{}/audit?action=review.freeze&per_page=200&page=3", w.fa),
            None,
        )
        .await;
        assert!(
            html.contains(r#"<strong id="audit-page-current">3</strong>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="?action=review.freeze&#38;per_page=200&#38;page=7" class="audit-page">7</a>"#), "{html}");
        assert!(html.contains("401–600 / 1234"), "{html}");
        // Newest first: page 3 of 200 holds r833 down to r634.
        for (cell, on) in [
            ("r833", true),
            ("r634", true),
            ("r834", false),
            ("r633", false),
        ] {
            assert_eq!(
                html.contains(&format!("<td>Review cycle {cell}</td>")),
                on,
                "{cell}"
            );
        }
        let (_, _, html) = get(&w, "auditor", &format!("/f/{}/audit?page=99", w.fa), None).await;
        assert!(
            html.contains(r#"id="audit-last""#),
            "a page past the end links the last"
        );

        // The CSV of a filter: every matching entry (more than one batch of 1,000), in
        // the API's order.
        let (s, h, csv_text) = get(
            &w,
            "auditor",
            &format!("{api}.csv?action=review.freeze"),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{csv_text}");
        assert!(
            h.get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .starts_with("text/csv")
        );
        assert!(
            h.get(header::CONTENT_DISPOSITION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .contains("audit-log-")
        );
        let mut r = csv::Reader::from_reader(csv_text.as_bytes());
        let head: Vec<String> = r
            .headers()
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(head[0], "When (UTC)");
        assert_eq!(head[4], "Action code");
        let records: Vec<csv::StringRecord> = r
            .records()
            .map(|x| x.unwrap_or_else(|e| panic!("{e}")))
            .collect();
        assert_eq!(records.len() as i64, ADDED);
        assert!(records.iter().all(|x| x.len() == 9
            && &x[4] == "review.freeze"
            && &x[3] == "Review cycle frozen"
            && &x[2] == "editor"));
        assert!(records.iter().all(|x| x[0].ends_with('Z')));
        let first_page = entries(&w, "auditor", "action=review.freeze&per_page=1000").await;
        for (rec, e) in records.iter().zip(&first_page) {
            assert_eq!(Some(&rec[6]), e["target"].as_str());
            assert_eq!(Some(&rec[8]), e["after"].as_str());
        }
        assert_eq!(
            &records[ADDED as usize - 1][6],
            "review:r0",
            "the oldest last"
        );
        // For Excel: a byte-order mark first; the page's link gives the same.
        let (_, _, with_bom) = get(
            &w,
            "auditor",
            &format!("/f/{}/audit.csv?action=review.freeze&bom=1", w.fa),
            None,
        )
        .await;
        assert!(with_bom.starts_with('\u{feff}'));
        assert_eq!(with_bom.trim_start_matches('\u{feff}'), csv_text);
        // In the reader's language, at the reader's offset.
        set_lang(&w, "auditor", "ja").await;
        let (_, _, ja) = get(
            &w,
            "auditor",
            &format!("{api}.csv?action=review.freeze&tz=%2B09:00"),
            None,
        )
        .await;
        let mut r = csv::Reader::from_reader(ja.as_bytes());
        let head: Vec<String> = r
            .headers()
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(head[0], "日時 (UTC)");
        assert_eq!(head[1], "日時 (UTC+09:00)");
        let first = r.records().next().and_then(Result::ok).unwrap_or_default();
        assert_eq!(&first[3], "レビューサイクルを確定");
        assert!(first[1].ends_with("+09:00"), "{first:?}");
    }
}

#[tokio::test]
async fn the_logins_of_the_people_with_access_are_shown() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        assert_eq!(
            w.login("editor", "wrong password").await,
            Err(StatusCode::UNAUTHORIZED)
        );
        assert!(w.login("nobody", "wrong password").await.is_err());

        let logins = entries(&w, "auditor", "action=login").await;
        let mut who: Vec<&str> = logins.iter().filter_map(|e| e["user"].as_str()).collect();
        who.sort_unstable();
        who.dedup();
        assert_eq!(
            who,
            [
                "admin",
                "auditor",
                "editor",
                "siteadmin",
                "supplier",
                "viewer"
            ]
        );
        assert!(logins.iter().all(|e| e["action_text"] == "Logged in"));
        let failed = entries(&w, "auditor", "action=login.failure").await;
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert_eq!(failed[0]["user"], "editor");
        assert_eq!(failed[0]["target_text"], "User editor");
        assert!(
            failed[0]["after_text"]
                .as_str()
                .unwrap_or("")
                .starts_with("Address: "),
            "{failed:?}"
        );
        // An unknown name leaves no audit row anywhere.
        let all = w.store.audit_log(None, 10_000).await.unwrap_or_default();
        assert!(all.iter().all(|e| e.target != "user:nobody"));

        // Another factory's log names only its own people.
        let (s, _, body) = get(
            &w,
            "outsider",
            &format!("/api/v1/factories/{}/audit?action=login", w.fb),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let mut who: Vec<String> = json(&body)
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e["user"].as_str().map(str::to_string))
            .collect();
        who.sort_unstable();
        who.dedup();
        assert_eq!(who, ["outsider", "siteadmin"]);

        // A member who is removed stays in the log, logins included.
        let viewer = w.user_id("viewer").await;
        let (s, out) = w
            .send(
                Some("admin"),
                "DELETE",
                &format!("/api/v1/factories/{}/members/{viewer}", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{out}");
        let after = entries(&w, "auditor", "action=login&user=viewer").await;
        assert!(!after.is_empty());
        let removed = entries(&w, "auditor", "action=membership.remove").await;
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0]["target_text"], "User viewer");
        assert_eq!(removed[0]["before_text"], "Party: —; Role: viewer");
    }
}

#[tokio::test]
async fn an_auditor_reads_everything_and_changes_nothing() {
    for b in Backend::all() {
        let w = World::new(&b).await;
        let fa = w.fa.clone();
        // No form to change anything on the pages an editor changes things on.
        for (path, form_mark) in [
            ("/model", r#"id="yaml""#),
            ("/model", "zone-form-"),
            ("/assessment", r#"id="triage""#),
            ("/checklists", r#"name="answer""#),
            ("/uploads", r#"type="file""#),
            ("/reviews", r#"id="freeze""#),
            ("/members", r#"id="member-add""#),
            ("/members", "/remove"),
            ("/zones", r#"id="save-entity""#),
        ] {
            let (s, html) = w
                .send(Some("auditor"), "GET", &format!("/f/{fa}{path}"), None)
                .await;
            assert_eq!(s, StatusCode::OK, "{path}: {html}");
            assert!(
                !html.contains(form_mark),
                "{path} shows {form_mark} to an auditor"
            );
        }
        let (_, members) = w
            .send(Some("auditor"), "GET", &format!("/f/{fa}/members"), None)
            .await;
        assert!(members.contains("<td>監査人</td>") || members.contains("<td>auditor</td>"));
        // A write is refused saying the role is read-only, in the reader's language.
        let (s, body) = w
            .send(
                Some("auditor"),
                "PUT",
                &format!("/api/v1/factories/{fa}/model"),
                Some((
                    JSON,
                    serde_json::json!({"yaml": MODEL, "base_version": 1}).to_string(),
                )),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(json(&body)["error"], crate::error::READ_ONLY);
        set_lang(&w, "auditor", "ja").await;
        let (s, html) = w
            .send(
                Some("auditor"),
                "POST",
                &format!("/f/{fa}/reviews"),
                Some((FORM, "name=Q4&date=2026-11-25&reviewers=QA".into())),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert!(html.contains("監査人の役割は閲覧専用です"), "{html}");
        // Nothing the auditor asked for was written.
        let auditor = w.user_id("auditor").await;
        let by_auditor: Vec<String> = w
            .store
            .audit_log(None, 10_000)
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.user_id.as_deref() == Some(auditor.as_str()))
            .map(|e| e.action)
            .collect();
        assert_eq!(by_auditor, ["login"], "only its login");
        // A viewer reads no audit log and is not told about a read-only role.
        let (s, body) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/api/v1/factories/{fa}/audit"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert!(!body.contains("read-only"), "{body}");
        let (_, dash) = w
            .send(Some("viewer"), "GET", &format!("/f/{fa}"), None)
            .await;
        assert!(!dash.contains(r#"id="nav-audit""#));
        // The role is offered and taken on the members page.
        let (_, admin_members) = w
            .send(Some("admin"), "GET", &format!("/f/{fa}/members"), None)
            .await;
        assert!(admin_members.contains(r#"<option value="auditor">auditor</option>"#));
        let (s, out) = w
            .send(
                Some("admin"),
                "POST",
                &format!("/f/{fa}/members"),
                Some((FORM, "username=viewer&role=auditor".into())),
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{out}");
        let m = w
            .store
            .membership(&w.user_id("viewer").await, &fa)
            .await
            .unwrap_or_default();
        assert_eq!(m.map(|m| m.role).as_deref(), Some("auditor"));
        let (s, _) = w
            .send(Some("viewer"), "GET", &format!("/f/{fa}/audit"), None)
            .await;
        assert_eq!(s, StatusCode::OK, "the new auditor reads the log at once");
        let (s, out) = w
            .send(
                Some("admin"),
                "POST",
                &format!("/api/v1/factories/{fa}/members"),
                Some((
                    JSON,
                    r#"{"username":"viewer","role":"auditor","party":"acme"}"#.into(),
                )),
            )
            .await;
        assert_eq!(
            s,
            StatusCode::BAD_REQUEST,
            "an auditor speaks for no party: {out}"
        );
    }
}

#[tokio::test]
async fn migration_0005_keeps_the_memberships_and_takes_the_auditor() {
    for b in Backend::all() {
        let (url, _db) = b.fresh().await;
        // A database as version 0.4 left it, with members.
        let insert = [
            "INSERT INTO users (id, username, password_hash, is_admin, lang, created_at) VALUES ('u1', 'ann', '!', 0, 'en', 1), ('u2', 'bob', '!', 0, 'en', 1)",
            "INSERT INTO factories (id, name, created_at) VALUES ('f1', 'Plant', 1)",
            "INSERT INTO memberships (user_id, factory_id, role, party_id) VALUES ('u1', 'f1', 'viewer', NULL), ('u2', 'f1', 'supplier', 'acme')",
        ];
        match &b {
            Backend::Sqlite => {
                let opts =
                    <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(&url)
                        .unwrap_or_else(|e| panic!("{e}"))
                        .create_if_missing(true)
                        .foreign_keys(true);
                let pool = sqlx::SqlitePool::connect_with(opts)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                sqlx::migrate!("migrations/sqlite")
                    .run_to(4, &pool)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                for q in insert {
                    sqlx::query(q)
                        .execute(&pool)
                        .await
                        .unwrap_or_else(|e| panic!("{q}: {e}"));
                }
                let refused = sqlx::query("INSERT INTO memberships (user_id, factory_id, role) VALUES ('u1', 'f1', 'auditor')").execute(&pool).await;
                assert!(refused.is_err(), "0004 has no auditor");
                pool.close().await;
            }
            Backend::Postgres(_) => {
                let pool = sqlx::PgPool::connect(&url)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                sqlx::migrate!("migrations/postgres")
                    .run_to(4, &pool)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
                for q in insert {
                    sqlx::query(q)
                        .execute(&pool)
                        .await
                        .unwrap_or_else(|e| panic!("{q}: {e}"));
                }
                pool.close().await;
            }
        }
        let store = crate::store::Store::open(&url)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let (shipped, _) = crate::store::shipped_migrations();
        assert_eq!(
            store.migration_versions().await.unwrap_or_default(),
            shipped
        );
        let mut m: Vec<(String, String, Option<String>)> = store
            .members("f1")
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|m| (m.username, m.role, m.party_id))
            .collect();
        m.sort();
        assert_eq!(
            m,
            [
                ("ann".into(), "viewer".into(), None),
                ("bob".into(), "supplier".into(), Some("acme".into()))
            ]
        );
        store
            .set_membership_as("u1", "f1", Role::Auditor, None, None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            store
                .membership("u1", "f1")
                .await
                .unwrap_or_default()
                .map(|m| m.role)
                .as_deref(),
            Some("auditor")
        );
        // The supplier's party rule still holds.
        assert!(
            store
                .set_membership_as("u1", "f1", Role::Auditor, Some("acme"), None)
                .await
                .is_err()
        );
        // A user is still deleted with its memberships (the rebuilt table's foreign key).
        assert!(store.delete_user("u2", None).await.unwrap_or_default());
        assert!(
            store
                .membership("u2", "f1")
                .await
                .unwrap_or_default()
                .is_none()
        );
        store.close().await;
    }
}

/// Every action the crate's code writes into the audit log has its words (so the log
/// never shows a bare code): the string literals given as an audit row's `action`.
#[test]
fn every_action_the_code_writes_has_words() {
    fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "tests") {
                    sources(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                out.push((p.display().to_string(), text));
            }
        }
    }
    let mut files = Vec::new();
    sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut found = Vec::new();
    for (file, text) in &files {
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for mark in ["action: ", "let action = "] {
            for (at, _) in code.match_indices(mark) {
                // The expression up to the end of the field or statement (braces of an
                // `if … { "a" } else { "b" }` included).
                let rest = &code[at + mark.len()..];
                let mut depth = 0i32;
                let mut end = rest.len();
                for (i, c) in rest.char_indices() {
                    match c {
                        '{' | '(' => depth += 1,
                        '}' | ')' if depth > 0 => depth -= 1,
                        ',' | ';' | ')' | '\n' if depth == 0 => {
                            end = i;
                            break;
                        }
                        _ => {}
                    }
                }
                let expr = &rest[..end];
                for lit in expr.split('"').skip(1).step_by(2) {
                    let is_action = !lit.is_empty()
                        && lit.split('.').all(|p| {
                            !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                        });
                    if is_action {
                        found.push((file.clone(), lit.to_string()));
                    }
                }
            }
        }
    }
    let actions: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
    for want in [
        "login",
        "login.failure",
        "model.save",
        "membership.set",
        "user.disable",
        "user.enable",
        "decision.set",
    ] {
        assert!(
            actions.contains(&want),
            "the scan missed {want}: {actions:?}"
        );
    }
    for (file, action) in &found {
        assert!(
            crate::words::audit::lookup(crate::words::audit::ACTIONS, action, "ja").is_some(),
            "{file} writes the audit action {action:?}, which has no words in words/audit.rs"
        );
    }
}
