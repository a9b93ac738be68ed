//! Parsing and checking catalog files: every problem is collected, each naming file and line.

use crate::types::*;
use crate::{Catalog, CatalogError, vocab};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};

/// One catalog text to load.
pub(crate) struct Source {
    pub name: String,
    pub text: String,
    /// A `--catalog` pack (may replace the risk method).
    pub pack: bool,
}

// Second, lenient parse of the same text: only the ids, with where they are written.
#[derive(Deserialize)]
struct IdSpan {
    id: Spanned<String>,
}
#[derive(Deserialize)]
struct ChecklistSpan {
    id: Spanned<String>,
    #[serde(default)]
    items: Vec<IdSpan>,
}
#[derive(Deserialize, Default)]
struct SpanFile {
    #[serde(default)]
    entries: Vec<IdSpan>,
    #[serde(default)]
    threats: Vec<IdSpan>,
    #[serde(default)]
    measures: Vec<IdSpan>,
    #[serde(default)]
    checklists: Vec<ChecklistSpan>,
    #[serde(default)]
    ooda: Vec<IdSpan>,
    #[serde(default)]
    maturity: Vec<IdSpan>,
    #[serde(default)]
    iec62443: Vec<IdSpan>,
    #[serde(default)]
    risk_method: Option<IdSpan>,
    #[serde(default)]
    review_periods: Option<IdSpan>,
}

fn origin(file: &str, s: Option<&IdSpan>) -> Origin {
    match s {
        Some(s) => Origin {
            file: file.to_owned(),
            line: s.id.referenced.line() as u32,
            column: s.id.referenced.column() as u32,
        },
        None => Origin {
            file: file.to_owned(),
            line: 0,
            column: 0,
        },
    }
}

fn parse(src: &Source, errors: &mut Vec<String>) -> Option<CatalogFile> {
    let file: CatalogFile = match serde_saphyr::from_str(&src.text) {
        Ok(f) => f,
        Err(e) => {
            let (line, col) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((0, 0));
            let msg = e.without_snippet().to_string();
            // The position is already in front; drop the library's own copy of it.
            let suffix = format!(" at line {line}, column {col}");
            let msg = msg.strip_suffix(&suffix).unwrap_or(&msg);
            let hint = if msg.contains("`provenance`") {
                " (every entry says where its words come from: seed, seed-paraphrase or kojo)"
            } else {
                ""
            };
            errors.push(format!("{}:{line}:{col}: {msg}{hint}", src.name));
            return None;
        }
    };
    let spans: SpanFile = serde_saphyr::from_str(&src.text).unwrap_or_default();
    let mut file = file;
    let n = &src.name;
    for (i, e) in file.entries.iter_mut().enumerate() {
        e.origin = origin(n, spans.entries.get(i));
    }
    for (i, e) in file.threats.iter_mut().enumerate() {
        e.origin = origin(n, spans.threats.get(i));
    }
    for (i, e) in file.measures.iter_mut().enumerate() {
        e.origin = origin(n, spans.measures.get(i));
    }
    for (i, c) in file.checklists.iter_mut().enumerate() {
        let cs = spans.checklists.get(i);
        c.origin = match cs {
            Some(cs) => Origin {
                file: n.clone(),
                line: cs.id.referenced.line() as u32,
                column: cs.id.referenced.column() as u32,
            },
            None => origin(n, None),
        };
        for (j, it) in c.items.iter_mut().enumerate() {
            it.origin = origin(n, cs.and_then(|cs| cs.items.get(j)));
        }
    }
    for (i, e) in file.ooda.iter_mut().enumerate() {
        e.origin = origin(n, spans.ooda.get(i));
    }
    for (i, e) in file.maturity.iter_mut().enumerate() {
        e.origin = origin(n, spans.maturity.get(i));
    }
    for (i, e) in file.iec62443.iter_mut().enumerate() {
        e.origin = origin(n, spans.iec62443.get(i));
    }
    if let Some(r) = file.risk_method.as_mut() {
        r.origin = origin(n, spans.risk_method.as_ref());
    }
    if let Some(r) = file.review_periods.as_mut() {
        r.origin = origin(n, spans.review_periods.as_ref());
    }
    Some(file)
}

