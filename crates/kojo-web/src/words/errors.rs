//! Error pages in the reader's language: the status titles and kojo's own fixed error
//! messages in Japanese. The JSON API keeps its English messages; a message kojo has no
//! Japanese for (one that quotes a reader's located error, say) is shown as it is.

use axum::http::StatusCode;

/// What `GET /f/{id}/reviews/diff` (and its API twin) answers without both cycles.
pub const DIFF_NEEDS_CYCLES: &str = "choose two frozen review cycles to compare: the query needs a (the older cycle's id) and b (the newer cycle's id)";

/// Fixed messages (the whole message) and their Japanese.
const MESSAGES: &[(&str, &str)] = &[
    ("not logged in", "ログインしていません"),
    (
        "your role in this factory does not allow this",
        "この工場でのあなたの役割では、この操作はできません",
    ),
    (
        "the auditor role is read-only: it reads everything of this factory and changes nothing",
        "監査人の役割は閲覧専用です: この工場のすべてを読めますが、何も変更できません",
    ),
    ("not found", "見つかりません"),
    (
        "an id in the audit log's filter needs its entity (entity=KIND, e.g. entity=asset&id=line-plc)",
        "監査ログの絞り込みの ID には対象の種類が必要です (entity=種類、例: entity=asset&id=line-plc)",
    ),
    ("the model is not valid", "モデルが正しくありません"),
    ("login failed", "ログインに失敗しました"),
    (
        "wrong user name or password",
        "ユーザー名またはパスワードが違います",
    ),
    (
        "too many login attempts from here; wait a minute and try again",
        "ここからのログイン試行が多すぎます。1分ほど待ってからもう一度お試しください",
    ),
    ("internal error", "内部エラーが発生しました"),
    (
        "the uploaded file is empty",
        "アップロードされたファイルが空です",
    ),
    (
        "no file in the upload",
        "アップロードにファイルがありません",
    ),
    (
        DIFF_NEEDS_CYCLES,
        "比較する凍結済みレビューサイクルを2つ選んでください: クエリに a(古いサイクルの id)と b(新しいサイクルの id)が必要です",
    ),
    (
        "base_version is required: the model version this change was made from (load the model again for its version); nothing was saved",
        "base_version が必要です: この変更の元になったモデルのバージョンです (モデルを読み込み直すとわかります)。何も保存していません",
    ),
    (
        "an affected statement needs the action: what customers are to do",
        "「影響あり」の記述には対処(顧客が行うこと)が必要です",
    ),
    (
        "a statement's detail has at most 10000 bytes",
        "記述の詳細は10000バイトまでです",
    ),
    (
        "cross-site request check failed: a browser request must send Origin or Sec-Fetch-Site",
        "クロスサイト要求の確認に失敗しました: ブラウザーからの要求には Origin または Sec-Fetch-Site が必要です",
    ),
];

