//! EPSS scores (FIRST's Exploit Prediction Scoring System) from the public CSV file:
//! a `#model_version:…,score_date:…` comment line, the header `cve,epss,percentile`, then
//! one row per CVE. Shown beside CVSS and KEV; they change no severity.

use std::collections::HashMap;

/// One CVE's EPSS score.
#[derive(Debug, Clone, PartialEq)]
pub struct EpssScore {
    pub cve: String,
    /// Probability of exploitation in the next 30 days (0–1).
    pub score: f64,
    /// Share of CVEs scored lower (0–1).
    pub percentile: f64,
}

/// An EPSS file as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Epss {
    /// `model_version` of the comment line.
    pub model_version: Option<String>,
    /// The day of `score_date` (`YYYY-MM-DD`).
    pub date: Option<String>,
    scores: HashMap<String, EpssScore>,
}

/// An EPSS file that cannot be read: 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpssError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for EpssError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for EpssError {}

impl Epss {
    /// The score of a CVE id (any case).
    pub fn get(&self, cve: &str) -> Option<&EpssScore> {
        self.scores.get(&cve.trim().to_ascii_uppercase())
    }

    /// How many CVEs are scored.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// Reads the CSV text (gzip must be undone first).
    pub fn parse(bytes: &[u8]) -> Result<Epss, EpssError> {
        let text = std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
            .map_err(|e| EpssError {
                line: 1 + bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count(),
                message: "not UTF-8 text".into(),
            })?;
        let mut out = Epss::default();
        let mut header: Option<(usize, usize, usize)> = None;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                for part in comment.split(',') {
                    match part.split_once(':') {
                        Some(("model_version", v)) => out.model_version = Some(v.trim().into()),
                        Some(("score_date", v)) => {
                            out.date = v.trim().get(..10).map(str::to_string);
                        }
                        _ => {}
                    }
                }
                continue;
            }
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let Some((c, e, p)) = header else {
                let pos = |name: &str| cells.iter().position(|x| x.eq_ignore_ascii_case(name));
                match (pos("cve"), pos("epss"), pos("percentile")) {
                    (Some(c), Some(e), Some(p)) => header = Some((c, e, p)),
                    _ => {
                        return Err(EpssError {
                            line: n,
                            message: format!(
                                "expected the header `cve,epss,percentile`, found `{line}`"
                            ),
                        });
                    }
                }
                continue;
            };
            let cell = |k: usize| cells.get(k).copied().unwrap_or("");
            let num = |k: usize, what: &str| -> Result<f64, EpssError> {
                cell(k)
                    .parse::<f64>()
                    .ok()
                    .filter(|x| (0.0..=1.0).contains(x))
                    .ok_or_else(|| EpssError {
                        line: n,
                        message: format!("{what} `{}` is not a number from 0 to 1", cell(k)),
                    })
            };
            let cve = cell(c).to_ascii_uppercase();
            if !cve.starts_with("CVE-") {
                return Err(EpssError {
                    line: n,
                    message: format!("`{}` is not a CVE id", cell(c)),
                });
            }
            let score = EpssScore {
                cve: cve.clone(),
                score: num(e, "epss")?,
                percentile: num(p, "percentile")?,
            };
            out.scores.insert(cve, score);
        }
        if header.is_none() {
            return Err(EpssError {
                line: 1,
                message: "empty: expected the header `cve,epss,percentile` and one row per CVE"
                    .into(),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_public_file_format() {
        let text = "#model_version:v2025.03.14,score_date:2025-08-25T12:55:00+0000\n\
                    cve,epss,percentile\nCVE-2021-44228,0.94358,0.99957\ncve-2023-6448,0.1,0.5\n";
        let e = Epss::parse(text.as_bytes()).unwrap();
        assert_eq!(e.model_version.as_deref(), Some("v2025.03.14"));
        assert_eq!(e.date.as_deref(), Some("2025-08-25"));
        assert_eq!(e.len(), 2);
        let s = e.get("CVE-2021-44228").unwrap();
        assert_eq!((s.score, s.percentile), (0.94358, 0.99957));
        assert!(e.get("CVE-2023-6448").is_some());
        assert!(e.get("CVE-2000-0001").is_none());
    }

    #[test]
    fn says_which_line_is_wrong() {
        let err = Epss::parse(b"cve,epss,percentile\nCVE-1,0.1,0.2\nCVE-2,high,0.3\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("`high`"), "{err}");
        assert_eq!(Epss::parse(b"a,b\n").unwrap_err().line, 1);
        assert_eq!(Epss::parse(b"").unwrap_err().line, 1);
        assert_eq!(
            Epss::parse(b"cve,epss,percentile\nGHSA-x,0.1,0.1")
                .unwrap_err()
                .line,
            2
        );
        assert!(Epss::parse(b"cve,epss,percentile\nCVE-1,1.5,0.1").is_err());
    }
}
