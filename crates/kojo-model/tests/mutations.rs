//! Property test: models mutated at random never make the loader panic, and every
//! diagnostic it returns points inside the text.

use proptest::prelude::*;
use std::path::Path;

const MODEL: &str = kojo_model::STARTER_YAML;

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
    ReplaceWord { nth: usize, with: String },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippet = prop_oneof![
        Just(": ".to_string()),
        Just("\n  - ".to_string()),
        Just("[".to_string()),
        Just("}".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("<<: *a\n".to_string()),
        Just("\"".to_string()),
        Just("\t".to_string()),
        Just("---\n".to_string()),
        Just("é".to_string()),
        "[a-z0-9 :\\-\\[\\]{},#&*!|>'\"\n]{1,12}",
    ];
    let word = prop_oneof![
        Just("high".to_string()),
        Just("7".to_string()),
        Just("zone-x".to_string()),
        Just("".to_string()),
        Just("~".to_string()),
        Just("[a, b]".to_string()),
        Just("{k: v}".to_string()),
        Just("2025-13-01".to_string()),
        Just("10.0.0.0/99".to_string()),
        "[a-z\\-]{1,10}",
    ];
    prop_oneof![
        (0..MODEL.len(), 1..40usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (0..MODEL.len(), snippet).prop_map(|(at, text)| Mutation::Insert { at, text }),
        (0..120usize).prop_map(|line| Mutation::DuplicateLine { line }),
        (0..120usize, 0..120usize).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        (0..400usize, word).prop_map(|(nth, with)| Mutation::ReplaceWord { nth, with }),
    ]
}

/// The byte index at or before `at` that is a char boundary.
fn boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, m: &Mutation) -> String {
    match m {
        Mutation::Delete { at, len } => {
            let a = boundary(text, *at);
            let b = boundary(text, a + len);
            format!("{}{}", &text[..a], &text[b..])
        }
        Mutation::Insert { at, text: ins } => {
            let a = boundary(text, *at);
            format!("{}{ins}{}", &text[..a], &text[a..])
        }
        Mutation::DuplicateLine { line } => {
            let mut lines: Vec<&str> = text.lines().collect();
            if let Some(l) = lines.get(line % lines.len().max(1)).copied() {
                lines.insert(line % lines.len().max(1), l);
            }
            lines.join("\n")
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<&str> = text.lines().collect();
            let n = lines.len().max(1);
            if !lines.is_empty() {
                lines.swap(a % n, b % n);
            }
            lines.join("\n")
        }
        Mutation::ReplaceWord { nth, with } => {
            // Replace the value after the nth `: ` (keeps the structure, breaks the content).
            let Some((i, _)) = text
                .match_indices(": ")
                .nth(nth % text.matches(": ").count().max(1))
            else {
                return text.to_string();
            };
            let start = i + 2;
            let end = text[start..]
                .find(['\n', '#'])
                .map_or(text.len(), |e| start + e);
            format!("{}{with}{}", &text[..start], &text[end..])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_models_never_panic(muts in prop::collection::vec(mutation(), 1..5)) {
        let mut text = MODEL.to_string();
        for m in &muts {
            text = apply(&text, m);
        }
        let lines = text.lines().count() as u32 + 1;
        match kojo_model::load_str(Path::new("m.yaml"), &text) {
            Ok(model) => prop_assert!(!model.factory.name.is_empty() || text.contains("name:")),
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                for d in &diags {
                    let p = d.position.as_ref();
                    prop_assert!(p.is_some_and(|p| p.line >= 1 && p.line <= lines && p.column >= 1), "{d:?}");
                    prop_assert!(!d.message.is_empty());
                }
                // Rendering never panics either, whatever the positions.
                let out = kojo_model::render::render_human(&diags, &|_| Some(text.clone()), false);
                prop_assert!(out.contains("error["));
            }
        }
    }
}