/// A parsed file, with its name and whether it is a pack.
type Parsed = (String, bool, CatalogFile);

/// Parses each source; syntax and shape errors go to `errors`.
fn parse_all(sources: &[Source], errors: &mut Vec<String>) -> Vec<Parsed> {
    sources
        .iter()
        .filter_map(|src| parse(src, errors).map(|f| (src.name.clone(), src.pack, f)))
        .collect()
}

/// The embedded files, parsed once per process (packs are checked against them each time).
fn embedded_parsed() -> &'static Result<Vec<Parsed>, Vec<String>> {
    static PARSED: std::sync::OnceLock<Result<Vec<Parsed>, Vec<String>>> =
        std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        let mut errors = Vec::new();
        let files = parse_all(&crate::embedded::sources(), &mut errors);
        if errors.is_empty() {
            Ok(files)
        } else {
            Err(errors)
        }
    })
}

/// Loads the embedded catalog followed by `packs`.
pub(crate) fn load_embedded_with(packs: &[Source]) -> Result<Catalog, CatalogError> {
    let mut errors = Vec::new();
    let mut files = match embedded_parsed() {
        Ok(f) => f.clone(),
        Err(e) => return Err(CatalogError(e.join("\n"))),
    };
    files.extend(parse_all(packs, &mut errors));
    merge(files, errors)
}

/// Loads and checks the sources in order; packs come after the embedded files.
pub(crate) fn load(sources: &[Source]) -> Result<Catalog, CatalogError> {
    let mut errors = Vec::new();
    let files = parse_all(sources, &mut errors);
    merge(files, errors)
}

