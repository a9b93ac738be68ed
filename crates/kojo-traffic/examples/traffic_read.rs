//! Reads captures and flow logs and prints kojo's text summary, or with `--flows` every flow
//! as a JSON line: the read path of `kojo traffic` without the CLI (benchmarks, debugging).

fn main() -> std::process::ExitCode {
    let mut flows = false;
    let mut paths = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--flows" {
            flows = true;
        } else {
            paths.push(a);
        }
    }
    match kojo_traffic::read_sources(&paths, kojo_traffic::ReadOptions::default()) {
        Ok(s) => {
            if flows {
                for f in s.flows.flows() {
                    println!("{}", serde_json::to_string(f).unwrap_or_default());
                }
            } else {
                print!("{}", kojo_traffic::report::summary_text(&s, 5));
            }
            if s.faults.is_empty() {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
