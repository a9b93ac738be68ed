//! `kojo decisions import`: the XLSX register exported by kojo, three rows edited with a
//! spreadsheet library, read back — two decisions land in the model (its comments kept, the
//! assessment shows them), the bad row is refused with its reason; a dry run writes nothing.

use calamine::{Data, Reader, Xlsx};
use std::path::Path;
use std::process::{Command, Output};

fn kojo(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kojo"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("the kojo binary runs: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn an_edited_xlsx_register_comes_back_into_the_model() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a/case1-after.yaml");
    let model = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{e}"));
    let model = format!("# our plant: this comment must stay\n{model}");
    std::fs::write(d.join("factory.yaml"), &model).unwrap_or_else(|e| panic!("{e}"));
    let today = ["--today", "2026-12-01"];
    let o = kojo(
        d,
        &[
            &[
                "assess",
                "factory.yaml",
                "--format",
                "xlsx",
                "-o",
                "reg.xlsx",
            ][..],
            &today,
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));

    // Edit three rows of the register sheet and write the workbook again.
    let bytes = std::fs::read(d.join("reg.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let range = wb
        .worksheet_range("Risk register")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert!(rows.len() > 4, "the model has findings");
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let (status, reason, owner, due) = (
        col("status"),
        col("decision_reason"),
        col("owner"),
        col("due"),
    );
    rows[1][status] = "accepted".into();
    rows[1][reason] = "separate zone planned for the 2027 retrofit".into();
    rows[2][status] = "in-progress".into();
    rows[2][owner] = "production-engineering".into();
    rows[2][due] = "2027-01-31".into();
    rows[3][status] = "done".into();
    let (a, b, bad) = (rows[1][0].clone(), rows[2][0].clone(), rows[3][0].clone());
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    out.save(d.join("edited.xlsx"))
        .unwrap_or_else(|e| panic!("{e}"));

    // A dry run: every row accounted for, the diff shown, nothing written.
    let o = kojo(
        d,
        &[
            &["decisions", "import", "edited.xlsx", "factory.yaml"][..],
            &today,
        ]
        .concat(),
    );
    let shown = text(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a refused row: exit 1\n{shown}{}",
        text(&o.stderr)
    );
    assert!(
        shown.contains(&format!("row 2: {a}: accepted (applied)")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("row 3: {b}: in-progress (applied)")),
        "{shown}"
    );
    assert!(
        shown.contains("row 4: refused: status \"done\" is not one of open, accepted"),
        "{shown}"
    );
    assert!(shown.contains(&format!("+  - finding: {a}")), "{shown}");
    assert!(
        shown.contains(&format!(
            "2 applied, {} unchanged, 1 refused",
            rows.len() - 4
        )),
        "{shown}"
    );
    assert!(shown.contains("Dry run"), "{shown}");
    assert!(!bad.is_empty());
    assert_eq!(
        std::fs::read_to_string(d.join("factory.yaml"))
            .ok()
            .as_deref(),
        Some(model.as_str())
    );

    // --write: the decisions are in the model, its comment kept, and the assessment shows them.
    let o = kojo(
        d,
        &[
            &[
                "decisions",
                "import",
                "edited.xlsx",
                "factory.yaml",
                "--write",
            ][..],
            &today,
        ]
        .concat(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    let written = std::fs::read_to_string(d.join("factory.yaml")).unwrap_or_default();
    assert!(
        written.starts_with("# our plant: this comment must stay\n"),
        "{written}"
    );
    assert!(
        written.contains(&format!("  - finding: {b}\n    status: in-progress\n")),
        "{written}"
    );
    let o = kojo(
        d,
        &[&["assess", "factory.yaml", "--format", "json"][..], &today].concat(),
    );
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    let decision = |id: &str| {
        j["findings"]
            .as_array()
            .and_then(|fs| fs.iter().find(|f| f["id"] == id))
            .map(|f| f["decision"].clone())
            .unwrap_or_default()
    };
    assert_eq!(decision(&a)["status"], "accepted");
    assert_eq!(
        decision(&a)["reason"],
        "separate zone planned for the 2027 retrofit"
    );
    assert_eq!(decision(&b)["owner"], "production-engineering");
    assert_eq!(decision(&b)["due"], "2027-01-31");
    assert_eq!(decision(&bad), serde_json::Value::Null);

    // Again: the applied rows are now unchanged.
    let o = kojo(
        d,
        &[
            &["decisions", "import", "edited.xlsx", "factory.yaml"][..],
            &today,
        ]
        .concat(),
    );
    let shown = text(&o.stdout);
    assert!(
        shown.contains(&format!(
            "0 applied, {} unchanged, 1 refused",
            rows.len() - 2
        )),
        "{shown}"
    );
}
