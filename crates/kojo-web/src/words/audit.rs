//! The audit log's words in English and Japanese: the page's words (read by
//! [`crate::words::i18n::Tr::w`] after the main table), what each action and each kind of
//! target is called, and the names of the fields its before/after values hold.

pub const WORDS: &[(&str, &str, &str)] = &[
    (
        "au_help",
        "Every change in this factory, with who made it and when, and the logins of the people who have access to it (members now and earlier, site admins). Times are shown in the time zone chosen below.",
        "この工場でのすべての変更(誰がいつ行ったか)と、この工場にアクセスできる人(現在と以前のメンバー、サイト管理者)のログインです。時刻は下で選んだタイムゾーンで表示します。",
    ),
    ("au_user", "User", "ユーザー"),
    ("au_entity", "Entity", "対象の種類"),
    ("au_entity_id", "Its id", "その ID"),
    ("au_from", "From", "開始日"),
    ("au_to", "To", "終了日"),
    ("au_tz", "Time zone", "タイムゾーン"),
    ("au_per_page", "Entries per page", "1ページの件数"),
    ("au_entries", "Entries", "記録"),
    ("au_page", "Page", "ページ"),
    (
        "au_none",
        "No entries match.",
        "条件に合う記録はありません。",
    ),
    (
        "au_past_end",
        "This page is past the last one.",
        "このページは最後のページより後です。",
    ),
    ("au_last_page", "last page", "最後のページ"),
    ("au_csv", "Download as CSV", "CSV でダウンロード"),
    (
        "au_csv_bom",
        "CSV for Excel (with a byte-order mark)",
        "Excel 用 CSV (BOM 付き)",
    ),
    ("au_cli", "command line", "コマンドライン"),
    ("au_at_utc", "When (UTC)", "日時 (UTC)"),
    ("au_action_code", "Action code", "操作コード"),
    ("au_target_code", "Target code", "対象コード"),
    ("au_read_only", "read only", "閲覧のみ"),
];

/// What each action of the audit log is called. Editor actions are `KIND.create`,
/// `KIND.update` and `KIND.delete` for the six entity kinds of the forms.
pub const ACTIONS: &[(&str, &str, &str)] = &[
    ("login", "Logged in", "ログイン"),
    ("login.failure", "Login failed", "ログイン失敗"),
    ("user.create", "User created", "ユーザーを作成"),
    ("user.password", "Password changed", "パスワードを変更"),
    ("user.disable", "User disabled", "ユーザーを無効化"),
    ("user.enable", "User enabled", "ユーザーを有効化"),
    ("user.delete", "User deleted", "ユーザーを削除"),
    ("token.create", "API token made", "API トークンを作成"),
    ("token.revoke", "API token revoked", "API トークンを失効"),
    ("factory.create", "Factory created", "工場を作成"),
    ("membership.set", "Role set", "役割を設定"),
    ("membership.remove", "Member removed", "メンバーから除外"),
    ("model.save", "Model saved", "モデルを保存"),
    (
        "checklist.answer",
        "Checklist answered",
        "チェックリストに回答",
    ),
    (
        "review.freeze",
        "Review cycle frozen",
        "レビューサイクルを確定",
    ),
    ("upload.add", "File uploaded", "ファイルをアップロード"),
    (
        "upload.download",
        "Uploaded file downloaded",
        "アップロードされたファイルをダウンロード",
    ),
    (
        "upload.delete",
        "Uploaded file deleted",
        "アップロードされたファイルを削除",
    ),
    ("decision.set", "Decision recorded", "判断を記録"),
    (
        "vex.statement",
        "Vulnerability statement made",
        "脆弱性の記述を登録",
    ),
    ("zone.create", "Zone added", "ゾーンを追加"),
    ("zone.update", "Zone changed", "ゾーンを変更"),
    ("zone.delete", "Zone deleted", "ゾーンを削除"),
    ("asset.create", "Protected object added", "保護対象を追加"),
    ("asset.update", "Protected object changed", "保護対象を変更"),
    ("asset.delete", "Protected object deleted", "保護対象を削除"),
    ("flow.create", "Flow added", "データフローを追加"),
    ("flow.update", "Flow changed", "データフローを変更"),
    ("flow.delete", "Flow deleted", "データフローを削除"),
    ("party.create", "Party added", "外部組織を追加"),
    ("party.update", "Party changed", "外部組織を変更"),
    ("party.delete", "Party deleted", "外部組織を削除"),
    ("operation.create", "Operation added", "業務を追加"),
    ("operation.update", "Operation changed", "業務を変更"),
    ("operation.delete", "Operation deleted", "業務を削除"),
    ("measure.create", "Measure added", "対策を追加"),
    ("measure.update", "Measure changed", "対策を変更"),
    ("measure.delete", "Measure deleted", "対策を削除"),
];

