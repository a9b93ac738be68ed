//! Prints the flow table of captures as JSON lines (a development aid).
fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    match kojo_traffic::read_sources(&paths, kojo_traffic::ReadOptions::default()) {
        Ok(s) => {
            for f in s.flows.flows() {
                println!("{}", serde_json::to_string(f).unwrap_or_default());
            }
            eprintln!("{:?} {:?}", s.flows.stats, s.faults);
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
