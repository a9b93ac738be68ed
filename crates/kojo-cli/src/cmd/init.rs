//! `kojo init`: write a commented starter model (and the schema for editors).

use crate::Global;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write a commented starter model, `factory.yaml`, that passes `kojo check`, and
/// `kojo.schema.json` beside it for editor completion. Existing files are never overwritten.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo init                 # in the current directory
  kojo init plant-a/        # creates plant-a/ if needed
  kojo init plant-a/ && kojo check plant-a/factory.yaml")]
pub struct Args {
    /// Directory to write into (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
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
    write_new(&model, kojo_model::STARTER_YAML)?;
    write_new(&schema, &schema_text)?;
    println!("wrote {} and {}", model.display(), schema.display());
    println!("next: edit it, then `kojo check {}`", model.display());
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
