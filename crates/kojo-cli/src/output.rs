//! How every command writes what it makes: files atomically (a temp file in the same
//! directory, flushed, synced, renamed over the target), so that a full disk, a kill or an
//! error midway leaves nothing half-written and an existing file untouched; standard output
//! with every error reported (a closed or broken stdout, a full disk behind `>`), and
//! terminal text with control characters from names escaped.

use anyhow::Context as _;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_file_streamed(path, |w| w.write_all(bytes))
}

/// What `fill` writes, to `path` atomically ([`write_file_with`]), with the error in words.
pub fn write_file_streamed(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    write_file_with(path, fill).with_context(|| {
        format!(
            "cannot write {} / {} に書き込めません",
            shown(path),
            shown(path)
        )
    })
}

/// Writes what `fill` writes to `path` atomically: into a temp file beside it, renamed over
/// `path` only once everything is written, flushed and synced. On any error the temp file
/// is removed and `path` is as it was.
pub fn write_file_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let (tmp, dir) = temp_beside(path)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    // A failed rename drops the temp file (NamedTempFile removes itself).
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is durable once the directory is synced (not possible everywhere).
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A temp file in `path`'s directory (so that a rename over `path` is atomic), named after
/// it, and that directory. The temp file removes itself unless persisted.
pub fn temp_beside(path: &Path) -> std::io::Result<(tempfile::NamedTempFile, &Path)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    Ok((tmp, dir))
}

/// Standard output as a file: unlike `std::io::stdout`, a closed descriptor is an error
/// rather than a silent sink.
fn stdout_file() -> anyhow::Result<std::fs::File> {
    if stdout_was_closed() {
        anyhow::bail!(
            "standard output is closed: nothing could be written (redirect it to a file, or give -o FILE) / 標準出力が閉じているため、何も書き込めません(ファイルへリダイレクトするか、-o FILE を指定してください)"
        );
    }
    #[cfg(unix)]
    {
        use std::os::fd::{AsFd, OwnedFd};
        let fd: OwnedFd = std::io::stdout().as_fd().try_clone_to_owned().map_err(|_| {
            anyhow::anyhow!(
                "standard output is closed: nothing could be written (redirect it to a file, or give -o FILE) / 標準出力が閉じているため、何も書き込めません(ファイルへリダイレクトするか、-o FILE を指定してください)"
            )
        })?;
        Ok(std::fs::File::from(fd))
    }
    #[cfg(not(unix))]
    {
        anyhow::bail!("writing standard output directly is supported on Unix only")
    }
}

/// Whether kojo was started with standard output closed (`>&-`). Rust's runtime then puts
/// `/dev/null` on descriptor 1, opened read-write; a shell's `> /dev/null` opens it
/// write-only. Linux only (read from /proc); elsewhere a closed stdout is not detected.
fn stdout_was_closed() -> bool {
    #[cfg(target_os = "linux")]
    {
        let is_null =
            std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == Path::new("/dev/null"));
        let read_write = std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
                .is_some_and(|flags| flags & 0o3 == 0o2)
        });
        is_null && read_write
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// Writes `bytes` to standard output and flushes; a closed, broken or full stdout is an
/// error (exit 2). Text to a terminal has its control characters escaped, keeping only
/// the colour codes kojo writes when `color` is on.
pub fn write_stdout(bytes: &[u8], color: bool) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    let mut f = stdout_file()?;
    let text_to_tty = std::io::stdout().is_terminal();
    let res = match std::str::from_utf8(bytes) {
        Ok(text) if text_to_tty => f.write_all(escape_terminal(text, color).as_bytes()),
        _ => f.write_all(bytes),
    };
    res.and_then(|()| f.flush()).map_err(stdout_error)
}

/// A buffered standard output for commands that write as they go; call `flush` at the end
/// (errors then surface, closed stdout included).
pub fn stdout() -> anyhow::Result<std::io::BufWriter<std::fs::File>> {
    Ok(std::io::BufWriter::new(stdout_file()?))
}

