//! kojo-web: the multi-user web application behind `kojo serve`.
//!
//! Server-rendered pages (usable without JavaScript) and a JSON API under `/api/v1` over
//! one [`store::Store`] (SQLite or PostgreSQL). The server keeps no state outside the
//! database; the in-memory assessment cache is keyed by the model's hash and only saves time.

pub mod store;
