//! Every operation of the web application, free of HTTP: each takes the state, who asks
//! ([`access::Auth`]) and plain inputs, checks the role and returns values or an
//! [`crate::error::AppError`]. Listed bottom to top: a service imports only those above it
//! in this list.

pub mod access;
pub mod answers;
pub mod assessment;
pub mod audit;
pub mod dashboard;
pub mod demo;
pub mod editor;
pub mod factories;
pub mod findings;
pub mod members;
pub mod models;
pub mod reviews;
pub mod tokens;
pub mod triage;
pub mod uploads;
pub mod users;
pub mod vex;
