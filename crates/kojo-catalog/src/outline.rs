//! The outline of the smartification appendix (`catalog/seed-outline.yaml`) and the check
//! that a guideline reference names a section, part, table, row, figure or Annex A case
//! step that exists in it.

use crate::types::Reference;
use serde::Deserialize;
use std::collections::BTreeMap;

const OUTLINE_YAML: &str = include_str!("../../../catalog/seed-outline.yaml");

/// A table of the appendix: the section it sits in and how many rows (or points) it has.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlineTable {
    pub section: String,
    pub rows: u32,
    /// Letters the table uses for its viewpoints, e.g. `S` for safety in Table 3-4.
    #[serde(default)]
    pub marks: Vec<String>,
}

/// The appendix's sections, parts, topics, tables, figures and Annex A case steps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOutline {
    pub sections: Vec<String>,
    pub parts: BTreeMap<String, Vec<String>>,
    pub topics: BTreeMap<String, Vec<String>>,
    pub case_steps: u32,
    pub tables: BTreeMap<String, OutlineTable>,
    pub figures: Vec<String>,
}

impl SeedOutline {
    /// The outline embedded in this build.
    pub fn embedded() -> &'static SeedOutline {
        static OUTLINE: std::sync::OnceLock<SeedOutline> = std::sync::OnceLock::new();
        OUTLINE.get_or_init(|| match serde_saphyr::from_str(OUTLINE_YAML) {
            Ok(o) => o,
            // The file is compiled in and checked by the crate's tests.
            Err(e) => panic!("catalog/seed-outline.yaml does not parse: {e}"),
        })
    }

    /// Checks a reference as rules write it: comma-separated pieces, each a section with an
    /// optional part, topic and row (`3.3 (1)(ii)`, `3.1.7 row 9`), an Annex A case with an
    /// optional step (`Annex A (i) 3`), a table with an optional row or viewpoint mark
    /// (`Table 3-4 row 5`, `Table 3-4 (S)`), tables (`Tables 3-10 to 3-12`) or a figure.
    pub fn check(&self, reference: &str) -> Result<(), String> {
        if reference.trim().is_empty() {
            return Err("the reference is empty".into());
        }
        for piece in reference.split(", ") {
            self.check_piece(piece.trim())
                .map_err(|e| format!("reference `{reference}`: {e}"))?;
        }
        Ok(())
    }

    /// Checks a catalog entry's reference: the section, the table and its row, and that the
    /// table sits in (or around) that section. References into another document (`source`)
    /// are not the appendix's and are not checked here.
    pub fn check_reference(&self, r: &Reference) -> Result<(), String> {
        if r.source.is_some() {
            return Ok(());
        }
        let shown = r.to_string();
        let err = |e: String| format!("reference `{shown}`: {e}");
        match &r.table {
            None => {
                let s = match r.row {
                    Some(n) => format!("{} row {n}", r.section),
                    None => r.section.clone(),
                };
                self.check_piece(&s).map_err(err)
            }
            Some(t) => {
                self.check_piece(&r.section).map_err(err)?;
                let table = self.table(t).map_err(err)?;
                if let Some(row) = r.row {
                    check_row(t, table, row).map_err(err)?;
                }
                let (a, b) = (r.section.as_str(), table.section.as_str());
                if !(a.starts_with(b) || b.starts_with(a)) {
                    return Err(err(format!("{t} is in section {b}, not in {a}")));
                }
                Ok(())
            }
        }
    }

    fn table(&self, name: &str) -> Result<&OutlineTable, String> {
        self.tables.get(name).ok_or_else(|| {
            let names: Vec<&str> = self.tables.keys().map(String::as_str).collect();
            format!(
                "the appendix has no {name} (its tables: {})",
                names.join(", ")
            )
        })
    }

    fn check_piece(&self, piece: &str) -> Result<(), String> {
        if let Some(rest) = piece.strip_prefix("Tables ") {
            let sep = if rest.contains(" to ") {
                " to "
            } else {
                " and "
            };
            for t in rest.split(sep) {
                self.table(&format!("Table {}", t.trim()))?;
            }
            return Ok(());
        }
        if piece.starts_with("Table ") {
            let mut words = piece.split(' ');
            let name = format!("Table {}", words.nth(1).unwrap_or_default());
            let table = self.table(&name)?;
            let rest: Vec<&str> = words.collect();
            return match rest.as_slice() {
                [] => Ok(()),
                ["row", n] => check_row(&name, table, parse_number(n)?),
                [mark] if mark.starts_with('(') && mark.ends_with(')') => {
                    let m = &mark[1..mark.len() - 1];
                    if table.marks.iter().any(|x| x == m) {
                        Ok(())
                    } else {
                        Err(format!("{name} has no viewpoint ({m})"))
                    }
                }
                _ => Err(format!(
                    "`{piece}`: after a table only `row N` or a viewpoint mark such as (S) may follow"
                )),
            };
        }
        if piece.starts_with("Figure ") {
            return if self.figures.iter().any(|f| f == piece) {
                Ok(())
            } else {
                Err(format!("the appendix has no {piece}"))
            };
        }
        self.check_section(piece)
    }

    fn check_section(&self, piece: &str) -> Result<(), String> {
        // The longest section id the piece starts with, followed by its end or a space.
        let section = self
            .sections
            .iter()
            .filter(|s| {
                piece.starts_with(s.as_str())
                    && piece[s.len()..].chars().next().is_none_or(|c| c == ' ')
            })
            .max_by_key(|s| s.len())
            .ok_or_else(|| {
                let head = piece.split(' ').next().unwrap_or(piece);
                format!(
                    "the appendix has no section {head} (its sections: {}; Step 3 is 3.3, with parts (1)(i), (1)(ii) and (2))",
                    self.sections.join(", ")
                )
            })?;
        let mut rest = piece[section.len()..].trim_start();
        let mut at = section.clone();
        if rest.starts_with('(') {
            let end = rest.find(' ').unwrap_or(rest.len());
            let part = &rest[..end];
            let parts = self.parts.get(section.as_str());
            if !parts.is_some_and(|p| p.iter().any(|x| x == part)) {
                let known = parts.map(|p| p.join(", ")).unwrap_or_default();
                return Err(if known.is_empty() {
                    format!("section {section} has no numbered part {part}")
                } else {
                    format!("section {section} has no part {part} (its parts: {known})")
                });
            }
            at = format!("{section} {part}");
            rest = rest[end..].trim_start();
        }
        if rest.is_empty() {
            return Ok(());
        }
        // A trailing step or row number.
        let (topic, number) = match rest.rsplit_once(' ') {
            Some((t, n)) if n.chars().all(|c| c.is_ascii_digit()) => (t, Some(n)),
            _ if rest.chars().all(|c| c.is_ascii_digit()) => ("", Some(rest)),
            _ => (rest, None),
        };
        let topic = topic.strip_suffix(" row").unwrap_or(topic);
        let topic = if topic == "row" { "" } else { topic };
        if !topic.is_empty() {
            let topics = self.topics.get(at.as_str());
            if !topics.is_some_and(|t| t.iter().any(|x| x == topic)) {
                let known = topics.map(|t| t.join(", ")).unwrap_or_default();
                return Err(format!(
                    "{at} has no topic `{topic}`{}",
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!(" (its topics: {known})")
                    }
                ));
            }
        }
        if let Some(n) = number {
            let n = parse_number(n)?;
            let is_case = section == "Annex A" && at != *section;
            if is_case && (n == 0 || n > self.case_steps) {
                return Err(format!("{at} has steps 1 to {}, not {n}", self.case_steps));
            }
            if n == 0 {
                return Err(format!("{at}: rows count from 1"));
            }
        }
        Ok(())
    }
}

