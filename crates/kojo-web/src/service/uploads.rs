//! Uploads: what kojo reads in each (captures, SBOMs, advisories, evidence) and what each
//! produced in the current assessment.

use crate::error::AppError;
use crate::service::access::{Auth, Need};
use crate::state::AppState;
use crate::store::UploadInfo;
use crate::words::i18n::Tr;

/// A factory's uploads, each with what it produced in the current assessment; the
/// assessment's error instead when it cannot be made.
pub(crate) async fn uploads_with_results(
    st: &AppState,
    fid: &str,
    lang: &str,
) -> Result<(Vec<UploadInfo>, Option<String>), AppError> {
    let mut uploads = st.store.uploads(fid).await?;
    let Some(mv) = st.store.latest_model(fid).await? else {
        return Ok((uploads, None));
    };
    let inputs = crate::service::assessment::inputs(st, fid).await?;
    match crate::service::assessment::assessment_with(st, &mv, &inputs).await {
        Ok(a) => {
            crate::service::assessment::describe(&mut uploads, &inputs, &a, &mv.yaml, lang);
            Ok((uploads, None))
        }
        Err(AppError::Invalid(p)) => Ok((
            uploads,
            Some(format!(
                "{} {}",
                p.len(),
                Tr::new(lang).w("problems_in_model")
            )),
        )),
        Err(AppError::Unavailable(m)) => {
            Ok((uploads, Some(crate::words::errors::message(&m, lang))))
        }
        Err(e) => Err(e),
    }
}

/// What kojo read in an upload: an SBOM's format and components, a capture's flows (with
/// where a truncated capture stops), an advisory file's records. A file that is not what its
/// kind says is refused with the reader's located error. What captures, SBOMs and advisories
/// produce against the model is part of the assessment ([`crate::service::assessment`]).
fn inspect_upload(
    kind: &str,
    filename: &str,
    content: &[u8],
    max_capture_bytes: u64,
) -> Result<(String, String), AppError> {
    // Checked by content where the kind's reader refuses the file or finds nothing in it: a
    // file that reads as another kind is refused with what it looks like (an SBOM read as a
    // capture is "0 flows", and then every declared flow "not seen").
    let wrong_kind = || {
        other_kind(kind, content).map(|other| {
            AppError::BadRequest(format!(
                "{filename}: this file looks like {}, not {}; upload it as that kind",
                kind_words(other),
                kind_words(kind)
            ))
        })
    };
    match kind {
        "sbom" => match kojo_sbom::sbom::parse(content) {
            Ok(s) => Ok((
                format!(
                    "read: {} {}, {} components",
                    s.format.as_str(),
                    s.spec_version,
                    s.components.len()
                ),
                format!(
                    "読み取り済み: {} {}、構成要素 {} 件",
                    s.format.as_str(),
                    s.spec_version,
                    s.components.len()
                ),
            )),
            Err(e) => Err(wrong_kind().unwrap_or_else(|| {
                AppError::BadRequest(format!("{filename}: not a readable SBOM: {e}"))
            })),
        },
        "advisory" => {
            use kojo_sbom::advisory::Parsed;
            match kojo_sbom::advisory::parse_json(content) {
                Ok(Parsed::Osv(r)) => Ok((
                    format!("read: OSV record {}", r.id),
                    format!("読み取り済み: OSV レコード {}", r.id),
                )),
                Ok(Parsed::OsvWithdrawn(id)) => Ok((
                    format!("read: OSV record {id} (withdrawn: never matched)"),
                    format!("読み取り済み: OSV レコード {id}(取り下げ済み: 照合されません)"),
                )),
                Ok(Parsed::Csaf(d)) => Ok((
                    format!(
                        "read: CSAF document {}, {} vulnerabilities, {} products",
                        d.id,
                        d.vulns.len(),
                        d.products.len()
                    ),
                    format!(
                        "読み取り済み: CSAF 文書 {}、脆弱性 {} 件、製品 {} 件",
                        d.id,
                        d.vulns.len(),
                        d.products.len()
                    ),
                )),
                Ok(Parsed::Kev(e)) => Ok((
                    format!("read: KEV catalog, {} entries", e.len()),
                    format!("読み取り済み: KEV カタログ、{} 件", e.len()),
                )),
                Ok(Parsed::NotAdvisory) => Err(wrong_kind().unwrap_or_else(|| {
                    AppError::BadRequest(format!(
                        "{filename}: JSON, but not an OSV record, CSAF advisory or KEV catalog"
                    ))
                })),
                Err(e) => Err(wrong_kind().unwrap_or_else(|| {
                    AppError::BadRequest(format!(
                        "{filename}:{}:{}: not a readable advisory: {}",
                        e.line, e.column, e.message
                    ))
                })),
            }
        }
        "capture" => {
            // Through a file, as `kojo assess --traffic` reads it: pcap, pcapng, Zeek
            // conn.log (TSV or JSON) or flow CSV, gzip or not.
            let mut tmp = tempfile::NamedTempFile::new()
                .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary file: {e}")))?;
            std::io::Write::write_all(&mut tmp, content)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary file: {e}")))?;
            let tmp_path = tmp.path().display().to_string();
            let name = |m: String| m.replace(&tmp_path, filename);
            let opts = kojo_traffic::ReadOptions {
                progress: None,
                limits: kojo_traffic::Limits {
                    max_source_bytes: max_capture_bytes,
                    ..kojo_traffic::Limits::default()
                },
            };
            match kojo_traffic::read_sources(&[tmp.path()], opts) {
                Ok(summary) if summary.faults.iter().any(|f| f.at_size_cap) => {
                    Err(AppError::TooLarge(format!(
                        "{filename}: the capture expands past the limit of {} when read (kojo serve --max-capture-mb); nothing was stored",
                        kojo_model::read::human_bytes(max_capture_bytes)
                    )))
                }
                Ok(summary)
                    if summary.flows.is_empty()
                        && let Some(e) = wrong_kind() =>
                {
                    Err(e)
                }
                Ok(summary) => {
                    let flows = summary.flows.flows();
                    let packets: u64 = flows.iter().map(|f| f.packets()).sum();
                    let kind = summary
                        .sources
                        .first()
                        .map(|s| capture_format_word(s.kind))
                        .unwrap_or_default();
                    let mut st = format!("read ({kind}): {} flows, {packets} packets", flows.len());
                    let mut ja = format!(
                        "読み取り済み({kind}): フロー {} 件、パケット {packets} 個",
                        flows.len()
                    );
                    for f in &summary.faults {
                        let at = name(f.to_string());
                        st.push_str(&format!("; unreadable from {at}"));
                        ja.push_str(&format!("。{at} 以降は読み取れません"));
                    }
                    Ok((st, ja))
                }
                Err(e) => Err(wrong_kind().unwrap_or_else(|| {
                    AppError::BadRequest(format!(
                        "not a readable capture or flow log: {}",
                        name(e.to_string())
                    ))
                })),
            }
        }
        _ => Ok(("stored".into(), "保存済み".into())),
    }
}

