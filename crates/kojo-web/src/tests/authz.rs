//! The authorization matrix: every route, every role, on every backend. A role that may
//! act must get through the check (any answer but 401/403/404); one that may not gets 403,
//! or 404 where it must not learn that the thing exists (other factories, other parties).
//! An auditor reads everything of its factory, the audit log included, and every change it
//! asks for is refused with 403 saying the role is read-only.

use super::{ACCOUNTS, Backend, MODEL, World, form};
use axum::http::StatusCode;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const MULTIPART: &str = "multipart/form-data; boundary=XyZ";

fn multipart() -> String {
    "--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nsbom\r\n--XyZ\r\n\
     Content-Disposition: form-data; name=\"file\"; filename=\"plc.cdx.json\"\r\n\
     Content-Type: application/json\r\n\r\n{\"bomFormat\":\"CycloneDX\"}\r\n--XyZ--\r\n"
        .to_string()
}

struct Case {
    method: &'static str,
    path: String,
    body: Option<(&'static str, String)>,
    /// Accounts that may do it.
    allowed: &'static [&'static str],
}

const READERS: &[&str] = &["siteadmin", "admin", "editor", "viewer", "auditor"];
const EDITORS: &[&str] = &["siteadmin", "admin", "editor"];
const ADMINS: &[&str] = &["siteadmin", "admin"];
/// Who reads the audit log and the member list.
const AUDITORS: &[&str] = &["siteadmin", "admin", "auditor"];
const MEMBERS: &[&str] = &[
    "siteadmin",
    "admin",
    "editor",
    "viewer",
    "supplier",
    "auditor",
];
const OWN_PARTY: &[&str] = &["siteadmin", "admin", "editor", "supplier"];

