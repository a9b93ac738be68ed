//! The Japanese words for the values the pages show from fixed vocabularies (severities,
//! the model's enumerations, checklist answers, roles, upload kinds, the OODA stages) are
//! kojo-lang's `values.ftl`, shared with the reports; [`crate::words::i18n::Tr::v`] shows
//! them. The value itself stays what forms send and the YAML holds.

#[cfg(test)]
mod tests {
    use kojo_lang::{Lang, value};
    use kojo_model::vocab;

    /// Every word of the model's vocabularies the forms offer has a Japanese word.
    #[test]
    fn every_vocabulary_value_has_a_japanese_word() {
        let has = |w: &str| value(Lang::Ja, w) != w;
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
        for w in all {
            assert!(has(w), "no Japanese word for the value {w}");
        }
        for w in [
            "admin", "editor", "viewer", "supplier", "auditor", "capture", "advisory", "observe",
        ] {
            assert!(has(w), "no Japanese word for {w}");
        }
    }
}
