//! Options every subcommand understands.

pub use kojo_lang::Lang;
use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// Add a catalog pack (a company's or industry's own entries); repeatable.
    #[arg(long = "catalog", global = true, value_name = "FILE")]
    pub catalog: Vec<PathBuf>,
    /// Language of human-readable output.
    #[arg(long, global = true, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// When to colour terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to stdout.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}
