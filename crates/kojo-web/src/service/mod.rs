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

/// Percent-encodes a query value (all but RFC 3986's unreserved characters).
pub fn escape(v: &str) -> String {
    v.bytes()
        .map(|c| {
            if c.is_ascii_alphanumeric() || b"-._~".contains(&c) {
                (c as char).to_string()
            } else {
                format!("%{c:02X}")
            }
        })
        .collect()
}

/// The query string of a listing's link: every non-blank parameter, trimmed and
/// percent-encoded, in the order given, then the page when there is one.
pub fn link_query(params: &[(&str, &String)], page: Option<i64>) -> String {
    let mut q: Vec<String> = Vec::new();
    for (k, v) in params {
        if !v.trim().is_empty() {
            q.push(format!("{k}={}", escape(v.trim())));
        }
    }
    if let Some(p) = page {
        q.push(format!("page={p}"));
    }
    q.join("&")
}
