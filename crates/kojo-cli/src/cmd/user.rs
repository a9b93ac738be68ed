//! `kojo user`: manage web application accounts directly in the database.

use crate::Global;
use kojo_web::service::users::Change;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo user add alice --admin            (prompts for the password on stdin)
  echo 's3cret-pass' | kojo user add bob
  kojo user passwd alice
  kojo user disable bob                  (ends bob's sessions, revokes his tokens)
  kojo user enable bob
  kojo user delete bob                   (his history keeps his name)
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
    /// Disable an account: it cannot log in; its sessions end and its API tokens are revoked.
    Disable { username: String },
    /// Enable a disabled account again (its old tokens stay revoked).
    Enable { username: String },
    /// Delete an account: its memberships, sessions and tokens go; its name stays in the
    /// history (model versions, answers, audit log) and cannot be taken again.
    Delete { username: String },
    /// List the accounts.
    List,
}

/// `kojo member`: factory memberships, directly in the database.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  kojo member role \"Plant 1\" bob editor
  kojo member role \"Plant 1\" acme-user supplier --party acme
  kojo member add \"Plant 1\" carol auditor
  kojo member remove \"Plant 1\" bob")]
pub struct MemberArgs {
    /// Data directory of `kojo serve` (holds kojo.db unless --database is given).
    #[arg(long, default_value = "kojo-data", value_name = "DIR", global = true)]
    pub data: PathBuf,
    /// Database URL: `sqlite:PATH` or `postgres://USER@HOST/DB`.
    #[arg(long, value_name = "URL", global = true)]
    pub database: Option<String>,
    #[command(subcommand)]
    pub command: MemberCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum MemberCommand {
    /// Give a user a role in a factory (or change it); `add` is the same command.
    #[command(visible_alias = "add")]
    Role {
        /// The factory's id or name.
        factory: String,
        username: String,
        /// admin, editor, viewer, supplier or auditor (reads everything, changes nothing).
        role: String,
        /// The party a supplier speaks for.
        #[arg(long, default_value = "")]
        party: String,
    },
    /// Remove a user from a factory: from then on the factory answers them "not found".
    Remove { factory: String, username: String },
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
                println!(
                    "password of {username} changed; their sessions ended and their API tokens were revoked"
                );
                ExitCode::SUCCESS
            }
            UserCommand::Disable { username } => {
                lifecycle(&store, &username, Change::Disable).await?
            }
            UserCommand::Enable { username } => {
                lifecycle(&store, &username, Change::Enable).await?
            }
            UserCommand::Delete { username } => {
                lifecycle(&store, &username, Change::Delete).await?
            }
            UserCommand::List => {
                for u in store.list_users().await? {
                    let state = if u.deleted_at.is_some() {
                        "\tdeleted"
                    } else if u.disabled_at.is_some() {
                        "\tdisabled"
                    } else {
                        ""
                    };
                    println!(
                        "{}\t{}{state}",
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

/// Disables, enables or deletes an account through kojo-web's service.
async fn lifecycle(
    store: &kojo_web::store::Store,
    username: &str,
    change: Change,
) -> anyhow::Result<ExitCode> {
    match kojo_web::service::users::apply_by_name(store, username, change).await {
        Ok(_) => {
            println!(
                "{} {username}",
                match change {
                    Change::Disable => "disabled; sessions ended and API tokens revoked:",
                    Change::Enable => "enabled:",
                    Change::Delete => "deleted (the history keeps the name):",
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(kojo_web::AppError::NotFound) => {
            eprintln!("error: no user named {username:?}");
            Ok(ExitCode::from(1))
        }
        Err(e) => {
            eprintln!("error: {}", e.message());
            Ok(ExitCode::from(1))
        }
    }
}

pub fn run_member(args: MemberArgs, _global: &Global) -> anyhow::Result<ExitCode> {
    let config = kojo_web::Config {
        data_dir: args.data,
        database_url: args.database,
        ..kojo_web::Config::default()
    };
    kojo_web::block_on(async {
        let store = kojo_web::store::Store::open(&config.database_url()).await?;
        let r = match &args.command {
            MemberCommand::Role {
                factory,
                username,
                role,
                party,
            } => kojo_web::service::members::set_role_by_names(
                &store, factory, username, role, party,
            )
            .await
            .map(|()| format!("{username} is now {role} in {factory}")),
            MemberCommand::Remove { factory, username } => {
                kojo_web::service::members::remove_by_names(&store, factory, username)
                    .await
                    .map(|()| format!("{username} removed from {factory}"))
            }
        };
        store.close().await;
        Ok(match r {
            Ok(msg) => {
                println!("{msg}");
                ExitCode::SUCCESS
            }
            Err(kojo_web::AppError::NotFound) => {
                eprintln!("error: that user is no member of that factory");
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: {}", e.message());
                ExitCode::from(1)
            }
        })
    })?
}
