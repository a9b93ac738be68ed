//! The assessment page's words for finding the work (search, filters, order, pages,
//! exports) in English and Japanese, read by [`crate::words::i18n::Tr::w`] after the main
//! table. Severities, kinds and decision statuses are values (`words::values`).

pub const WORDS: &[(&str, &str, &str)] = &[
    ("fi_search", "Search", "検索"),
    (
        "fi_search_hint",
        "title, detail, subject or id",
        "件名・詳細・対象・ID",
    ),
    ("fi_asset", "Protected object (id)", "保護対象 (ID)"),
    ("fi_decision_none", "no decision", "判断なし"),
    (
        "fi_decision_expired",
        "acceptance expired",
        "受容の期限切れ",
    ),
    ("fi_source_model", "the model", "モデル"),
    (
        "fi_source_traffic",
        "traffic (captures, flow logs)",
        "通信 (キャプチャ・フローログ)",
    ),
    (
        "fi_source_sbom",
        "SBOMs and advisories",
        "SBOM とアドバイザリ",
    ),
    ("fi_sort", "Order", "並び順"),
    (
        "fi_sort_rank",
        "priority (the assessment's order)",
        "優先順位 (評価の順)",
    ),
    (
        "fi_sort_severity",
        "severity, most severe first",
        "重大度 (高い順)",
    ),
    (
        "fi_sort_-severity",
        "severity, least severe first",
        "重大度 (低い順)",
    ),
    ("fi_sort_step", "step, first to last", "ステップ (昇順)"),
    ("fi_sort_-step", "step, last to first", "ステップ (降順)"),
    ("fi_sort_zone", "zone, A to Z", "ゾーン (昇順)"),
    ("fi_sort_-zone", "zone, Z to A", "ゾーン (降順)"),
    ("fi_sort_kind", "kind, A to Z", "種別 (昇順)"),
    ("fi_sort_-kind", "kind, Z to A", "種別 (降順)"),
    ("fi_per_page", "Findings per page", "1ページの指摘件数"),
    ("fi_clear", "Clear the filters", "絞り込みを解除"),
    (
        "fi_none",
        "No finding matches this filter.",
        "この絞り込みに当てはまる指摘はありません。",
    ),
    (
        "fi_past_end",
        "This page is past the last one.",
        "このページは最後のページより後です。",
    ),
    ("fi_last_page", "Go to the last page", "最後のページへ"),
    ("fi_page", "Page", "ページ"),
    ("fi_first", "first", "最初"),
    ("fi_last", "last", "最後"),
    (
        "fi_export",
        "Download this view (every page of it):",
        "この表示を書き出す (全ページ):",
    ),
    (
        "fi_export_html",
        "report (HTML, prints to PDF)",
        "レポート (HTML、PDF に印刷可)",
    ),
    ("fi_export_pdf", "report (PDF)", "レポート (PDF)"),
];
