//! The interface's words in English and Japanese, chosen per user (`users.lang`).

/// The words of one language; templates call `t.w("key")`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: &'static str,
}

impl Tr {
    pub fn new(lang: &str) -> Tr {
        Tr {
            lang: if lang == "ja" { "ja" } else { "en" },
        }
    }

    /// The word for `key`; the key itself when it has none (a missing word shows, not hides).
    pub fn w<'a>(&self, key: &'a str) -> &'a str {
        let pair = WORDS
            .iter()
            .chain(crate::words::editor::WORDS)
            .chain(crate::words::triage::WORDS)
            .chain(crate::words::audit::WORDS)
            .chain(crate::words::findings::WORDS)
            .find(|(k, _, _)| *k == key);
        match pair {
            Some((_, en, ja)) => {
                if self.lang == "ja" {
                    ja
                } else {
                    en
                }
            }
            None => key,
        }
    }

    /// The words shown for a value of a fixed vocabulary (a severity, a zone kind, a
    /// checklist answer, a role…): Japanese when there is a word for it, else the value.
    /// The words are kojo-lang's (`values.ftl`), the same as the reports'.
    pub fn v<'a>(&self, value: &'a str) -> &'a str {
        kojo_lang::value(kojo_lang::Lang::from_code(self.lang), value)
    }

    /// The Fluent message `id` of kojo-lang in this language.
    pub fn m(&self, id: &str) -> String {
        kojo_lang::text(kojo_lang::Lang::from_code(self.lang), id)
    }

    /// The Fluent message `prefix` + `key` (a status word's message, say).
    pub fn mk(&self, prefix: &str, key: &str) -> String {
        self.m(&format!("{prefix}{key}"))
    }

    /// An option's label for a vocabulary value: in Japanese the word with the value the
    /// YAML holds beside it (`制御 (control)`), in English the value.
    pub fn vl(&self, value: &str) -> String {
        let w = self.v(value);
        if w == value {
            value.to_string()
        } else {
            format!("{w} ({value})")
        }
    }
}

