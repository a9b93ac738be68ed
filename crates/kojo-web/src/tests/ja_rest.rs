//! The last English on Japanese pages (issue #9): upload status lines, error pages, the
//! review diff without its cycles.

use super::{Backend, World, json};
use axum::http::StatusCode;

const FORM: &str = "application/x-www-form-urlencoded";

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

#[tokio::test]
async fn upload_status_lines_follow_the_readers_language() {
    for backend in Backend::all() {
        let w = World::new(&backend).await;
        let fa = w.fa.clone();
        let sbom = r#"{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"openssl","version":"3.0.1"},{"type":"firmware","name":"plc-fw","version":"2.1"}]}"#;
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/api/v1/factories/{fa}/uploads?kind=sbom&filename=plc.cdx.json"),
                Some(("application/octet-stream", sbom.into())),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{out}");
        let (s, out) = w
            .send(
                Some("editor"),
                "POST",
                &format!("/api/v1/factories/{fa}/uploads?kind=evidence&filename=notes.txt"),
                Some(("application/octet-stream", "minutes".into())),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{out}");
        set_lang(&w, "viewer", "ja").await;
        let (s, ja) = w
            .send(Some("viewer"), "GET", &format!("/f/{fa}/uploads"), None)
            .await;
        assert_eq!(s, StatusCode::OK, "uploads page");
        assert!(
            ja.contains("読み取り済み: CycloneDX JSON 1.5、構成要素 2 件"),
            "{ja}"
        );
        assert!(ja.contains("<td>保存済み</td>"), "{ja}");
        assert!(
            !ja.contains("2 components") && !ja.contains("<td>stored</td>"),
            "{ja}"
        );
        let (_, en) = w
            .send(Some("editor"), "GET", &format!("/f/{fa}/uploads"), None)
            .await;
        assert!(
            en.contains("read: CycloneDX JSON 1.5, 2 components"),
            "{en}"
        );
        assert!(!en.contains("構成要素"), "{en}");
        // The API keeps the English line and gives the Japanese beside it.
        let (_, list) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/api/v1/factories/{fa}/uploads"),
                None,
            )
            .await;
        let list = json(&list);
        let sb = list
            .as_array()
            .and_then(|a| a.iter().find(|u| u["filename"] == "plc.cdx.json"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            sb["status"], "read: CycloneDX JSON 1.5, 2 components",
            "{list}"
        );
        assert_eq!(
            sb["status_ja"], "読み取り済み: CycloneDX JSON 1.5、構成要素 2 件",
            "{list}"
        );
    }
}

#[tokio::test]
async fn an_old_upload_without_japanese_shows_its_english_line() {
    let w = World::new(&Backend::Sqlite).await;
    // As stored before the Japanese line was kept (the migration's default).
    let uid = w
        .store
        .user_by_name("editor")
        .await
        .ok()
        .flatten()
        .map(|u| u.id)
        .unwrap_or_default();
    w.store
        .add_upload(&w.fa, "evidence", "old.txt", b"x", ("stored", ""), &uid)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    set_lang(&w, "viewer", "ja").await;
    let (_, ja) = w
        .send(Some("viewer"), "GET", &format!("/f/{}/uploads", w.fa), None)
        .await;
    assert!(
        ja.contains(">old.txt</a></td>") && ja.contains("<td>stored</td>"),
        "{ja}"
    );
}

#[tokio::test]
async fn error_pages_speak_the_sessions_language() {
    for backend in Backend::all() {
        let w = World::new(&backend).await;
        set_lang(&w, "viewer", "ja").await;
        let missing = format!("/f/{}/zones/no-such-zone", w.fa);
        let (s, ja) = w.send(Some("viewer"), "GET", &missing, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{ja}");
        assert!(ja.contains("<h1>404 見つかりません</h1>"), "{ja}");
        assert!(ja.contains(r#"id="error">見つかりません<"#), "{ja}");
        assert!(
            ja.contains(r#"lang="ja""#) && !ja.contains("Not Found"),
            "{ja}"
        );
        let (s, en) = w.send(Some("editor"), "GET", &missing, None).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(en.contains("<h1>404 Not Found</h1>"), "{en}");
        assert!(en.contains(r#"id="error">not found<"#), "{en}");
        // A role refusal, in Japanese.
        let (s, ja) = w
            .send(Some("viewer"), "GET", &format!("/f/{}/members", w.fa), None)
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{ja}");
        assert!(ja.contains("403 権限がありません"), "{ja}");
        assert!(ja.contains("この工場でのあなたの役割では"), "{ja}");
        // The API's errors stay English JSON.
        let (s, api) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/api/v1/factories/{}/members", w.fa),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(
            json(&api)["error"],
            "your role in this factory does not allow this"
        );
    }
}

#[tokio::test]
async fn the_review_diff_without_cycles_says_what_it_needs() {
    let w = World::new(&Backend::Sqlite).await;
    let fa = w.fa.clone();
    for q in ["", "?a=x", "?b=y"] {
        let (s, api) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/api/v1/factories/{fa}/reviews/diff{q}"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{q}: {api}");
        assert_eq!(
            json(&api)["error"],
            crate::words::errors::DIFF_NEEDS_CYCLES,
            "{q}"
        );
        let (s, en) = w
            .send(
                Some("viewer"),
                "GET",
                &format!("/f/{fa}/reviews/diff{q}"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{q}: {en}");
        assert!(en.contains("the query needs a (the older cycle"), "{en}");
    }
    set_lang(&w, "viewer", "ja").await;
    let (s, ja) = w
        .send(
            Some("viewer"),
            "GET",
            &format!("/f/{fa}/reviews/diff"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{ja}");
    assert!(ja.contains("400 不正な要求"), "{ja}");
    assert!(
        ja.contains("クエリに a(古いサイクルの id)と b(新しいサイクルの id)が必要です"),
        "{ja}"
    );
    // Another factory's diff is still not found before the query is looked at.
    let (s, _) = w
        .send(
            Some("viewer"),
            "GET",
            &format!("/f/{}/reviews/diff", w.fb),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_refused_upload_says_why_in_japanese() {
    let w = World::new(&Backend::Sqlite).await;
    set_lang(&w, "editor", "ja").await;
    let boundary = "kojoBOUNDARY";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nsbom\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plc.cdx.json\"\r\n\
         Content-Type: application/json\r\n\r\n{{\"bomFormat\": \r\n--{boundary}--\r\n"
    );
    let ct = format!("multipart/form-data; boundary={boundary}");
    let (s, html) = w
        .send(
            Some("editor"),
            "POST",
            &format!("/f/{}/uploads", w.fa),
            Some((ct.as_str(), body)),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{html}");
    assert!(
        html.contains("plc.cdx.json: SBOM として読み取れません: "),
        "{html}"
    );
    assert!(html.contains("ファイルが途中で終わっています"), "{html}");
    assert!(!html.contains("not a readable"), "{html}");
}
