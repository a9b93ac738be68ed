//! Answers the pages and the API share: a file to download.

/// A file to download: its bytes with their type and `Content-Disposition`.
pub fn file_response(
    content_type: &str,
    disposition: String,
    bytes: Vec<u8>,
) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}