fn merge(files: Vec<Parsed>, mut errors: Vec<String>) -> Result<Catalog, CatalogError> {
    let mut cat = Catalog::default();
    let mut risk_from_pack: Option<String> = None;
    for (name, pack, f) in files {
        cat.files.push(name.clone());
        if let Some(v) = f.catalog_version
            && !pack
        {
            cat.version = v;
        }
        cat.entries.extend(f.entries);
        cat.threats.extend(f.threats);
        cat.measures.extend(f.measures);
        cat.checklists.extend(f.checklists);
        cat.ooda.extend(f.ooda);
        cat.maturity.extend(f.maturity);
        cat.requirements.extend(f.iec62443);
        if let Some(rm) = f.risk_method {
            match (&cat.risk_method, pack) {
                (Some(_), true) if risk_from_pack.is_none() => {
                    // A pack may replace the embedded risk method (IPA defaults are [R]).
                    risk_from_pack = Some(name);
                    cat.risk_method = Some(rm);
                }
                (Some(prev), _) => errors.push(format!(
                    "{}: a second risk method `{}`; the first is defined at {}",
                    rm.origin, rm.id, prev.origin
                )),
                (None, _) => cat.risk_method = Some(rm),
            }
        }
        // A pack's review periods replace the embedded ones (the last pack wins).
        if let Some(rp) = f.review_periods {
            cat.review_periods = Some(rp);
        }
    }
    if errors.is_empty() {
        check(&mut cat, &mut errors);
    }
    if errors.is_empty() {
        derive(&mut cat);
        Ok(cat)
    } else {
        Err(CatalogError(errors.join("\n")))
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

fn valid_csf(id: &str) -> bool {
    // `PR.AA-01`: function, category, two-digit subcategory.
    let b = id.as_bytes();
    b.len() == 8
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2] == b'.'
        && b[3..5].iter().all(u8::is_ascii_uppercase)
        && b[5] == b'-'
        && b[6..].iter().all(u8::is_ascii_digit)
}

fn valid_attack(id: &str) -> bool {
    // ATT&CK for ICS techniques are `T08nn`.
    id.len() == 5 && id.starts_with("T0") && id[1..].bytes().all(|c| c.is_ascii_digit())
}

fn check_text(what: &str, o: &Origin, t: &Text, errors: &mut Vec<String>) {
    if t.en.trim().is_empty() || t.ja.trim().is_empty() {
        errors.push(format!("{o}: {what} needs both `en` and `ja` text"));
    }
}

fn check_reference(o: &Origin, r: &Reference, errors: &mut Vec<String>) {
    if r.section.trim().is_empty() {
        errors.push(format!("{o}: `reference.section` is empty"));
    }
}

fn check_mappings(
    o: &Origin,
    iec: &[String],
    csf: &[String],
    srs: &BTreeSet<&str>,
    errors: &mut Vec<String>,
) {
    for sr in iec {
        if !srs.contains(sr.as_str()) {
            errors.push(format!(
                "{o}: IEC 62443-3-3 id `{sr}` is not in the SR list (write e.g. `SR 5.1` or `SR 1.1 RE2`)"
            ));
        }
    }
    for c in csf {
        if !valid_csf(c) {
            errors.push(format!(
                "{o}: `{c}` is not a NIST CSF 2.0 subcategory id (write e.g. `PR.AA-01`)"
            ));
        }
    }
}

fn check(cat: &mut Catalog, errors: &mut Vec<String>) {
    // One id namespace across the whole catalog; checklist items are scoped by checklist.
    let mut seen: BTreeMap<String, Origin> = BTreeMap::new();
    let mut note = |id: String, o: &Origin, errors: &mut Vec<String>| {
        if let Some(prev) = seen.get(&id) {
            errors.push(format!(
                "{o}: duplicate id `{id}`; it is already defined at {prev}"
            ));
        } else {
            seen.insert(id, o.clone());
        }
    };
    let prefixed = |id: &str, prefix: &str, o: &Origin, errors: &mut Vec<String>| {
        if !id.starts_with(prefix) {
            errors.push(format!("{o}: id `{id}` should start with `{prefix}`"));
        }
        if !valid_id(id) {
            errors.push(format!(
                "{o}: id `{id}` may use only a-z, 0-9, `-` and `.`, starting with a letter or digit"
            ));
        }
    };
    for e in &cat.entries {
        prefixed(&e.id, "", &e.origin, errors);
        note(e.id.clone(), &e.origin, errors);
        check_text("an entry title", &e.origin, &e.title, errors);
        check_text("an entry text", &e.origin, &e.text, errors);
        check_reference(&e.origin, &e.reference, errors);
    }
    for t in &cat.threats {
        prefixed(&t.id, "thr-", &t.origin, errors);
        note(t.id.clone(), &t.origin, errors);
    }
    for m in &cat.measures {
        prefixed(&m.id, "msr-", &m.origin, errors);
        note(m.id.clone(), &m.origin, errors);
    }
    for c in &cat.checklists {
        prefixed(&c.id, "chk-", &c.origin, errors);
        note(c.id.clone(), &c.origin, errors);
        for i in &c.items {
            note(format!("{}.{}", c.id, i.id), &i.origin, errors);
        }
    }
    for o in &cat.ooda {
        prefixed(&o.id, "ooda-", &o.origin, errors);
        note(o.id.clone(), &o.origin, errors);
    }
    for m in &cat.maturity {
        prefixed(&m.id, "mat-", &m.origin, errors);
        note(m.id.clone(), &m.origin, errors);
    }
    for r in &cat.requirements {
        note(r.id.clone(), &r.origin, errors);
        check_text("a requirement title", &r.origin, &r.title, errors);
        if !r.id.starts_with("SR ") {
            errors.push(format!(
                "{}: `{}` is not an IEC 62443-3-3 SR id (write e.g. `SR 5.1` or `SR 1.1 RE2`)",
                r.origin, r.id
            ));
        }
        if let Some(sl) = r.min_sl
            && !(1..=4).contains(&sl)
        {
            errors.push(format!("{}: `min_sl: {sl}` must be 1-4", r.origin));
        }
    }
    if let Some(r) = &cat.risk_method {
        note(r.id.clone(), &r.origin, errors);
        check_risk_method(r, errors);
    }
    if let Some(r) = &cat.review_periods {
        for (key, months) in [
            ("bcp_review_months", r.bcp_review_months),
            ("checklist_answer_months", r.checklist_answer_months),
        ] {
            if !(1..=240).contains(&months) {
                errors.push(format!(
                    "{}: `{key}: {months}` must be 1-240 months",
                    r.origin
                ));
            }
        }
    }

    let ids: BTreeSet<&str> = seen_ids(cat);
    let srs: BTreeSet<&str> = cat.requirements.iter().map(|r| r.id.as_str()).collect();
    let kind_of = |id: &str| cat.entries.iter().find(|e| e.id == id).map(|e| e.kind);
    let measure_ids: BTreeSet<&str> = cat.measures.iter().map(|m| m.id.as_str()).collect();

    for e in &cat.entries {
        for r in &e.refs {
            if !ids.contains(r.as_str()) {
                errors.push(format!(
                    "{}: `refs` names `{r}`, which is not in the catalog",
                    e.origin
                ));
            }
        }
        if let Some(g) = &e.group
            && !ids.contains(g.as_str())
        {
            errors.push(format!("{}: `group: {g}` is not in the catalog", e.origin));
        }
    }
    for t in &mut cat.threats {
        let o = &t.origin;
        check_text("a threat title", o, &t.title, errors);
        check_text("a threat text", o, &t.text, errors);
        for r in t.references() {
            check_reference(o, r, errors);
        }
        if kind_of(&t.threat_type) != Some(EntryKind::ThreatType) {
            errors.push(format!(
                "{o}: `threat_type: {}` is not one of the threat types of 3.1.7 (entries `tt-…`)",
                t.threat_type
            ));
        }
        if kind_of(&t.viewpoint) != Some(EntryKind::Perspective) {
            errors.push(format!(
                "{o}: `viewpoint: {}` is not a Table 3-4 viewpoint (entries `vp-…`)",
                t.viewpoint
            ));
        }
        if !(1..=3).contains(&t.level) {
            errors.push(format!("{o}: `level: {}` must be 1-3", t.level));
        }
        if !(1..=4).contains(&t.sl) {
            errors.push(format!("{o}: `sl: {}` must be 1-4", t.sl));
        }
        if t.impacts.is_empty() {
            errors.push(format!("{o}: `impacts` is empty; name at least one of safety, quality, delivery, cost, business_continuity"));
        }
        if t.measures.is_empty() {
            errors.push(format!(
                "{o}: `measures` is empty; name the measures that counter it"
            ));
        }
        for m in &t.measures {
            if !measure_ids.contains(m.as_str()) {
                errors.push(format!("{o}: measure `{m}` is not in the catalog"));
            }
        }
        check_mappings(o, &t.iec62443, &t.csf, &srs, errors);
        for a in &t.attack {
            if !valid_attack(a) {
                errors.push(format!(
                    "{o}: `{a}` is not an ATT&CK for ICS technique id (write e.g. `T0886`)"
                ));
            }
        }
        if t.applies.is_empty() {
            errors.push(format!(
                "{o}: `applies` is empty; a threat must say where it applies"
            ));
        }
        t.conditions.clear();
        for (i, a) in t.applies.iter().enumerate() {
            match a.to_typed() {
                Ok(c) => t.conditions.push(c),
                Err(es) => {
                    for e in es {
                        errors.push(format!("{o}: applies[{i}]: {e}"));
                    }
                }
            }
        }
    }
    for m in &cat.measures {
        let o = &m.origin;
        check_text("a measure title", o, &m.title, errors);
        check_text("a measure text", o, &m.text, errors);
        check_reference(o, &m.reference, errors);
        if !(1..=3).contains(&m.reduces_vulnerability) {
            errors.push(format!(
                "{o}: `reduces_vulnerability: {}` must be 1-3",
                m.reduces_vulnerability
            ));
        }
        check_mappings(o, &m.iec62443, &m.csf, &srs, errors);
    }
    for c in &cat.checklists {
        let o = &c.origin;
        check_text("a checklist title", o, &c.title, errors);
        check_reference(o, &c.reference, errors);
        if !valid_id(&c.kind) {
            errors.push(format!(
                "{o}: checklist kind `{}` is not a kebab-case id",
                c.kind
            ));
        }
        for p in &c.party_kinds {
            if vocab::parse(vocab::PARTY_KINDS, p).is_none() {
                errors.push(format!(
                    "{o}: party kind `{p}` is not one of {}",
                    vocab::words(vocab::PARTY_KINDS).join(", ")
                ));
            }
        }
        for i in &c.items {
            let io = &i.origin;
            check_text("a checklist item title", io, &i.title, errors);
            check_text("a checklist item text", io, &i.text, errors);
            check_reference(io, &i.reference, errors);
            let want = format!("{}.", i.phase.id_prefix());
            if !i.id.starts_with(&want) || !valid_id(&i.id) {
                errors.push(format!(
                    "{io}: checklist item id `{}` should be `{want}<name>` (kebab-case) for phase {:?}",
                    i.id, i.phase
                ));
            }
            check_mappings(io, &i.iec62443, &i.csf, &srs, errors);
        }
    }
    for r in &cat.ooda {
        let o = &r.origin;
        check_text("an OODA title", o, &r.title, errors);
        check_text("an OODA text", o, &r.text, errors);
        check_text("an OODA lead", o, &r.lead, errors);
        for d in &r.deciders {
            if !kojo_model::DECIDER_ROLES.contains(&d.as_str()) {
                errors.push(format!(
                    "{o}: decider `{d}` is not one of {}",
                    kojo_model::DECIDER_ROLES.join(", ")
                ));
            }
        }
        for k in &r.lead_kinds {
            if vocab::parse(vocab::DEPARTMENT_KINDS, k).is_none() {
                errors.push(format!(
                    "{o}: lead kind `{k}` is not one of {}",
                    vocab::words(vocab::DEPARTMENT_KINDS).join(", ")
                ));
            }
        }
    }
    for m in &cat.maturity {
        check_text("a maturity title", &m.origin, &m.title, errors);
        check_text("a maturity text", &m.origin, &m.text, errors);
    }
}

fn seen_ids(cat: &Catalog) -> BTreeSet<&str> {
    let mut s = BTreeSet::new();
    s.extend(cat.entries.iter().map(|e| e.id.as_str()));
    s.extend(cat.threats.iter().map(|e| e.id.as_str()));
    s.extend(cat.measures.iter().map(|e| e.id.as_str()));
    s.extend(cat.checklists.iter().map(|e| e.id.as_str()));
    s.extend(cat.ooda.iter().map(|e| e.id.as_str()));
    s.extend(cat.maturity.iter().map(|e| e.id.as_str()));
    s.extend(cat.requirements.iter().map(|e| e.id.as_str()));
    s
}

fn check_risk_method(r: &RiskMethod, errors: &mut Vec<String>) {
    let o = &r.origin;
    for (name, scale) in [
        ("importance", &r.importance),
        ("threat", &r.threat),
        ("vulnerability", &r.vulnerability),
    ] {
        let mut values: Vec<u8> = scale.iter().map(|l| l.value).collect();
        values.sort_unstable();
        if values != [1, 2, 3] {
            errors.push(format!(
                "{o}: the `{name}` scale must have levels 1, 2 and 3, found {values:?}"
            ));
        }
    }
    let level_ids: BTreeSet<&str> = r.levels.iter().map(|l| l.id.as_str()).collect();
    let mut cells = BTreeSet::new();
    for c in &r.combination {
        if !level_ids.contains(c.risk.as_str()) {
            errors.push(format!(
                "{o}: combination {}/{}/{} gives risk `{}`, which is not in `levels`",
                c.importance, c.threat, c.vulnerability, c.risk
            ));
        }
        if !cells.insert((c.importance, c.threat, c.vulnerability)) {
            errors.push(format!(
                "{o}: combination {}/{}/{} is given twice",
                c.importance, c.threat, c.vulnerability
            ));
        }
    }
    for i in 1..=3u8 {
        for t in 1..=3u8 {
            for v in 1..=3u8 {
                if !cells.contains(&(i, t, v)) {
                    errors.push(format!(
                        "{o}: combination importance {i}, threat {t}, vulnerability {v} is missing"
                    ));
                }
            }
        }
    }
    let vr = &r.vulnerability_rule;
    if !(1..=3).contains(&vr.start) || !(1..=3).contains(&vr.floor) || vr.floor > vr.start {
        errors.push(format!(
            "{o}: `vulnerability_rule` needs 1 <= floor <= start <= 3"
        ));
    }
}

/// Fills derived fields: measures' `mitigates`, the id index.
fn derive(cat: &mut Catalog) {
    cat.build_index();
    let mut by_measure: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in &cat.threats {
        for m in &t.measures {
            by_measure.entry(m.clone()).or_default().push(t.id.clone());
        }
    }
    for m in &mut cat.measures {
        m.mitigates = by_measure.remove(&m.id).unwrap_or_default();
    }
}