/// Messages with parts kojo copies in (`{}`; in the Japanese `{0}`, `{1}`… in order). The
/// first that matches wins.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "too many changes from this account in the last minute; wait {} seconds and try again (kojo serve --writes-per-minute)",
        "このアカウントからの直近1分間の変更が多すぎます。{0} 秒待ってからもう一度お試しください (kojo serve --writes-per-minute)",
    ),
    (
        "the request is larger than the limit of {} (kojo serve --max-upload-mb); nothing was stored",
        "要求が上限の {0} を超えています (kojo serve --max-upload-mb)。何も保存していません",
    ),
    (
        "{}: the capture expands past the limit of {} when read (kojo serve --max-capture-mb); nothing was stored",
        "{0}: このキャプチャは読み込むと上限の {1} を超えて展開されます (kojo serve --max-capture-mb)。何も保存していません",
    ),
    ("the assessment failed: {}", "評価に失敗しました: {0}"),
    ("the report failed: {}", "レポートの作成に失敗しました: {0}"),
    (
        "the embedded catalog failed to load: {}",
        "組み込みカタログを読み込めませんでした: {0}",
    ),
    (
        "not a readable capture or flow log: {}",
        "キャプチャまたはフローログとして読み取れません: {0}",
    ),
    (
        "an uploaded capture cannot be read: {}",
        "アップロードされたキャプチャを読み取れません: {0}",
    ),
    ("bad upload: {}", "アップロードが不正です: {0}"),
    (
        "upload kind {} is not {}",
        "アップロード種別 {0} は {1} のいずれでもありません",
    ),
    (
        "{}: JSON, but not an OSV record, CSAF advisory or KEV catalog",
        "{0}: JSON ですが、OSV レコード・CSAF アドバイザリ・KEV カタログのいずれでもありません",
    ),
    (
        "{}: not a readable advisory: {}",
        "{0}: アドバイザリとして読み取れません: {1}",
    ),
    (
        "unknown language {}: use en or ja",
        "言語 {0} はありません: en または ja を選んでください",
    ),
    (
        "a factory name has 1 to 200 characters",
        "工場名は1〜200文字です",
    ),
    (
        "a review cycle name has 1 to 200 characters",
        "レビューサイクル名は1〜200文字です",
    ),
    (
        "an evidence note has at most 10000 bytes",
        "証跡メモは10000バイトまでです",
    ),
    (
        "answer {} is not one of {}",
        "回答 {0} は {1} のいずれでもありません",
    ),
    (
        "party {} has no supplier checklist in the model",
        "取引先 {0} のチェックリストはモデルにありません",
    ),
    (
        "party {} has no supplier checklist in the model (anymore); add a supply_chain entry for it first",
        "取引先 {0} のチェックリストはモデルに(もう)ありません。先に supply_chain に追加してください",
    ),
    (
        "{} is not an item of the {} checklist; items include {}",
        "{0} は {1} チェックリストの項目ではありません。項目の例: {2}",
    ),
    (
        "the factory has no model yet",
        "この工場にはまだモデルがありません",
    ),
    (
        "the factory has no model to freeze",
        "この工場には凍結するモデルがありません",
    ),
    (
        "date {} is not a calendar date written YYYY-MM-DD",
        "日付 {0} は YYYY-MM-DD 形式の実在する日付ではありません",
    ),
    (
        "role {} is not admin, editor, viewer, supplier or auditor",
        "役割 {0} は admin・editor・viewer・supplier・auditor のいずれでもありません",
    ),
    (
        "a supplier needs the party id it speaks for",
        "取引先ユーザーには、代わって回答する取引先の id が必要です",
    ),
    (
        "only a supplier is bound to a party",
        "取引先に結び付けられるのは取引先ユーザーだけです",
    ),
    ("no user named {}", "ユーザー {0} はいません"),
    (
        "the audit log's query cannot be read: {}",
        "監査ログのクエリを読み取れません: {0}",
    ),
    (
        "the audit log's filter {} has at most {} characters",
        "監査ログの絞り込み {0} は {1} 文字までです",
    ),
    (
        "{} is not a filter of the audit log; its filters are {}",
        "{0} は監査ログの絞り込みではありません。絞り込みは次のとおりです: {1}",
    ),
    (
        "time zone {} is not one of {}",
        "タイムゾーン {0} は次のいずれでもありません: {1}",
    ),
    (
        "no one named {} appears in this factory's audit log; its people are {}",
        "{0} という人はこの工場の監査ログにいません。記録にいる人は次のとおりです: {1}",
    ),
    (
        "action {} is not an action of the audit log; its actions are {}",
        "操作 {0} は監査ログの操作ではありません。操作は次のとおりです: {1}",
    ),
    (
        "entity {} is not a kind of target of the audit log; its kinds are {}",
        "対象の種類 {0} は監査ログにありません。種類は次のとおりです: {1}",
    ),
    (
        "from {} is not a calendar date written YYYY-MM-DD",
        "開始日 {0} は YYYY-MM-DD 形式の実在する日付ではありません",
    ),
    (
        "to {} is not a calendar date written YYYY-MM-DD",
        "終了日 {0} は YYYY-MM-DD 形式の実在する日付ではありません",
    ),
    (
        "from {} is after to {}: the date range is empty",
        "開始日 {0} が終了日 {1} より後です: 期間に含まれる日がありません",
    ),
    (
        "page {} is not a page number (1, 2, …)",
        "ページ {0} はページ番号 (1, 2, …) ではありません",
    ),
    (
        "per_page {} is not a number from 1 to {}",
        "1ページの件数 {0} は 1 から {1} までの数ではありません",
    ),
    (
        "the findings' query cannot be read: {}",
        "指摘のクエリを読み取れません: {0}",
    ),
    (
        "the findings' parameter {} has at most {} characters",
        "指摘のパラメーター {0} は {1} 文字までです",
    ),
    (
        "{} is not a parameter of the findings; the parameters are {}",
        "{0} は指摘のパラメーターではありません。パラメーターは次のとおりです: {1}",
    ),
    (
        "severity {} is not one of {}",
        "重大度 {0} は次のいずれでもありません: {1}",
    ),
    (
        "decision {} is not one of {}",
        "判断 {0} は次のいずれでもありません: {1}",
    ),
    (
        "source {} is not one of {}",
        "出所 {0} は次のいずれでもありません: {1}",
    ),
    (
        "sort {} is not one of {}",
        "並び順 {0} は次のいずれでもありません: {1}",
    ),
    (
        "format {} is not one of {}",
        "形式 {0} は次のいずれでもありません: {1}",
    ),
    (
        "zone {} is not a zone of the model; its zones are {}",
        "ゾーン {0} はモデルのゾーンではありません。ゾーンは次のとおりです: {1}",
    ),
    (
        "asset {} is not a protected object of the model; they include {}",
        "{0} はモデルの保護対象ではありません。保護対象の例: {1}",
    ),
    (
        "kind {} is not a kind of finding; the kinds are {}",
        "種別 {0} は指摘の種別ではありません。種別は次のとおりです: {1}",
    ),
    (
        "step {} is not a step of the guideline's method; the steps are {}",
        "ステップ {0} はガイドラインの手順のステップではありません。ステップは次のとおりです: {1}",
    ),
    (
        "the PDF needs Chromium on the server; open the HTML report and print it from the browser",
        "PDF にはサーバーの Chromium が必要です。HTML のレポートを開き、ブラウザーから印刷してください",
    ),
    (
        "bom {} is not 0 or 1 (1 starts the file with a byte-order mark)",
        "bom {0} は 0 でも 1 でもありません (1 はファイルの先頭に BOM を付けます)",
    ),
    (
        "the model was changed since the statements were opened (they showed version {}, the latest is version {}); nothing was saved — open the statements again and state again",
        "記述を開いた後にモデルが変更されました(表示していたのは版 {0}、最新は版 {1})。何も保存していません。記述を開き直して、もう一度記述してください",
    ),
    (
        "a not_affected statement needs a justification, one of {}",
        "「影響なし」の記述には根拠が必要です。次のいずれか: {0}",
    ),
    (
        "statement {} is not one of {}",
        "記述 {0} は {1} のいずれでもありません",
    ),
    (
        "{} is not a vulnerability finding of the model's current version; reload the statements",
        "{0} はモデルの現在の版の脆弱性の指摘ではありません。記述を読み込み直してください",
    ),
    (
        "today {} is not a date; expected a date like 2026-04-01",
        "today {0} は日付ではありません。2026-04-01 のような日付を指定してください",
    ),
    (
        "a user name has at most {} characters and a password at most {} bytes",
        "ユーザー名は {0} 文字まで、パスワードは {1} バイトまでです",
    ),
];