/// What `fill` writes, to standard output as it is produced. A write error from the
/// descriptor itself (a broken pipe, a full disk behind `>`) is the one reported, even when
/// `fill` wraps it in an error of its own.
pub fn stream_stdout(
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    /// Keeps the first error of the descriptor (a copy: the original goes to `fill`).
    struct Watched<W> {
        inner: W,
        failed: Option<std::io::Error>,
    }
    impl<W: Write> Write for Watched<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.inner.write(buf).inspect_err(|e| {
                self.failed
                    .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
            })
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush().inspect_err(|e| {
                self.failed
                    .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
            })
        }
    }
    let mut out = Watched {
        inner: stdout()?,
        failed: None,
    };
    let res = fill(&mut out).and_then(|()| out.flush());
    match (res, out.failed.take()) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(first)) => Err(stdout_error(first)),
        (Err(e), None) => Err(stdout_error(e)),
    }
}

/// The error for a failed write to standard output, in words.
pub fn stdout_error(e: std::io::Error) -> anyhow::Error {
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => anyhow::anyhow!(
            "standard output was closed before all output was written (broken pipe) / 出力をすべて書き込む前に標準出力が閉じられました(ブロークンパイプ)"
        ),
        _ => {
            anyhow::Error::new(e).context("cannot write standard output / 標準出力に書き込めません")
        }
    }
}

/// A path as it may be shown on a terminal.
pub fn shown(path: &Path) -> String {
    kojo_model::render::escape_controls(&path.display().to_string()).into_owned()
}

/// `text` for a terminal: control characters other than newline and tab escaped as
/// `\u{1b}`; with `keep_colour`, SGR colour sequences (`ESC [ digits ; … m`) are kept, as
/// they only colour text (no cursor moves, titles or links).
pub fn escape_terminal(text: &str, keep_colour: bool) -> std::borrow::Cow<'_, str> {
    let needs = text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t');
    if !needs {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' && keep_colour {
            let sgr_len = rest[1..].strip_prefix('[').and_then(|r| {
                let n = r
                    .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                    .unwrap_or(r.len());
                r[n..].starts_with('m').then_some(n + 3)
            });
            if let Some(len) = sgr_len {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("kojo-out-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_writer_failing_midway_leaves_the_old_file_and_no_temp() {
        let dir = tempdir("midway");
        let p = dir.join("report.html");
        std::fs::write(&p, "the previous good report").unwrap();
        let err = write_file_with(&p, |w| {
            w.write_all(&[b'x'; 100_000])?;
            Err(std::io::Error::other("killed midway"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "killed midway");
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "the previous good report"
        );
        assert_eq!(entries(&dir), ["report.html"]);
        // A success replaces it whole.
        write_file(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(entries(&dir), ["report.html"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_directory_is_an_error_that_names_the_file() {
        let dir = tempdir("nodir");
        let p = dir.join("no/such/dir/out.json");
        let e = write_file(&p, b"{}").unwrap_err();
        assert!(format!("{e:#}").contains("out.json"), "{e:#}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn terminal_text_escapes_controls_and_keeps_colour_only_when_asked() {
        let evil = "Factory \u{1b}]0;pwned\u{7} \u{1b}[2J \u{1b}[1;31mred\u{1b}[0m\n";
        let plain = escape_terminal(evil, false);
        assert!(
            !plain.contains('\u{1b}') && !plain.contains('\u{7}'),
            "{plain:?}"
        );
        assert!(plain.contains("\\u{1b}]0;pwned\\u{7}"), "{plain}");
        let coloured = escape_terminal(evil, true);
        assert!(
            coloured.contains("\u{1b}[1;31mred\u{1b}[0m"),
            "{coloured:?}"
        );
        assert!(coloured.contains("\\u{1b}]0;"), "{coloured:?}");
        // `ESC [ 2 J` (clear screen) is not a colour.
        assert!(coloured.contains("\\u{1b}[2J"), "{coloured:?}");
        assert_eq!(escape_terminal("a\tb\n", false), "a\tb\n");
    }
}
