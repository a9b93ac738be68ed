//! `kojo traffic CAPTURE… [--model MODEL]`: what the factory network carries, held against
//! the declared zones and flows (Step 1-4 inventory, Step 3 OODA "observe").

use crate::Global;
use kojo_findings::Severity;
use kojo_traffic::{ReadOptions, TrafficSummary};
use std::path::PathBuf;
use std::process::ExitCode;

/// Read captures (pcap, pcapng, gzip-compressed or not) and flow logs (Zeek conn.log TSV or
/// JSON, CSV of flows) into one bidirectional flow table, recognise industrial and IT
/// protocols and their operations (read, write, control, program, firmware, time,
/// management), and with `--model` report where the traffic departs from the model:
/// undeclared flows between zones, commands crossing a zone boundary without a
/// `control: true` flow (one finding per operation type), unreadable industrial sessions
/// between zones, unknown hosts, and declared flows never seen. Exit status: 0 done, 1 an invalid model, an input that is
/// not a capture or flow log, a capture fault (everything before it is still read) or a
/// finding at `--fail-on` severity, 2 usage or I/O error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo traffic line1.pcapng line2.pcap.gz --model factory.yaml
  kojo traffic conn.log --model factory.yaml --format json --fail-on high
  kojo traffic capture.pcap --format csv > conversations.csv
  kojo traffic capture.pcap --model factory.yaml --format sarif -o traffic.sarif")]
pub struct Args {
    /// Captures and flow logs, read in order into one flow table.
    #[arg(required = true, value_name = "CAPTURE")]
    pub inputs: Vec<PathBuf>,
    /// The factory model to hold the traffic against.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Output format: text, json (the assessment contract with --model, else the flow
    /// table), sarif, xlsx and html (need --model), csv (the conversations, tshark's columns).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding at this severity or above counts.
    #[arg(long, value_name = "SEV", value_parser = crate::common::parse_severity)]
    pub fail_on: Option<Severity>,
    /// Largest flows listed in the text summary.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
    #[command(flatten)]
    pub caps: ReadCaps,
}

/// Caps of the line-based readers (flow CSV, Zeek logs), so that a small compressed file
/// cannot exhaust memory.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct ReadCaps {
    /// Longest line of a flow log, in bytes; a longer line ends that file with a fault.
    #[arg(long, default_value_t = kojo_traffic::Limits::default().max_line_bytes, value_name = "BYTES")]
    pub max_line_bytes: u64,
    /// Most bytes read from one flow log (decompressed); the rest is a fault.
    #[arg(long, default_value_t = kojo_traffic::Limits::default().max_source_bytes, value_name = "BYTES")]
    pub max_input_bytes: u64,
    /// Most flows kept over all inputs; further conversations are a fault (their frames
    /// are still counted), so that memory stays bounded.
    #[arg(long, default_value_t = kojo_traffic::Limits::default().max_flows, value_name = "N")]
    pub max_flows: usize,
}

impl ReadCaps {
    pub fn limits(self) -> kojo_traffic::Limits {
        kojo_traffic::Limits {
            max_line_bytes: self.max_line_bytes,
            max_source_bytes: self.max_input_bytes,
            max_flows: self.max_flows,
        }
    }
}

pub use kojo_report::Format;

/// Reads the inputs with a progress bar on a terminal. `Ok(None)`: an input is not a
/// capture or flow log at all (already reported) — bad input data, exit 1 like a capture
/// fault; `Err`: an input cannot be read (exit 2).
pub fn read_inputs(inputs: &[PathBuf], progress: bool) -> anyhow::Result<Option<TrafficSummary>> {
    read_inputs_capped(inputs, progress, kojo_traffic::Limits::default())
}

/// [`read_inputs`] with the readers' caps.
pub fn read_inputs_capped(
    inputs: &[PathBuf],
    progress: bool,
    limits: kojo_traffic::Limits,
) -> anyhow::Result<Option<TrafficSummary>> {
    let mut bar = kojo_traffic::progress::TerminalProgress::new(progress);
    let mut cb = |p| bar.update(p);
    let res = kojo_traffic::read_sources(
        inputs,
        ReadOptions {
            progress: Some(&mut cb),
            limits,
        },
    );
    bar.finish();
    match res {
        Ok(summary) => Ok(Some(summary)),
        Err(e @ kojo_traffic::TrafficError::Format { .. }) => {
            eprintln!("error: {e}");
            Ok(None)
        }
        // The error's own text already names the cause; anyhow's `{:#}` would print it twice.
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    if matches!(args.format, Format::Sarif | Format::Xlsx | Format::Html) && args.model.is_none() {
        anyhow::bail!("this format reports findings: give the model with --model MODEL");
    }
    if args.format.is_binary()
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        anyhow::bail!("XLSX is binary: write it to a file with -o FILE");
    }
    // Load the model first: a broken model should not cost a long capture read.
    let model = match &args.model {
        None => None,
        Some(path) => {
            let catalog = crate::common::catalog(global)?;
            match crate::common::load_valid(path, &catalog, global) {
                Ok(m) => Some(m),
                Err(code) => return Ok(code),
            }
        }
    };
    let Some(summary) = read_inputs_capped(&args.inputs, !args.no_progress, args.caps.limits())?
    else {
        return Ok(ExitCode::from(1));
    };
    for fault in &summary.faults {
        eprintln!("kojo traffic: FAULT {fault}; everything before it was read");
    }
    let mut failed = false;
    let bytes: Vec<u8> = match (&model, args.format) {
        (_, Format::Csv) => {
            kojo_traffic::report::conversations_csv(summary.flows.flows()).into_bytes()
        }
        (None, Format::Text) => kojo_traffic::report::summary_text(&summary, args.top).into_bytes(),
        (None, Format::Json) => {
            let v = serde_json::json!({
                "sources": summary.sources,
                "faults": summary.faults,
                "stats": summary.flows.stats,
                "flows": summary.flows.flows(),
            });
            let mut s = serde_json::to_string_pretty(&v)?;
            s.push('\n');
            s.into_bytes()
        }
        (None, _) => anyhow::bail!("this format needs --model"),
        (Some(model), fmt) => {
            let mut findings = kojo_traffic::check_against_model(model, &summary.flows);
            kojo_traffic::report::apply_decisions(
                model,
                &mut findings,
                kojo_traffic::report::today_utc(),
            );
            let assessment = kojo_traffic::report::to_assessment(model, findings);
            if let Some(sev) = args.fail_on {
                failed = assessment.fails_at(sev);
            }
            let opts = kojo_report::RenderOptions {
                lang: global.lang,
                color: args.output.is_none() && global.color.enabled(),
                ..Default::default()
            };
            let catalog = crate::common::catalog(global)?;
            let mut bytes = kojo_report::render(fmt, &assessment, model, &catalog, &opts)?;
            if fmt == Format::Text {
                // The traffic's own summary before the findings it raises.
                let mut s = kojo_traffic::report::summary_text(&summary, args.top);
                s.push('\n');
                bytes.splice(0..0, s.into_bytes());
            }
            bytes
        }
    };
    match &args.output {
        Some(path) => crate::output::write_file(path, &bytes)?,
        None => crate::output::write_stdout(&bytes, global.color.enabled())?,
    }
    if failed && let Some(sev) = args.fail_on {
        eprintln!("kojo traffic: findings at {sev} or above count: failing (--fail-on {sev})");
    }
    if failed || !summary.faults.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