const WORDS: &[(&str, &str, &str)] = &[
    ("login", "Log in", "ログイン"),
    ("logout", "Log out", "ログアウト"),
    ("username", "User name", "ユーザー名"),
    ("password", "Password", "パスワード"),
    ("factories", "Factories", "工場"),
    ("new_factory", "New factory", "工場を追加"),
    ("name", "Name", "名称"),
    ("create", "Create", "作成"),
    ("dashboard", "Dashboard", "ダッシュボード"),
    ("model", "Model", "モデル"),
    ("assessment", "Assessment", "評価"),
    ("checklists", "Supplier checklists", "取引先チェックリスト"),
    ("reviews", "Review cycles", "レビューサイクル"),
    ("uploads", "Uploads", "アップロード"),
    ("upload", "Upload", "アップロード"),
    ("source", "Source", "出所"),
    ("produced", "In the assessment", "評価への反映"),
    (
        "uploads-help",
        "Captures and flow logs are checked against the zone model, SBOMs (matched to assets[].sbom by file name) against the advisory uploads (OSV, CSAF, KEV JSON); their findings are part of the assessment.",
        "キャプチャとフローログはゾーンモデルと照合され、SBOM(assets[].sbom のファイル名で資産に対応)はアップロードされたアドバイザリ(OSV・CSAF・KEV の JSON)と照合されます。その指摘は評価に含まれます。",
    ),
    ("members", "Members", "メンバー"),
    ("audit", "Audit log", "監査ログ"),
    ("severity", "Severity", "重大度"),
    ("step", "Step", "ステップ"),
    ("findings", "Findings", "指摘事項"),
    ("zones", "Zones", "ゾーン"),
    ("zone", "Zone", "ゾーン"),
    ("importance", "Importance", "重要度"),
    ("target_sl", "Target SL", "目標SL"),
    (
        "no_model",
        "No model yet. Import one on the Model page.",
        "モデルがまだありません。モデル画面から取り込んでください。",
    ),
    ("save", "Save", "保存"),
    ("import_yaml", "Import / edit YAML", "YAMLの取り込み・編集"),
    ("export_yaml", "Export YAML", "YAMLを書き出す"),
    ("version", "Version", "版"),
    ("problems", "Problems", "問題"),
    ("filter", "Filter", "絞り込み"),
    ("all", "all", "すべて"),
    ("title", "Title", "件名"),
    ("subjects", "Subjects", "対象"),
    ("recommendation", "Recommendation", "推奨対策"),
    ("reference", "Reference", "参照"),
    ("party", "Party", "取引先"),
    ("item", "Item", "項目"),
    ("answer", "Answer", "回答"),
    ("evidence", "Evidence note", "根拠メモ"),
    ("freeze", "Freeze review cycle", "レビューサイクルを確定"),
    ("date", "Date", "日付"),
    ("reviewers", "Reviewers", "レビュー者"),
    ("compare", "Compare", "比較"),
    ("added", "Added", "追加"),
    ("removed", "Removed", "解消"),
    ("changed", "Changed", "変更"),
    ("role", "Role", "役割"),
    ("add", "Add", "追加"),
    ("file", "File", "ファイル"),
    ("kind", "Kind", "種別"),
    ("status", "Status", "状態"),
    ("language", "Language", "言語"),
    ("report", "Report", "レポート"),
    (
        "heatmap",
        "Findings by step and severity",
        "ステップ×重大度の指摘件数",
    ),
    (
        "ooda",
        "Incident response (OODA)",
        "インシデント対応 (OODA)",
    ),
    ("when", "When", "日時"),
    ("who", "Who", "実行者"),
    ("action", "Action", "操作"),
    ("target", "Target", "対象"),
    ("edit_zone", "Edit zone", "ゾーンを編集"),
    ("size", "Size", "サイズ"),
    (
        "login_failed",
        "wrong user name or password",
        "ユーザー名またはパスワードが違います",
    ),
    (
        "login_rate_limited",
        "too many login attempts from here; wait a minute and try again",
        "ここからのログイン試行が多すぎます。1分ほど待ってからもう一度お試しください",
    ),
    (
        "diff_older",
        "Older review cycle",
        "比較元のレビューサイクル",
    ),
    (
        "diff_newer",
        "Newer review cycle",
        "比較先のレビューサイクル",
    ),
    ("prev_page", "previous page", "前のページ"),
    ("next_page", "next page", "次のページ"),
    (
        "problems_in_model",
        "problems in the model",
        "件の問題がモデルにあります",
    ),
    ("before", "Before", "変更前"),
    ("after", "After", "変更後"),
    ("note", "Note", "メモ"),
    ("decides", "decides", "決定者"),
    ("yaml_text", "Model (YAML)", "モデル (YAML)"),
    ("party_for_supplier", "for a supplier", "取引先の場合"),
    (
        "read_only",
        "Your role can read this page but not change it.",
        "あなたの役割では閲覧のみ可能です。",
    ),
    ("change_role", "Change role", "役割の変更"),
    ("remove_member", "Remove", "メンバーから外す"),
    ("users", "Users", "ユーザー"),
    (
        "users-help",
        "A disabled user cannot log in; their sessions end and their API tokens are revoked. A deleted user keeps their name in the history (model versions, answers, audit log) and loses every membership.",
        "無効にしたユーザーはログインできず、セッションは終了し API トークンは失効します。削除したユーザーは履歴(モデルのバージョン、回答、監査ログ)に名前が残り、すべてのメンバー資格を失います。",
    ),
    ("site_admin", "Site admin", "サイト管理者"),
    ("account_state", "State", "状態"),
    ("account_active", "Active", "有効"),
    ("account_disabled", "Disabled", "無効"),
    ("account_deleted", "Deleted", "削除済み"),
    ("enable_user", "Enable", "有効にする"),
    ("disable_user", "Disable", "無効にする"),
    ("delete_user", "Delete", "削除"),
    ("delete_upload", "Delete", "削除"),
    ("api_tokens", "API tokens", "API トークン"),
    (
        "tokens-help",
        "A token acts for you in the API (Authorization: Bearer …). A read token can only read; a token bound to one factory reaches only that factory. A password change revokes every token.",
        "トークンは API であなたの代わりに操作します(Authorization: Bearer …)。読み取りトークンは読むことしかできず、1 つの工場に限ったトークンはその工場にしか届きません。パスワードを変えるとすべてのトークンが失効します。",
    ),
    (
        "token_shown_once",
        "Your new token, shown only now:",
        "新しいトークン(表示はこの一度だけです):",
    ),
    ("token_scope", "Scope", "範囲"),
    ("token_factory", "Factory", "工場"),
    ("token_every_factory", "Every factory", "すべての工場"),
    ("token_expires", "Expires", "有効期限"),
    ("token_days", "Days valid", "有効日数"),
    ("token_revoked", "Revoked", "失効"),
    ("token_expired", "Expired", "期限切れ"),
    ("revoke_token", "Revoke", "失効させる"),
    ("new_token", "New token", "トークンを作成"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_translated() {
        let all = || {
            WORDS
                .iter()
                .chain(crate::words::editor::WORDS)
                .chain(crate::words::triage::WORDS)
                .chain(crate::words::audit::WORDS)
                .chain(crate::words::findings::WORDS)
        };
        let mut keys: Vec<&str> = all().map(|w| w.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate i18n key");
        for (k, en, ja) in all() {
            assert!(!en.is_empty() && !ja.is_empty(), "{k} lacks a word");
            assert_ne!(en, ja, "{k} is not translated");
        }
        assert_eq!(Tr::new("ja").w("login"), "ログイン");
        assert_eq!(Tr::new("xx").w("login"), "Log in");
        assert_eq!(Tr::new("en").w("no-such-key"), "no-such-key");
        assert_eq!(Tr::new("ja").v("high"), "高");
        assert_eq!(Tr::new("en").v("high"), "high");
        assert_eq!(Tr::new("ja").v("zone-0001"), "zone-0001");
        assert_eq!(Tr::new("ja").vl("control"), "制御 (control)");
        assert_eq!(Tr::new("en").vl("control"), "control");
    }
}