/// The parts of `text` that the `{}` of `pattern` stand for, if it matches.
fn capture<'a>(pattern: &str, text: &'a str) -> Option<Vec<&'a str>> {
    let pieces: Vec<&str> = pattern.split("{}").collect();
    let (first, rest) = pieces.split_first()?;
    let mut t = text.strip_prefix(first)?;
    let mut parts = Vec::new();
    for (i, piece) in rest.iter().enumerate() {
        if i + 1 == rest.len() {
            parts.push(t.strip_suffix(piece)?);
            t = "";
        } else {
            let at = t.find(piece).filter(|_| !piece.is_empty())?;
            parts.push(&t[..at]);
            t = &t[at + piece.len()..];
        }
    }
    t.is_empty().then_some(parts)
}

/// `msg` in `lang` where kojo has the words, else `msg`.
pub fn message(msg: &str, lang: &str) -> String {
    if lang != "ja" {
        return msg.to_string();
    }
    if let Some((_, ja)) = MESSAGES.iter().find(|(en, _)| *en == msg) {
        return (*ja).to_string();
    }
    // An unreadable SBOM upload: the SBOM reader's reason has kojo-sbom's Japanese.
    if let Some(p) = capture("{}: not a readable SBOM: {}", msg) {
        return format!(
            "{}: SBOM として読み取れません: {}",
            p[0],
            kojo_sbom::reason_ja(p[1])
        );
    }
    // An upload whose content is of another kind: the kinds in Japanese too.
    if let Some(p) = capture(
        "{}: this file looks like {}, not {}; upload it as that kind",
        msg,
    ) {
        return format!(
            "{}: このファイルは{}ではなく{}のようです。その種類としてアップロードしてください",
            p[0],
            upload_kind_ja(p[2]),
            upload_kind_ja(p[1])
        );
    }
    for (en, ja) in TEMPLATES {
        if let Some(parts) = capture(en, msg) {
            let mut out = (*ja).to_string();
            for (i, p) in parts.iter().enumerate() {
                out = out.replace(&format!("{{{i}}}"), p);
            }
            return out;
        }
    }
    msg.to_string()
}