/// What each kind of target is called (the part before `:` of `asset:line-plc`).
pub const ENTITIES: &[(&str, &str, &str)] = &[
    ("model", "Model", "モデル"),
    ("zone", "Zone", "ゾーン"),
    ("asset", "Protected object", "保護対象"),
    ("flow", "Flow", "データフロー"),
    ("party", "Party", "外部組織"),
    ("operation", "Operation", "業務"),
    ("measure", "Measure", "対策"),
    ("finding", "Finding", "指摘"),
    ("review", "Review cycle", "レビューサイクル"),
    ("upload", "Upload", "アップロード"),
    ("user", "User", "ユーザー"),
    ("token", "API token", "API トークン"),
    ("factory", "Factory", "工場"),
];

/// The names of the fields the before/after values hold.
pub const FIELDS: &[(&str, &str, &str)] = &[
    ("address", "Address", "接続元アドレス"),
    ("admin", "Site admin", "サイト管理者"),
    ("answer", "Answer", "回答"),
    ("date", "Date", "日付"),
    ("disabled", "Disabled", "無効"),
    ("due", "Due", "期限"),
    ("entity", "Entry", "内容"),
    ("evidence", "Evidence note", "根拠メモ"),
    ("expires_at", "Expires", "有効期限"),
    ("factory", "Factory", "工場"),
    ("filename", "File", "ファイル"),
    ("finding", "Finding", "指摘"),
    ("kind", "Kind", "種別"),
    ("memberships", "Memberships", "メンバー資格"),
    ("model_version", "Model version", "モデルの版"),
    ("name", "Name", "名称"),
    ("note", "Note", "メモ"),
    ("owner", "Owner", "担当"),
    ("party", "Party", "外部組織"),
    ("reason", "Reason", "理由"),
    ("review_by", "Review by", "再評価期限"),
    ("reviewers", "Reviewers", "レビュー者"),
    ("role", "Role", "役割"),
    ("scope", "Scope", "範囲"),
    ("sha256", "SHA-256", "SHA-256 値"),
    ("size", "Size", "サイズ"),
    ("status", "Status", "状態"),
    ("ticket", "Ticket", "チケット"),
    ("version", "Version", "版"),
];

/// The word of `key` in `table` in `lang` (`en` | `ja`), if it has one.
pub fn lookup(
    table: &[(&'static str, &'static str, &'static str)],
    key: &str,
    lang: &str,
) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, ja)| if lang == "ja" { *ja } else { *en })
}

/// "Model version 5" / "モデル 版 5": a model version as the target of an entry.
pub fn model_version(n: &str, lang: &str) -> String {
    if lang == "ja" {
        format!("版 {n}")
    } else {
        format!("version {n}")
    }
}

/// "Supplier checklist of PARTY: ITEM" / "PARTY のサプライヤーチェックリスト: ITEM".
pub fn checklist_item(party: &str, item: &str, lang: &str) -> String {
    if lang == "ja" {
        format!("{party} のサプライヤーチェックリスト: {item}")
    } else {
        format!("Supplier checklist of {party}: {item}")
    }
}

/// `yes` / `no` for a true or false before/after value.
pub fn yes_no(b: bool, lang: &str) -> &'static str {
    match (b, lang == "ja") {
        (true, false) => "yes",
        (false, false) => "no",
        (true, true) => "はい",
        (false, true) => "いいえ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_unique_and_translated() {
        for table in [WORDS, ACTIONS, ENTITIES, FIELDS] {
            let mut keys: Vec<&str> = table.iter().map(|w| w.0).collect();
            keys.sort_unstable();
            let n = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), n, "a key is there twice");
            for (k, en, ja) in table {
                assert!(!en.is_empty() && !ja.is_empty() && en != ja, "{k}");
                // No English word left in the Japanese (SHA-256, API, CSV, UTC, BOM and
                // Excel are names).
                let rest = ja
                    .replace("SHA-256", "")
                    .replace("API", "")
                    .replace("CSV", "")
                    .replace("UTC", "")
                    .replace("BOM", "")
                    .replace("Excel", "")
                    .replace("ID", "");
                assert!(
                    !rest.chars().any(|c| c.is_ascii_alphabetic()),
                    "{k}: English left in {ja}"
                );
            }
        }
        // Every editor kind has its three actions.
        for kind in ["zone", "asset", "flow", "party", "operation", "measure"] {
            assert!(lookup(ENTITIES, kind, "ja").is_some(), "{kind}");
            for verb in ["create", "update", "delete"] {
                let a = format!("{kind}.{verb}");
                assert!(lookup(ACTIONS, &a, "en").is_some(), "{a}");
            }
        }
        assert_eq!(lookup(ACTIONS, "login", "ja"), Some("ログイン"));
        assert_eq!(lookup(ACTIONS, "no.such", "en"), None);
    }
}
