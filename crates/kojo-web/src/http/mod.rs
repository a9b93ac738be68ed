//! HTTP: extractors, sessions, request layers, the pages and the JSON API, each handler a
//! thin shell over a [`crate::service`].

pub mod api;
pub mod extract;
pub mod layers;
pub mod pages;
pub mod respond;
pub mod session;
