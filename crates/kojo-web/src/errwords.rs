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
    ("not found", "見つかりません"),
    ("the model is not valid", "モデルが正しくありません"),
    ("login failed", "ログインに失敗しました"),
    (
        "wrong user name or password",
        "ユーザー名またはパスワードが違います",
    ),
    (
        "too many failed logins for this user; try again in 15 minutes",
        "このユーザーのログイン失敗が多すぎます。15分後にもう一度お試しください",
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
        "cross-site request check failed: a browser request must send Origin or Sec-Fetch-Site",
        "クロスサイト要求の確認に失敗しました: ブラウザーからの要求には Origin または Sec-Fetch-Site が必要です",
    ),
];

/// Messages that begin with fixed words followed by kojo's or a reader's detail.
const PREFIXES: &[(&str, &str)] = &[
    ("the assessment failed: ", "評価に失敗しました: "),
    ("the report failed: ", "レポートの作成に失敗しました: "),
    (
        "the embedded catalog failed to load: ",
        "組み込みカタログを読み込めませんでした: ",
    ),
    (
        "not a readable capture or flow log: ",
        "キャプチャまたはフローログとして読み取れません: ",
    ),
    ("bad upload: ", "アップロードが不正です: "),
];

/// `msg` in `lang` where kojo has the words, else `msg`.
pub fn message(msg: &str, lang: &str) -> String {
    if lang != "ja" {
        return msg.to_string();
    }
    if let Some((_, ja)) = MESSAGES.iter().find(|(en, _)| *en == msg) {
        return (*ja).to_string();
    }
    for (en, ja) in PREFIXES {
        if let Some(rest) = msg.strip_prefix(en) {
            return format!("{ja}{rest}");
        }
    }
    msg.to_string()
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
        for (en, ja) in MESSAGES.iter().chain(PREFIXES) {
            assert!(!ja.is_empty() && en != ja, "{en}");
        }
    }
}