/// The kind of upload a file's content shows, when it is another than `kind`: a packet
/// capture (by its magic number), an SBOM or an advisory (read by their readers). Called
/// only where `kind`'s reader refused the file or found nothing in it. Flow logs and
/// evidence have no signature to tell them by.
fn other_kind(kind: &str, content: &[u8]) -> Option<&'static str> {
    use kojo_sbom::advisory::Parsed;
    use kojo_traffic::SourceKind;
    let text_like = content
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'[' | b'<'));
    let shows = |other: &str| match other {
        "capture" => matches!(
            kojo_traffic::sniff_bytes(content),
            Some(SourceKind::Pcap | SourceKind::Pcapng)
        ),
        "sbom" => text_like && kojo_sbom::sbom::parse(content).is_ok(),
        _ => {
            text_like
                && matches!(
                    kojo_sbom::advisory::parse_json(content),
                    Ok(Parsed::Osv(_) | Parsed::OsvWithdrawn(_) | Parsed::Csaf(_) | Parsed::Kev(_))
                )
        }
    };
    // In the order the messages were written for: a capture is asked whether it is an SBOM
    // before an advisory; an SBOM or an advisory whether it is a capture first.
    let order: &[&'static str] = match kind {
        "capture" => &["sbom", "advisory"],
        "sbom" => &["capture", "advisory"],
        "advisory" => &["capture", "sbom"],
        _ => &[],
    };
    order.iter().copied().find(|k| shows(k))
}

/// An upload kind in the words of the messages (see `words::errors::UPLOAD_KIND_WORDS`).
fn kind_words(kind: &str) -> &'static str {
    crate::words::errors::upload_kind_words(kind)
}

/// The name of a capture format as the documentation writes it.
fn capture_format_word(k: kojo_traffic::SourceKind) -> &'static str {
    use kojo_traffic::SourceKind::*;
    match k {
        Pcap => "pcap",
        Pcapng => "pcapng",
        ZeekTsv => "Zeek conn.log TSV",
        ZeekJson => "Zeek conn.log JSON",
        FlowCsv => "flow CSV",
    }
}

/// The kinds of upload.
pub const UPLOAD_KINDS: [&str; 4] = ["capture", "sbom", "advisory", "evidence"];

/// Stores an upload with what kojo read in it (see [`inspect_upload`]) and its SHA-256.
pub(crate) async fn store_upload(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    kind: &str,
    filename: &str,
    content: &[u8],
) -> Result<String, AppError> {
    auth.factory(st, fid, Need::Edit).await?;
    if !UPLOAD_KINDS.contains(&kind) {
        return Err(AppError::BadRequest(format!(
            "upload kind {kind:?} is not {}",
            UPLOAD_KINDS.join(", ")
        )));
    }
    if content.is_empty() {
        return Err(AppError::BadRequest("the uploaded file is empty".into()));
    }
    let name: String = filename
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let (k, n, bytes) = (kind.to_string(), name.clone(), content.to_vec());
    let cap = st.max_capture_bytes;
    let status = tokio::task::spawn_blocking(move || inspect_upload(&k, &n, &bytes, cap))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("upload task: {e}")))??;
    Ok(st
        .store
        .add_upload(
            fid,
            kind,
            &name,
            content,
            (&status.0, &status.1),
            &auth.user.id,
        )
        .await?)
}

/// An upload as a file to download, for readers (admin, editor, viewer, auditor): its name,
/// its `Content-Disposition` and its bytes as uploaded. Each download is audited.
pub(crate) async fn download_upload(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    id: &str,
) -> Result<(String, Vec<u8>), AppError> {
    auth.factory(st, fid, Need::Read).await?;
    let (info, content) = st.store.upload(fid, id).await?.ok_or(AppError::NotFound)?;
    st.store
        .audit(crate::store::Audit {
            user_id: Some(auth.user.id.clone()),
            factory_id: Some(fid.into()),
            action: "upload.download".into(),
            target: format!("upload:{id}"),
            ..crate::store::Audit::default()
        })
        .await?;
    Ok((
        crate::service::findings::disposition(&info.filename, false),
        content,
    ))
}

/// Deletes an upload (admin, editor), audited; the assessment no longer reads it.
pub(crate) async fn delete_upload(
    st: &AppState,
    auth: &Auth,
    fid: &str,
    id: &str,
) -> Result<(), AppError> {
    auth.factory(st, fid, Need::Edit).await?;
    if st.store.delete_upload(fid, id, &auth.user.id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
