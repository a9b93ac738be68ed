//! `kojo init`: write a commented starter model (and the schema for editors).

use crate::Global;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write a commented starter model, `factory.yaml`, that passes `kojo check`, and
/// `kojo.schema.json` beside it for editor completion. Existing files are never overwritten.
/// With `--lang ja` the model's comments and display names are Japanese (keys stay).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo init                 # in the current directory
  kojo init plant-a/        # creates plant-a/ if needed
  kojo init --lang ja       # the starter's comments in Japanese
  kojo init plant-a/ && kojo check plant-a/factory.yaml")]
pub struct Args {
    /// Directory to write into (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let model = args.dir.join("factory.yaml");
    let schema = args.dir.join("kojo.schema.json");
    for p in [&model, &schema] {
        if p.exists() {
            anyhow::bail!(
                "`{}` already exists; kojo init does not overwrite files (choose another DIR or move it away)",
                p.display()
            );
        }
    }
    std::fs::create_dir_all(&args.dir)
        .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", args.dir.display()))?;
    let schema_text = serde_json::to_string_pretty(&kojo_model::schema::json_schema())? + "\n";
    let starter = match global.lang {
        kojo_lang::Lang::En => kojo_model::STARTER_YAML,
        kojo_lang::Lang::Ja => kojo_model::STARTER_YAML_JA,
    };
    write_new(&model, starter)?;
    write_new(&schema, &schema_text)?;
    let wrote = kojo_lang::Message::new("init-wrote")
        .arg("model", model.display().to_string())
        .arg("schema", schema.display().to_string());
    println!("{}", wrote.render(global.lang));
    let next = kojo_lang::Message::new("init-next").arg("model", model.display().to_string());
    println!("{}", next.render(global.lang));
    Ok(ExitCode::SUCCESS)
}

/// Create a file that must not exist yet (no race with a file created meanwhile).
fn write_new(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::global::{ColorChoice, Lang};

    /// The starter of each language passes `kojo check` (loader and catalog references),
    /// and the Japanese one describes the same factory with Japanese comments.
    #[test]
    fn the_starter_in_each_language_passes_check() {
        let catalog = kojo_catalog::Catalog::embedded().unwrap_or_else(|e| panic!("{e}"));
        let mut ids = Vec::new();
        for lang in Lang::ALL {
            let g = Global {
                catalog: Vec::new(),
                lang,
                color: ColorChoice::Never,
            };
            let dir = std::env::temp_dir().join(format!(
                "kojo-init-{}-{}",
                lang.code(),
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            run(Args { dir: dir.clone() }, &g).unwrap_or_else(|e| panic!("{e}"));
            let path = dir.join("factory.yaml");
            let checked = kojo_pipeline::load_checked(&path, &catalog);
            assert!(
                checked.valid().is_some(),
                "{}: {:?}",
                lang.code(),
                checked.diagnostics
            );
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let comments: String = text
                .lines()
                .filter_map(|l| l.split_once('#').map(|(_, c)| c))
                .collect();
            let japanese = comments
                .chars()
                .filter(|c| {
                    ('\u{3040}'..='\u{30ff}').contains(c) || ('\u{4e00}'..='\u{9fff}').contains(c)
                })
                .count();
            match lang {
                Lang::En => assert_eq!(japanese, 0, "{comments}"),
                Lang::Ja => assert!(japanese > 200, "{comments}"),
            }
            if let Some(m) = checked.model {
                let mut these: Vec<String> = m.assets.iter().map(|a| a.id.clone()).collect();
                these.extend(m.zones.iter().map(|z| z.id.clone()));
                these.extend(m.flows.iter().map(|f| f.id.clone()));
                ids.push(these);
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0], ids[1], "the same factory in both languages");
    }

    #[test]
    fn writes_a_valid_model_and_refuses_to_overwrite() {
        let g = Global {
            catalog: Vec::new(),
            lang: Lang::En,
            color: ColorChoice::Never,
        };
        let dir = std::env::temp_dir()
            .join(format!("kojo-init-{}", std::process::id()))
            .join("plant");
        let _ = std::fs::remove_dir_all(&dir);
        run(Args { dir: dir.clone() }, &g).unwrap_or_else(|e| panic!("{e}"));
        let model =
            kojo_model::load_file(&dir.join("factory.yaml")).unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(model.factory.name, "My factory");
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("kojo.schema.json"))
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            schema["required"],
            serde_json::json!(["version", "factory"])
        );
        std::fs::write(dir.join("factory.yaml"), "mine").unwrap_or_else(|e| panic!("{e}"));
        let err = run(Args { dir: dir.clone() }, &g)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.join("factory.yaml")).unwrap_or_default(),
            "mine"
        );
    }
}