fn parse_number(s: &str) -> Result<u32, String> {
    s.parse().map_err(|_| format!("`{s}` is not a row number"))
}

fn check_row(name: &str, table: &OutlineTable, row: u32) -> Result<(), String> {
    if row == 0 || row > table.rows {
        Err(format!("{name} has rows 1 to {}, not {row}", table.rows))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_that_exist_pass_and_others_say_what_would_be_right() {
        let o = SeedOutline::embedded();
        for ok in [
            "3.3 (1)(i), Tables 3-7 and 3-8",
            "3.3 (2), Tables 3-10 to 3-12",
            "3.1.7, Table 3-4 (S)",
            "Annex A (i) 3",
            "Annex A (ii) row 2",
            "3.2.2 (1)(i) cloud services row 5",
            "3.1.7 row 9",
            "Annex A, Table C-1 row 8",
            "3.3, Figure 3-4",
        ] {
            assert_eq!(o.check(ok), Ok(()), "{ok}");
        }
        let e = o.check("3.3.1 (2), Table 3-12").unwrap_err();
        assert!(
            e.contains("no section 3.3.1") && e.contains("Step 3 is 3.3"),
            "{e}"
        );
        let e = o.check("Annex A (iv)").unwrap_err();
        assert!(e.contains("its parts: (i), (ii), (iii)"), "{e}");
        assert!(
            o.check("Annex A (i) 4")
                .unwrap_err()
                .contains("steps 1 to 3")
        );
        assert!(
            o.check("Table 3-12 row 20")
                .unwrap_err()
                .contains("rows 1 to 19")
        );
        assert!(o.check("Table 3-13").is_err());
        assert!(o.check("3.1.7, Table 3-4 (X)").is_err());
        assert!(o.check("3.3 (PDCA)").is_err());
        assert!(o.check("").is_err());
    }

    #[test]
    fn a_catalog_reference_s_table_must_sit_in_its_section() {
        let o = SeedOutline::embedded();
        let r = |section: &str, table: Option<&str>, row: Option<u32>| Reference {
            section: section.into(),
            table: table.map(Into::into),
            row,
            ..Default::default()
        };
        assert_eq!(
            o.check_reference(&r("3.3 (2)", Some("Table 3-12"), Some(19))),
            Ok(())
        );
        assert_eq!(
            o.check_reference(&r("3.3", Some("Table 3-10"), None)),
            Ok(())
        );
        assert!(
            o.check_reference(&r("Annex A (i)", Some("Table 3-4"), Some(5)))
                .is_err()
        );
        assert!(
            o.check_reference(&r("3.3 (2)", Some("Table 3-12"), Some(20)))
                .is_err()
        );
    }
}
