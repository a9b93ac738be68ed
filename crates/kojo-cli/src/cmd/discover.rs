//! `kojo discover CAPTURE…`: the first draft of Step 1-4's inventory from the network.

use crate::Global;
use std::path::PathBuf;
use std::process::ExitCode;

/// Draft a model fragment from captures or flow logs: every host address as an asset with a
/// guessed role (a host serving Modbus, S7comm, EtherNet/IP, DNP3, IEC 104 or BACnet is a
/// `plc`; one downloading programs or starting/stopping them an `engineering-station`; one
/// writing to them an `hmi`; one only reading them `scada`), draft zones by subnet, and the
/// flows between hosts (`control: true` where commands were seen). Review
/// every guess before pasting it into the model. Exit status: 0 done, 1 an input that is
/// not a capture or flow log, or a capture fault (the draft still covers everything before
/// it), 2 usage or I/O error.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo discover line1.pcapng > draft.yaml
  kojo discover capture.pcap.gz conn.log -o draft.yaml")]
pub struct Args {
    /// Captures and flow logs.
    #[arg(required = true, value_name = "CAPTURE")]
    pub inputs: Vec<PathBuf>,
    /// Write the YAML to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
    #[command(flatten)]
    pub caps: super::traffic::ReadCaps,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let Some(summary) =
        super::traffic::read_inputs_capped(&args.inputs, !args.no_progress, args.caps.limits())?
    else {
        return Ok(ExitCode::from(1));
    };
    for fault in &summary.faults {
        eprintln!("kojo discover: FAULT {fault}; the draft covers everything before it");
    }
    let yaml = kojo_traffic::discover(&summary.flows);
    match &args.output {
        Some(path) => crate::output::write_file(path, yaml.as_bytes())?,
        None => crate::output::write_stdout(yaml.as_bytes(), false)?,
    }
    Ok(if summary.faults.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