/// Each upload kind and its words in the English messages ("this file looks like an SBOM,
/// not …"); the Japanese are the kinds' value words.
const UPLOAD_KIND_WORDS: &[(&str, &str)] = &[
    ("capture", "a packet capture or flow log"),
    ("sbom", "an SBOM"),
    ("advisory", "an advisory"),
    ("evidence", "evidence"),
];

/// An upload kind in the words of the English messages.
pub fn upload_kind_words(kind: &str) -> &'static str {
    UPLOAD_KIND_WORDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("evidence", |(_, w)| w)
}

/// An upload kind's English words in Japanese: the kind's value word.
fn upload_kind_ja(en: &str) -> &str {
    match UPLOAD_KIND_WORDS.iter().find(|(_, w)| *w == en) {
        Some((kind, _)) => kojo_lang::value(kojo_lang::Lang::Ja, kind),
        None => en,
    }
}

/// The page title for an error status: `404 Not Found`, in Japanese `404 見つかりません`.
pub fn status_title(status: StatusCode, lang: &str) -> String {
    if lang == "ja" {
        let ja = match status.as_u16() {
            400 => Some("不正な要求"),
            401 => Some("ログインが必要です"),
            403 => Some("権限がありません"),
            404 => Some("見つかりません"),
            405 => Some("許可されていないメソッド"),
            409 => Some("競合"),
            413 => Some("大きすぎる要求"),
            415 => Some("対応していない形式"),
            422 => Some("処理できない内容"),
            428 => Some("前提条件が必要です"),
            429 => Some("要求が多すぎます"),
            500 => Some("内部エラー"),
            503 => Some("利用できません"),
            _ => None,
        };
        if let Some(w) = ja {
            return format!("{} {w}", status.as_u16());
        }
    }
    status.to_string()
}

/// The words on the error page's links.
pub fn back_word(lang: &str) -> &'static str {
    if lang == "ja" {
        "← 戻る"
    } else {
        "← Back"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_messages_and_titles_in_japanese() {
        assert_eq!(message("not found", "ja"), "見つかりません");
        assert_eq!(message("not found", "en"), "not found");
        assert_eq!(
            message("the assessment failed: boom", "ja"),
            "評価に失敗しました: boom"
        );
        assert_eq!(message("a.json:1:2: odd", "ja"), "a.json:1:2: odd");
        assert_eq!(
            status_title(StatusCode::NOT_FOUND, "ja"),
            "404 見つかりません"
        );
        assert_eq!(status_title(StatusCode::NOT_FOUND, "en"), "404 Not Found");
        assert_eq!(
            message(
                r#"date "1.2" is not a calendar date written YYYY-MM-DD"#,
                "ja"
            ),
            r#"日付 "1.2" は YYYY-MM-DD 形式の実在する日付ではありません"#
        );
        assert_eq!(
            message(
                "plc.json: not a readable SBOM: 2:5: expected value at line 2 column 5",
                "ja"
            ),
            "plc.json: SBOM として読み取れません: 2行5列: 値が必要です"
        );
        assert_eq!(
            message("a.json:3:1: not a readable advisory: bad", "ja"),
            "a.json:3:1: アドバイザリとして読み取れません: bad"
        );
        for (en, ja) in MESSAGES.iter().chain(TEMPLATES) {
            assert!(!ja.is_empty() && en != ja, "{en}");
            // Every template reads its own English.
            let sample = en.replace("{}", "X");
            assert_ne!(message(&sample, "ja"), sample, "{en}");
        }
    }
}
