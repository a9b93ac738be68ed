//! Japanese words for the values the pages show from fixed vocabularies: severities, the
//! model's enumerations (zone kinds, statuses, levels, asset kinds and traits, networks,
//! protections, party and checklist kinds, measure statuses), checklist answers, roles,
//! upload kinds and the OODA stages. The value itself stays what forms send and the YAML
//! holds; only the words shown change (see [`crate::words::i18n::Tr::v`]).

pub const VALUES: &[(&str, &str)] = &[
    // severities and levels
    ("critical", "重大"),
    ("high", "高"),
    ("medium", "中"),
    ("low", "低"),
    ("info", "情報"),
    // decision statuses (the words `kojo assess` uses)
    ("accepted", "リスク受容"),
    ("in-progress", "対応中"),
    ("mitigated", "対策済み"),
    ("false-positive", "誤検知"),
    // statuses
    ("existing", "既存"),
    ("new", "新規"),
    ("changed", "変更"),
    // zone kinds
    ("control", "制御"),
    ("production", "生産"),
    ("information", "情報系"),
    ("external", "外部"),
    ("dmz", "DMZ"),
    // asset kinds
    ("equipment", "機器"),
    ("software", "ソフトウェア"),
    ("data", "データ"),
    ("external-service", "外部サービス"),
    ("network", "ネットワーク"),
    // asset traits
    ("general-purpose", "汎用品"),
    ("embedded-computer", "組込みコンピュータ"),
    ("wireless", "無線"),
    ("remote-access", "リモートアクセス"),
    ("oss", "OSS"),
    ("cloud-hosted", "クラウド上"),
    ("private-cloud", "プライベートクラウド"),
    ("safety-function", "安全機能"),
    ("end-of-support", "サポート終了"),
    // networks
    ("internal", "構内ネットワーク"),
    ("internet", "インターネット"),
    ("vpn", "VPN"),
    ("carrier", "通信事業者網"),
    ("removable-media", "外部記憶媒体"),
    ("maintenance-laptop", "保守用PC"),
    ("serial", "シリアル"),
    ("fieldbus", "フィールドバス"),
    // protections
    ("encryption", "暗号化"),
    ("authentication", "認証"),
    ("input-validation", "入力検証"),
    ("integrity-check", "完全性確認"),
    ("backup", "バックアップ"),
    // party and checklist kinds
    ("cloud-service", "クラウドサービス"),
    ("equipment-supplier", "機器サプライヤー"),
    ("general-product-vendor", "汎用製品ベンダー"),
    ("software-vendor", "ソフトウェアベンダー"),
    ("outsourced-vendor", "業務委託先"),
    ("business-partner", "取引先企業"),
    ("general-product", "汎用製品"),
    // measure statuses
    ("implemented", "実施済み"),
    ("planned", "計画中"),
    ("not-planned", "未計画"),
    // checklist answers
    ("yes", "はい"),
    ("no", "いいえ"),
    ("partial", "一部"),
    ("not-applicable", "該当なし"),
    // roles in a factory
    ("admin", "管理者"),
    ("editor", "編集者"),
    ("viewer", "閲覧者"),
    ("supplier", "取引先"),
    // upload kinds
    ("capture", "キャプチャ"),
    ("sbom", "SBOM"),
    ("advisory", "脆弱性アドバイザリ"),
    ("evidence", "証跡"),
    // a measure whose scope is the whole factory
    ("factory", "工場全体"),
    // incident response (OODA, Tables 3-7/3-8)
    ("preventive", "予防"),
    ("damage", "被害発生時"),
    ("observe", "観察 (Observe)"),
    ("orient", "状況判断 (Orient)"),
    ("decide", "意思決定 (Decide)"),
    ("act", "行動 (Act)"),
];

#[cfg(test)]
mod tests {
    use super::VALUES;
    use kojo_model::vocab;

    /// Every word of the model's vocabularies the forms offer has a Japanese word.
    #[test]
    fn every_vocabulary_value_has_a_japanese_word() {
        let has = |w: &str| VALUES.iter().any(|(k, _)| *k == w);
        let mut all: Vec<&str> = Vec::new();
        all.extend(vocab::words(vocab::ZONE_KINDS));
        all.extend(vocab::words(vocab::STATUSES));
        all.extend(vocab::words(vocab::LEVELS));
        all.extend(vocab::words(vocab::ASSET_KINDS));
        all.extend(vocab::words(vocab::ASSET_TRAITS));
        all.extend(vocab::words(vocab::NETWORKS));
        all.extend(vocab::words(vocab::PROTECTIONS));
        all.extend(vocab::words(vocab::PARTY_KINDS));
        all.extend(vocab::words(vocab::CHECKLIST_KINDS));
        all.extend(vocab::words(vocab::MEASURE_STATUSES));
        all.extend(crate::service::answers::ANSWERS);
        all.extend(vocab::words(vocab::DECISION_STATUSES));
        for w in all {
            assert!(has(w), "no Japanese word for the value {w}");
        }
        let mut keys: Vec<&str> = VALUES.iter().map(|v| v.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "a value is listed twice");
    }
}
