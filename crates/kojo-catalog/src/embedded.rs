//! The catalog files under `catalog/` at the repository root, compiled into the binary.

use crate::load::Source;

/// Embedded files, in load order (the SR list first: threats and measures refer to it).
const FILES: &[(&str, &str)] = &[
    (
        "catalog/index.yaml",
        include_str!("../../../catalog/index.yaml"),
    ),
    (
        "catalog/iec62443-3-3.yaml",
        include_str!("../../../catalog/iec62443-3-3.yaml"),
    ),
    (
        "catalog/step1.yaml",
        include_str!("../../../catalog/step1.yaml"),
    ),
    (
        "catalog/threat-types.yaml",
        include_str!("../../../catalog/threat-types.yaml"),
    ),
    (
        "catalog/threats.yaml",
        include_str!("../../../catalog/threats.yaml"),
    ),
    (
        "catalog/measures.yaml",
        include_str!("../../../catalog/measures.yaml"),
    ),
    (
        "catalog/lifecycle.yaml",
        include_str!("../../../catalog/lifecycle.yaml"),
    ),
    (
        "catalog/checklists.yaml",
        include_str!("../../../catalog/checklists.yaml"),
    ),
    (
        "catalog/annex-a.yaml",
        include_str!("../../../catalog/annex-a.yaml"),
    ),
    (
        "catalog/risk-method.yaml",
        include_str!("../../../catalog/risk-method.yaml"),
    ),
    (
        "catalog/pdca.yaml",
        include_str!("../../../catalog/pdca.yaml"),
    ),
];

/// The embedded files as sources to load.
pub(crate) fn sources() -> Vec<Source> {
    FILES
        .iter()
        .map(|(name, text)| Source {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
            pack: false,
        })
        .collect()
}
