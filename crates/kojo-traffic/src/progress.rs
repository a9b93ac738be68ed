//! A progress bar on a terminal (bytes, packets and their rates); nothing when stderr is not
//! a terminal, so logs and pipes stay clean.

use crate::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// Draws [`Progress`] reports on stderr when it is a terminal.
pub struct TerminalProgress {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl TerminalProgress {
    /// A bar if stderr is a terminal and `enabled`; otherwise a silent sink.
    pub fn new(enabled: bool) -> TerminalProgress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {bytes}/{total_bytes} ({bytes_per_sec}) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            b.set_style(style);
            b
        });
        TerminalProgress {
            bar,
            started: Instant::now(),
        }
    }

    /// Takes one report.
    pub fn update(&mut self, p: Progress) {
        if let Some(b) = &self.bar {
            b.set_length(p.total_file_bytes.max(p.bytes));
            b.set_position(p.bytes);
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            b.set_message(format!(
                "{} packets ({:.0} pkt/s)",
                p.packets,
                p.packets as f64 / secs
            ));
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
