//! kojo-web: the multi-user web application behind `kojo serve`.
//!
//! Server-rendered pages (usable without JavaScript) and a JSON API under `/api/v1` over
//! one [`store::Store`] (SQLite or PostgreSQL). The server keeps no state outside the
//! database; the in-memory assessment cache is keyed by the model's hash and only saves time.
//!
//! Entry points: [`serve`] runs the server; [`router`] builds the `axum::Router` (tests drive
//! it with `tower::ServiceExt::oneshot`).

// Layers, bottom to top; a module imports only modules below it (ARCHITECTURE.md).
pub mod error;
pub mod http;
pub mod router;
pub mod service;
pub mod state;
pub mod store;
pub mod words;

pub use error::AppError;
pub use router::{router, serve};
pub use state::{AppState, Config};

#[cfg(test)]
mod tests;

/// Runs a future on a new multi-threaded tokio runtime, for the synchronous CLI shell.
pub fn block_on<F: std::future::Future>(f: F) -> anyhow::Result<F::Output> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    Ok(rt.block_on(f))
}
