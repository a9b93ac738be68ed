//! The interface's words in English and Japanese: page words, vocabulary values, the
//! editor's and the audit log's words and error messages. Imports nothing of the crate.

pub mod audit;
pub mod editor;
pub mod errors;
pub mod findings;
pub mod i18n;
pub mod triage;
pub mod values;
