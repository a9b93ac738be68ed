//! Fuzz the model loader: any bytes (as UTF-8 text) must give a model or diagnostics,
//! never a panic, hang or runaway allocation; rendering the diagnostics must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match kojo_model::load_str(Path::new("fuzz.yaml"), text) {
        Ok(model) => {
            let _ = kojo_model::ModelIndex::new(&model);
        }
        Err(diags) => {
            let _ = kojo_model::render::render_human(&diags, &|_| Some(text.to_string()), false);
            let _ = kojo_model::render::diagnostics_json(&diags);
        }
    }
    let _ = kojo_model::schema::yaml_to_json(text);
});
