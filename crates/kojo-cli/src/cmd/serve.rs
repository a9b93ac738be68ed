//! `kojo serve`: the multi-user web application.

use crate::Global;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo serve --demo
  kojo serve --listen 127.0.0.1:9000 --data /var/lib/kojo
  kojo serve --database postgres://kojo@localhost/kojo --secure-cookies")]
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
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let config = kojo_web::Config {
        listen: args.listen,
        data_dir: args.data,
        database_url: args.database,
        secure_cookies: args.secure_cookies,
        demo: args.demo,
        trusted_origins: args.trusted_origins,
    };
    kojo_web::block_on(kojo_web::serve(config))??;
    Ok(ExitCode::SUCCESS)
}
