//! `kojo user`: manage web application accounts directly in the database.

use crate::Global;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo user add alice --admin            (prompts for the password on stdin)
  echo 's3cret-pass' | kojo user add bob
  kojo user passwd alice
  kojo user list")]
pub struct Args {
    /// Data directory of `kojo serve` (holds kojo.db unless --database is given).
    #[arg(long, default_value = "kojo-data", value_name = "DIR", global = true)]
    pub data: PathBuf,
    /// Database URL: `sqlite:PATH` or `postgres://USER@HOST/DB`.
    #[arg(long, value_name = "URL", global = true)]
    pub database: Option<String>,
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account; the password is read from the first line of stdin.
    Add {
        username: String,
        /// A site admin: may create factories and is admin of every factory.
        #[arg(long)]
        admin: bool,
    },
    /// Set an account's password (read from stdin) and end its sessions.
    Passwd { username: String },
    /// List the accounts.
    List,
}

fn read_password() -> anyhow::Result<String> {
    eprintln!("password (one line on stdin, at least 10 characters):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let pw = line.trim_end_matches(['\r', '\n']).to_string();
    if pw.chars().count() < 10 {
        anyhow::bail!("the password must have at least 10 characters");
    }
    Ok(pw)
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let config = kojo_web::Config {
        data_dir: args.data,
        database_url: args.database,
        ..kojo_web::Config::default()
    };
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    kojo_web::block_on(async {
        let store = kojo_web::store::Store::open(&config.database_url()).await?;
        let code = match args.command {
            UserCommand::Add { username, admin } => {
                let name = username.trim();
                if name.is_empty() || name.len() > 100 || name.chars().any(char::is_whitespace) {
                    anyhow::bail!("a user name has 1 to 100 characters and no spaces");
                }
                let pw = read_password()?;
                let hash = kojo_web::service::access::hash_password(pw).await?;
                match store.create_user(name, &hash, admin, None).await {
                    Ok(_) => {
                        println!(
                            "created user {name}{}",
                            if admin { " (site admin)" } else { "" }
                        );
                        ExitCode::SUCCESS
                    }
                    Err(kojo_web::store::StoreError::Conflict(_)) => {
                        eprintln!("error: a user named {name:?} already exists");
                        ExitCode::from(1)
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            UserCommand::Passwd { username } => {
                let Some(user) = store.user_by_name(&username).await? else {
                    eprintln!("error: no user named {username:?}");
                    return Ok(ExitCode::from(1));
                };
                let pw = read_password()?;
                let hash = kojo_web::service::access::hash_password(pw).await?;
                store.set_password(&user.id, &hash).await?;
                println!("password of {username} changed; their sessions ended");
                ExitCode::SUCCESS
            }
            UserCommand::List => {
                for u in store.list_users().await? {
                    println!(
                        "{}\t{}",
                        u.username,
                        if u.is_admin != 0 {
                            "site-admin"
                        } else {
                            "user"
                        }
                    );
                }
                ExitCode::SUCCESS
            }
        };
        store.close().await;
        Ok(code)
    })?
}
