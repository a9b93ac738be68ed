//! `kojo serve`: the multi-user web application.

use crate::Global;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo serve --demo
  kojo serve --listen 127.0.0.1:9000 --data /var/lib/kojo
  kojo serve --database postgres://kojo@localhost/kojo --secure-cookies
  kojo serve --token-days 30 --login-concurrency 4 --login-per-minute 10
  kojo serve --assessment-cache 8 --assessment-cache-mb 256")]
pub struct Args {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Data directory (holds the SQLite database `kojo.db` unless --database is given).
    #[arg(long, default_value = "kojo-data", value_name = "DIR")]
    pub data: PathBuf,
    /// Database URL: `sqlite:PATH` or `postgres://USER@HOST/DB`.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// Load the Annex A demo factories and print the admin's credentials once.
    #[arg(long)]
    pub demo: bool,
    /// Mark session cookies Secure (set when TLS terminates in front of kojo).
    #[arg(long)]
    pub secure_cookies: bool,
    /// An extra origin allowed to send forms (a reverse proxy's public origin); repeatable.
    #[arg(long = "trusted-origin", value_name = "ORIGIN")]
    pub trusted_origins: Vec<String>,
    /// The longest life of a new API token, in days (a token may ask for less).
    #[arg(long, default_value_t = 90, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub token_days: i64,
    /// Password checks (Argon2, 19 MiB each) that may run at once; more logins wait.
    /// Default: half the processor cores, at least 1.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub login_concurrency: Option<u16>,
    /// Login attempts one client address may make per minute (429 above it).
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub login_per_minute: u32,
    /// Assessments held in memory at most (the least recently used go first); zone
    /// diagrams and dashboard summaries are held for twice as many (one per language).
    #[arg(long, default_value_t = 32, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub assessment_cache: u32,
    /// Memory the held assessments may take, in MiB (approximate: the size of their JSON;
    /// the newest is kept even when larger); the diagrams and summaries have the same bound.
    #[arg(long, default_value_t = 512, value_name = "MB", value_parser = clap::value_parser!(u32).range(1..=1_048_576))]
    pub assessment_cache_mb: u32,
    /// The largest request body, uploads included, in MiB: a larger one is refused (413)
    /// before it is read.
    #[arg(long, default_value_t = 32, value_name = "MB", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub max_upload_mb: u32,
    /// The most an uploaded capture or flow log may expand to when read (gzip), in MiB: a
    /// larger one is refused (413) and not stored.
    #[arg(long, default_value_t = 1024, value_name = "MB", value_parser = clap::value_parser!(u32).range(1..=1_048_576))]
    pub max_capture_mb: u32,
    /// Changes one account may make per minute in a factory (429 above it).
    #[arg(long, default_value_t = 120, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub writes_per_minute: u32,
    /// Changes one supplier account may make per minute (429 above it).
    #[arg(long, default_value_t = 30, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub supplier_writes_per_minute: u32,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let config = kojo_web::Config {
        listen: args.listen,
        data_dir: args.data,
        database_url: args.database,
        secure_cookies: args.secure_cookies,
        demo: args.demo,
        trusted_origins: args.trusted_origins,
        token_days: args.token_days,
        login_concurrency: args
            .login_concurrency
            .map_or_else(kojo_web::state::default_login_concurrency, usize::from),
        login_per_minute: args.login_per_minute,
        assessment_cache_entries: args.assessment_cache as usize,
        assessment_cache_bytes: (args.assessment_cache_mb as usize) << 20,
        max_upload_bytes: (args.max_upload_mb as usize) << 20,
        max_capture_bytes: u64::from(args.max_capture_mb) << 20,
        writes_per_minute: args.writes_per_minute,
        supplier_writes_per_minute: args.supplier_writes_per_minute,
    };
    kojo_web::block_on(kojo_web::serve(config))??;
    Ok(ExitCode::SUCCESS)
}