fn cases(fa: &str, cycle_a: &str, cycle_b: &str) -> Vec<Case> {
    let agv_form = form(&[
        ("item", "procurement.security-policy-disclosed"),
        ("answer", "yes"),
        ("evidence", "contract"),
    ]);
    let mes_form = form(&[
        ("item", "procurement.security-policy"),
        ("answer", "yes"),
        ("evidence", "contract"),
    ]);
    let agv_json = r#"{"item":"procurement.security-policy-disclosed","answer":"partial","evidence":"mail 2026-11-01"}"#;
    let wh_json = r#"{"item":"procurement.provider-reliable","answer":"partial","evidence":"mail 2026-11-01"}"#;
    let model_json = serde_json::json!({ "yaml": MODEL, "note": "matrix" }).to_string();
    let c = |method, path: String, body, allowed| Case {
        method,
        path,
        body,
        allowed,
    };
    vec![
        c("GET", format!("/f/{fa}"), None, READERS),
        c("GET", format!("/f/{fa}/model"), None, READERS),
        c(
            "POST",
            format!("/f/{fa}/model"),
            Some((FORM, form(&[("yaml", MODEL), ("note", "m")]))),
            EDITORS,
        ),
        c("GET", format!("/f/{fa}/model.yaml"), None, READERS),
        c(
            "POST",
            format!("/f/{fa}/zones/oa"),
            Some((
                FORM,
                form(&[
                    ("name", "OA zone"),
                    ("kind", "information"),
                    ("target_sl", "2"),
                ]),
            )),
            EDITORS,
        ),
        c(
            "PUT",
            format!("/api/v1/factories/{fa}/zones/oa"),
            Some((
                JSON,
                r#"{"name":"OA zone","kind":"information","target_sl":"1"}"#.into(),
            )),
            EDITORS,
        ),
        c("GET", format!("/f/{fa}/assessment?step=1-1"), None, READERS),
        c("GET", format!("/f/{fa}/report"), None, READERS),
        // The assessment's exports are readings of the assessment: readers only.
        c(
            "GET",
            format!("/f/{fa}/assessment/export/csv?severity=high"),
            None,
            READERS,
        ),
        c(
            "GET",
            format!("/f/{fa}/assessment/export/sarif"),
            None,
            READERS,
        ),
        // Each account downloads and deletes its own uploads ({upload}, {upload2}).
        c("GET", format!("/f/{fa}/uploads/{{upload}}"), None, READERS),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/uploads/{{upload}}"),
            None,
            READERS,
        ),
        c(
            "POST",
            format!("/f/{fa}/uploads/{{upload}}/delete"),
            Some((FORM, String::new())),
            EDITORS,
        ),
        c(
            "DELETE",
            format!("/api/v1/factories/{fa}/uploads/{{upload2}}"),
            None,
            EDITORS,
        ),
        c("GET", format!("/f/{fa}/checklists"), None, MEMBERS),
        c(
            "POST",
            format!("/f/{fa}/checklists/agv-maker"),
            Some((FORM, agv_form)),
            OWN_PARTY,
        ),
        c(
            "POST",
            format!("/f/{fa}/checklists/mes-vendor"),
            Some((FORM, mes_form)),
            EDITORS,
        ),
        c("GET", format!("/f/{fa}/reviews"), None, READERS),
        c(
            "POST",
            format!("/f/{fa}/reviews"),
            Some((
                FORM,
                form(&[("name", "Q4"), ("date", "2026-11-25"), ("reviewers", "QA")]),
            )),
            EDITORS,
        ),
        c(
            "GET",
            format!("/f/{fa}/reviews/diff?a={cycle_a}&b={cycle_b}"),
            None,
            READERS,
        ),
        c("GET", format!("/f/{fa}/uploads"), None, READERS),
        c(
            "POST",
            format!("/f/{fa}/uploads"),
            Some((MULTIPART, multipart())),
            EDITORS,
        ),
        c("GET", format!("/f/{fa}/members"), None, AUDITORS),
        c(
            "POST",
            format!("/f/{fa}/members"),
            Some((FORM, form(&[("username", "viewer"), ("role", "viewer")]))),
            ADMINS,
        ),
        c("GET", format!("/f/{fa}/audit"), None, AUDITORS),
        c(
            "GET",
            format!("/f/{fa}/audit?action=login&tz=%2B09:00&page=1&per_page=50"),
            None,
            AUDITORS,
        ),
        c(
            "GET",
            format!("/f/{fa}/audit.csv?entity=model"),
            None,
            AUDITORS,
        ),
        // Each account changes the role of, then removes, a spare member of its own.
        c(
            "POST",
            format!("/f/{fa}/members/{{spare}}/role"),
            Some((FORM, form(&[("role", "viewer")]))),
            ADMINS,
        ),
        c(
            "PUT",
            format!("/api/v1/factories/{fa}/members/{{spare}}"),
            Some((JSON, r#"{"role":"auditor"}"#.into())),
            ADMINS,
        ),
        c(
            "POST",
            format!("/f/{fa}/members/{{spare}}/remove"),
            Some((FORM, String::new())),
            ADMINS,
        ),
        c(
            "DELETE",
            format!("/api/v1/factories/{fa}/members/{{spare2}}"),
            None,
            ADMINS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/model"),
            None,
            READERS,
        ),
        c(
            "PUT",
            format!("/api/v1/factories/{fa}/model"),
            Some((JSON, model_json)),
            EDITORS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/assessment?severity=high"),
            None,
            READERS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/assessment/export/json"),
            None,
            READERS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/checklists"),
            None,
            MEMBERS,
        ),
        c(
            "PUT",
            format!("/api/v1/factories/{fa}/checklists/agv-maker"),
            Some((JSON, agv_json.into())),
            OWN_PARTY,
        ),
        c(
            "PUT",
            format!("/api/v1/factories/{fa}/checklists/whtech"),
            Some((JSON, wh_json.into())),
            EDITORS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/reviews"),
            None,
            READERS,
        ),
        c(
            "POST",
            format!("/api/v1/factories/{fa}/reviews"),
            Some((
                JSON,
                r#"{"name":"Q4","date":"2026-11-25","reviewers":"QA"}"#.into(),
            )),
            EDITORS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/reviews/diff?a={cycle_a}&b={cycle_b}"),
            None,
            READERS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/uploads"),
            None,
            READERS,
        ),
        c(
            "POST",
            format!("/api/v1/factories/{fa}/uploads?kind=capture&filename=line.pcapng"),
            Some(("application/octet-stream", "pcap".into())),
            EDITORS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/members"),
            None,
            AUDITORS,
        ),
        c(
            "POST",
            format!("/api/v1/factories/{fa}/members"),
            Some((JSON, r#"{"username":"viewer","role":"viewer"}"#.into())),
            ADMINS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/audit"),
            None,
            AUDITORS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/audit?user=editor&from=2020-01-01&to=2999-12-31"),
            None,
            AUDITORS,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/audit.csv?bom=1"),
            None,
            AUDITORS,
        ),
        // Triage, made from version 0: a role that may decide gets 409 and nothing changes.
        c(
            "POST",
            format!("/f/{fa}/decisions"),
            Some((
                FORM,
                form(&[
                    ("base_version", "0"),
                    ("findings", "F-0000000000"),
                    ("status", "mitigated"),
                ]),
            )),
            EDITORS,
        ),
        c(
            "POST",
            format!("/api/v1/factories/{fa}/decisions"),
            Some((
                JSON,
                r#"{"base_version":0,"findings":["F-0000000000"],"status":"mitigated"}"#.into(),
            )),
            EDITORS,
        ),
        // Vulnerability statements, made from version 0: a role that may state gets 409; a
        // download dated wrongly gets 400 once the role is through.
        c("GET", format!("/f/{fa}/vex"), None, MEMBERS),
        c(
            "POST",
            format!("/f/{fa}/vex/agv-maker"),
            Some((
                FORM,
                form(&[
                    ("base_version", "0"),
                    ("finding", "F-0000000000"),
                    ("status", "fixed"),
                ]),
            )),
            OWN_PARTY,
        ),
        c(
            "POST",
            format!("/f/{fa}/vex/mes-vendor"),
            Some((
                FORM,
                form(&[
                    ("base_version", "0"),
                    ("finding", "F-0000000000"),
                    ("status", "fixed"),
                ]),
            )),
            EDITORS,
        ),
        c(
            "GET",
            format!("/f/{fa}/vex/agv-maker/csaf?today=31.12.2026"),
            None,
            MEMBERS,
        ),
        c("GET", format!("/api/v1/factories/{fa}/vex"), None, MEMBERS),
        c(
            "POST",
            format!("/api/v1/factories/{fa}/vex/agv-maker"),
            Some((
                JSON,
                r#"{"base_version":0,"finding":"F-0000000000","status":"fixed"}"#.into(),
            )),
            OWN_PARTY,
        ),
        c(
            "GET",
            format!("/api/v1/factories/{fa}/vex/mes-vendor/csaf?today=31.12.2026"),
            None,
            READERS,
        ),
        c(
            "POST",
            "/api/v1/factories".into(),
            Some((JSON, r#"{"name":"New plant"}"#.into())),
            &["siteadmin"],
        ),
        c(
            "POST",
            "/factories".into(),
            Some((FORM, form(&[("name", "New plant")]))),
            &["siteadmin"],
        ),
        c("GET", "/factories".into(), None, ACCOUNTS_ALL),
        c("GET", "/api/v1/factories".into(), None, ACCOUNTS_ALL),
        c("GET", "/api/v1/me".into(), None, ACCOUNTS_ALL),
    ]
}

const ACCOUNTS_ALL: &[&str] = &ACCOUNTS;

/// Two frozen cycles with hand-made assessments, so the diff routes have something to show.
async fn two_cycles(w: &World) -> (String, String) {
    let mv = w
        .store
        .latest_model(&w.fa)
        .await
        .unwrap_or_default()
        .unwrap_or_else(|| panic!("no model"));
    let a = super::api::assessment_with(&[("F-aaaaaaaaaa", "high")]);
    let b = super::api::assessment_with(&[("F-bbbbbbbbbb", "low")]);
    let by = w
        .store
        .user_by_name("siteadmin")
        .await
        .unwrap_or_default()
        .map(|u| u.id)
        .unwrap_or_default();
    let ca = w
        .store
        .freeze_cycle(&w.fa, "c1", &mv, &a, "2026-01-01", "x", &by)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let cb = w
        .store
        .freeze_cycle(&w.fa, "c2", &mv, &b, "2026-06-01", "x", &by)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    (ca, cb)
}

/// Two spare members of factory A per account (viewers), for the routes that change or
/// remove a member: each account acts on its own, so one account's removal leaves the
/// others' cases as they were.
async fn spare_members(w: &World) -> std::collections::HashMap<&'static str, (String, String)> {
    let hash = crate::service::access::hash_password(super::PASSWORD.into())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let by = w.user_id("siteadmin").await;
    let mut out = std::collections::HashMap::new();
    for who in ACCOUNTS {
        let mut ids = Vec::new();
        for n in 1..=2 {
            let id = w
                .store
                .create_user(&format!("spare{n}-{who}"), &hash, false, None)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            w.store
                .set_membership(&id, &w.fa, crate::store::Role::Viewer, None, &by)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            ids.push(id);
        }
        out.insert(who, (ids[0].clone(), ids[1].clone()));
    }
    out
}

/// Two evidence uploads of factory A per account, for the routes that read or delete one.
async fn spare_uploads(w: &World) -> std::collections::HashMap<&'static str, (String, String)> {
    let by = w.user_id("siteadmin").await;
    let mut out = std::collections::HashMap::new();
    for who in ACCOUNTS {
        let mut ids = Vec::new();
        for n in 1..=2 {
            let name = format!("{who}-{n}.txt");
            let stored = ("stored", "保存済み");
            let id = w
                .store
                .add_upload(&w.fa, "evidence", &name, b"note", stored, &by)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            ids.push(id);
        }
        out.insert(who, (ids[0].clone(), ids[1].clone()));
    }
    out
}

#[tokio::test]
async fn every_route_for_every_role() {
    for backend in Backend::all() {
        let w = World::new(&backend).await;
        let (ca, cb) = two_cycles(&w).await;
        let spares = spare_members(&w).await;
        let uploads = spare_uploads(&w).await;
        let mut failures = Vec::new();
        for case in cases(&w.fa, &ca, &cb)
            .into_iter()
            .chain(editor_cases(&w.fa))
        {
            for who in ACCOUNTS {
                let path = case
                    .path
                    .replace("{spare}", &spares[who].0)
                    .replace("{spare2}", &spares[who].1)
                    .replace("{upload}", &uploads[who].0)
                    .replace("{upload2}", &uploads[who].1);
                let (status, body) = w
                    .send(Some(who), case.method, &path, case.body.clone())
                    .await;
                let allowed = case.allowed.contains(&who);
                let denied_status = matches!(
                    status,
                    StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::UNAUTHORIZED
                );
                if allowed == denied_status {
                    failures.push(format!(
                        "{who:9} {} {path} -> {status} (allowed: {allowed}) {}",
                        case.method,
                        &body[..body.len().min(120)]
                    ));
                }
                // An auditor is told that its role is read-only, in the factory's routes.
                if who == "auditor"
                    && status == StatusCode::FORBIDDEN
                    && case.path.contains(&w.fa)
                    && !body.contains(crate::error::READ_ONLY)
                {
                    failures.push(format!(
                        "auditor {} {path} -> 403 without the read-only message: {body}",
                        case.method
                    ));
                }
                // Someone who is not in the factory must not learn it exists.
                if who == "outsider" && case.path.contains(&w.fa) && status != StatusCode::NOT_FOUND
                {
                    failures.push(format!(
                        "outsider {} {path} -> {status}, want 404",
                        case.method
                    ));
                }
            }
            // Anonymous: the API answers 401, pages send to the login page.
            let path = case
                .path
                .replace("{spare}", &spares["admin"].0)
                .replace("{spare2}", &spares["admin"].1)
                .replace("{upload}", &uploads["admin"].0)
                .replace("{upload2}", &uploads["admin"].1);
            let (status, _) = w.send(None, case.method, &path, case.body.clone()).await;
            let want = if case.path.starts_with("/api/") {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::SEE_OTHER
            };
            if status != want {
                failures.push(format!(
                    "anonymous {} {} -> {status}, want {want}",
                    case.method, case.path
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "authorization matrix broken:\n{}",
            failures.join("\n")
        );
    }
}

/// The model editor's routes (pages and API) for each kind. Saves carry a stale
/// `base_version` (0), so a role that may edit gets 409 and the model stays as it is for the
/// other cases; a role that may not is stopped before that (403, or 404 outside the factory).
fn editor_cases(fa: &str) -> Vec<Case> {
    let mut v = Vec::new();
    for (sec, key, json) in [
        (
            "zones",
            "oa",
            r#"{"base_version":0,"name":"OA","kind":"information"}"#,
        ),
        (
            "assets",
            "line-plc",
            r#"{"base_version":0,"name":"PLC","kind":"equipment","zones":["production"]}"#,
        ),
        (
            "flows",
            "mes-to-plc",
            r#"{"base_version":0,"from":"mes-server","to":"line-plc"}"#,
        ),
        (
            "parties",
            "whtech",
            r#"{"base_version":0,"name":"W","kind":"cloud-service"}"#,
        ),
        (
            "operations",
            "none-yet",
            r#"{"base_version":0,"name":"Op"}"#,
        ),
        (
            "measures",
            "1",
            r#"{"base_version":0,"measure":"x","status":"planned"}"#,
        ),
    ] {
        let page = format!("/f/{fa}/{sec}");
        let api = format!("/api/v1/factories/{fa}/{sec}");
        let stale = || Some((FORM, form(&[("base_version", "0"), ("name", "X")])));
        let body = || Some((JSON, json.to_string()));
        v.push(Case {
            method: "GET",
            path: api.clone(),
            body: None,
            allowed: READERS,
        });
        v.push(Case {
            method: "GET",
            path: page.clone(),
            body: None,
            allowed: READERS,
        });
        v.push(Case {
            method: "POST",
            path: page.clone(),
            body: stale(),
            allowed: EDITORS,
        });
        v.push(Case {
            method: "POST",
            path: format!("{page}/{key}"),
            body: stale(),
            allowed: EDITORS,
        });
        v.push(Case {
            method: "POST",
            path: format!("{page}/{key}/delete"),
            body: stale(),
            allowed: EDITORS,
        });
        v.push(Case {
            method: "POST",
            path: api.clone(),
            body: body(),
            allowed: EDITORS,
        });
        v.push(Case {
            method: "PUT",
            path: format!("{api}/{key}"),
            body: body(),
            allowed: EDITORS,
        });
        v.push(Case {
            method: "DELETE",
            path: format!("{api}/{key}?base_version=0"),
            body: None,
            allowed: EDITORS,
        });
        if sec != "operations" && sec != "measures" {
            // The test model has none of these to open.
            v.push(Case {
                method: "GET",
                path: format!("{page}/{key}"),
                body: None,
                allowed: READERS,
            });
        }
    }
    v
}
