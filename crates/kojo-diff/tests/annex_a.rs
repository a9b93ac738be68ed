//! The Annex A before/after pairs of `examples/annex-a/`: each diff must name what the
//! annex's third step names.

use kojo_diff::{ChangeKind, ModelDiff, ReviewKind, Side};
use std::path::PathBuf;

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/annex-a")
}

fn load(name: &str) -> kojo_model::Model {
    let path = examples().join(name);
    match kojo_model::load_file(&path) {
        Ok(m) => m,
        Err(d) => panic!("{} does not load: {d:#?}", path.display()),
    }
}

fn diff_case(n: u32) -> ModelDiff {
    let (old, new) = (
        load(&format!("case{n}-before.yaml")),
        load(&format!("case{n}-after.yaml")),
    );
    kojo_diff::diff(
        &Side {
            label: "before",
            model: &old,
            assessment: None,
        },
        &Side {
            label: "after",
            model: &new,
            assessment: None,
        },
    )
}

#[test]
fn print_all() {
    for n in 1..=3 {
        println!("{}", kojo_diff::render_text(&diff_case(n)));
    }
}
