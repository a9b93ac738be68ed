//! Bounded reading of the files kojo is given (models, includes, catalog packs): a size cap
//! so that `/dev/zero`, a FIFO fed forever or a huge file cannot exhaust memory. Devices and
//! FIFOs are read up to the cap (so `<(…)` and `/dev/stdin` still work); directories are
//! refused.

use std::io::Read;
use std::path::Path;

/// The cap when `KOJO_MAX_FILE_BYTES` is not set: 64 MiB, about twice a 100,000-asset model.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The environment variable that sets the cap: bytes, or a number with `K`, `M` or `G`
/// (binary units, `KiB`/`MiB`/`GiB` also accepted).
pub const MAX_FILE_BYTES_ENV: &str = "KOJO_MAX_FILE_BYTES";

/// A file that could not be read within the cap.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system's error (not found, permission denied, a directory, …).
    Io(std::io::Error),
    /// More than `cap` bytes: `size` is the file's length when it is a regular file, and
    /// `None` for a device or FIFO read until the cap was passed.
    TooLarge { cap: u64, size: Option<u64> },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::TooLarge {
                cap,
                size: Some(size),
            } => write!(
                f,
                "the file holds {size} bytes, more than the limit of {} ({MAX_FILE_BYTES_ENV} raises it)",
                human_bytes(*cap)
            ),
            ReadError::TooLarge { cap, size: None } => write!(
                f,
                "reading stopped at byte offset {cap}: the input goes on past the limit of {} ({MAX_FILE_BYTES_ENV} raises it)",
                human_bytes(*cap)
            ),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// The error as a message of `diagnostics.ftl`; its English is the [`Display`] text. The
    /// operating system's own words stay in English, so Japanese names the kind of failure
    /// first.
    ///
    /// [`Display`]: std::fmt::Display
    pub fn message(&self) -> kojo_lang::Message {
        use kojo_lang::Message;
        match self {
            ReadError::Io(e) => {
                let id = match e.kind() {
                    std::io::ErrorKind::NotFound => "diag-io-not-found",
                    std::io::ErrorKind::PermissionDenied => "diag-io-permission",
                    std::io::ErrorKind::IsADirectory => "diag-io-directory",
                    _ => "diag-io-other",
                };
                Message::new(id).arg("os", e.to_string())
            }
            ReadError::TooLarge {
                cap,
                size: Some(size),
            } => Message::new("diag-too-large")
                .arg("size", size.to_string())
                .arg("cap", bytes_message(*cap))
                .arg("env", MAX_FILE_BYTES_ENV),
            ReadError::TooLarge { cap, size: None } => Message::new("diag-too-large-stream")
                .arg("offset", cap.to_string())
                .arg("cap", bytes_message(*cap))
                .arg("env", MAX_FILE_BYTES_ENV),
        }
    }
}

/// [`human_bytes`] as a message (`64 MiB`, `1000 bytes`).
fn bytes_message(n: u64) -> kojo_lang::Message {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n.is_multiple_of(size) {
            return kojo_lang::Message::new("diag-size-unit")
                .arg("count", (n / size).to_string())
                .arg("unit", unit);
        }
    }
    kojo_lang::Message::new("diag-size-bytes").arg("count", n.to_string())
}

/// `64 MiB`, `512 KiB` or `1000 bytes`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}

/// Parses a cap as written in `KOJO_MAX_FILE_BYTES`.
pub fn parse_byte_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || {
        format!("`{s}` is not a size: write a number of bytes, or one with K, M or G (e.g. 64M)")
    };
    let n: u64 = num.parse().map_err(|_| bad())?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" | "kb" => 1 << 10,
        "m" | "mib" | "mb" => 1 << 20,
        "g" | "gib" | "gb" => 1 << 30,
        _ => return Err(bad()),
    };
    match n.checked_mul(mult) {
        Some(0) => Err(format!("`{s}`: the limit must be more than 0 bytes")),
        Some(v) => Ok(v),
        None => Err(bad()),
    }
}

/// The cap in force: `KOJO_MAX_FILE_BYTES` when it is set and valid, else the default.
/// (The CLI checks the variable once at start and refuses a bad value.)
pub fn max_file_bytes() -> u64 {
    max_file_bytes_from_env().unwrap_or(DEFAULT_MAX_FILE_BYTES)
}

/// The cap `KOJO_MAX_FILE_BYTES` asks for, the default when unset, or why it is not a size.
pub fn max_file_bytes_from_env() -> Result<u64, String> {
    match std::env::var(MAX_FILE_BYTES_ENV) {
        Ok(v) => parse_byte_size(&v).map_err(|e| format!("{MAX_FILE_BYTES_ENV}: {e}")),
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_MAX_FILE_BYTES),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!(
            "{MAX_FILE_BYTES_ENV} is not text: write a number of bytes, or one with K, M or G"
        )),
    }
}

/// Reads a whole file, refusing more than `cap` bytes. A regular file is measured before
/// it is read; anything else is read until the cap is passed.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory, not a file",
        )));
    }
    if meta.is_file() && meta.len() > cap {
        return Err(ReadError::TooLarge {
            cap,
            size: Some(meta.len()),
        });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let hint = if meta.is_file() { meta.len() } else { 0 };
    let mut buf = Vec::with_capacity(usize::try_from(hint.min(cap)).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(ReadError::Io)?;
    if buf.len() as u64 > cap {
        // A regular file that grew while read is reported like a stream.
        return Err(ReadError::TooLarge { cap, size: None });
    }
    Ok(buf)
}

/// A file's text for a diagnostic's snippet, read within the cap; `None` when it cannot be
/// read or is not UTF-8.
pub fn read_source(path: &Path) -> Option<String> {
    let bytes = read_capped(path, max_file_bytes()).ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_byte_size("1000"), Ok(1000));
        assert_eq!(parse_byte_size("64M"), Ok(64 << 20));
        assert_eq!(parse_byte_size("2 GiB"), Ok(2 << 30));
        assert_eq!(parse_byte_size("8k"), Ok(8192));
        assert!(parse_byte_size("lots").unwrap_err().contains("64M"));
        assert!(parse_byte_size("0").unwrap_err().contains("more than 0"));
        assert!(parse_byte_size("99999999999999999999G").is_err());
        assert_eq!(human_bytes(64 << 20), "64 MiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
    }

    #[test]
    fn a_regular_file_over_the_cap_is_refused_before_reading() {
        let dir = std::env::temp_dir().join(format!("kojo-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("big.yaml");
        std::fs::write(&p, vec![b'#'; 5000]).unwrap();
        match read_capped(&p, 4096) {
            Err(ReadError::TooLarge {
                cap: 4096,
                size: Some(5000),
            }) => {}
            other => panic!("expected too large, got {other:?}"),
        }
        assert_eq!(read_capped(&p, 5000).unwrap().len(), 5000);
        let e = read_capped(&dir, 4096).unwrap_err();
        assert!(e.to_string().contains("directory"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_read_only_up_to_the_cap() {
        let e = read_capped(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(matches!(e, ReadError::TooLarge { size: None, .. }), "{e:?}");
        assert!(e.to_string().contains("byte offset 1048576"), "{e}");
        assert!(e.to_string().contains("1 MiB"), "{e}");
    }
}
