//! Triage's words in English and Japanese (read by [`crate::words::i18n::Tr::w`] after the
//! main table). Decision statuses are values (`words::values`).

pub const WORDS: &[(&str, &str, &str)] = &[
    ("tr_decision", "Decision", "判断"),
    ("tr_select", "Select", "選択"),
    (
        "tr_select_all",
        "Select all on this page",
        "このページをすべて選択",
    ),
    (
        "tr_record",
        "Record the decision for the selected findings",
        "選択した指摘事項に判断を記録",
    ),
    ("tr_reason", "Reason (justification)", "理由 (根拠)"),
    (
        "tr_owner",
        "Owner (department or party id)",
        "担当 (部門または外部関係者のID)",
    ),
    ("tr_due", "Due", "期限"),
    ("tr_review_by", "Review by", "再評価期限"),
    ("tr_ticket", "Ticket", "チケット"),
    (
        "tr_expired",
        "expired: counts again",
        "期限切れ: 再び集計対象",
    ),
    (
        "tr_saved",
        "Decision saved as a new model version.",
        "判断をモデルの新しい版として保存しました。",
    ),
    (
        "tr_unchanged",
        "The model already records this decision.",
        "モデルには既にこの判断が記録されています。",
    ),
    (
        "tr_help",
        "Tick findings, then record one decision for all of them; it is written into the model's decisions.",
        "指摘事項にチェックを付け、まとめて1つの判断を記録します。モデルの decisions に書き込まれます。",
    ),
];
