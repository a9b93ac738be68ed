//! kojo-diff: Model and assessment diff between PDCA cycles.
