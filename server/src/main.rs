//! `kafka-studio`: run the studio (default), or manage its private Postgres.

use anyhow::Result;
use clap::Parser;
use server::cli::Report;
use server::config::{Cli, Command, PostgresAction, ServeArgs};
use server::pg::Cluster;
use tracing_subscriber::EnvFilter;

/// mimalloc instead of the C library's allocator: parsing a design makes thousands of small
/// allocations, and with glibc's malloc they were a quarter of the time of a save.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();

    if let Err(e) = run(cli) {
        // One line that says what went wrong and what to do, never a panic trace.
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(server::serve::serve(cli.serve))?;
        }
        Command::Postgres { action } => postgres(action, &cli.serve)?,
        Command::Lint { file, format } => report(Report::Lint, &file, format),
        Command::Size { file, format, target } => finish(server::cli::size(&file, format, target.as_deref())),
        Command::Export { file, format } => {
            report(Report::Export(format), &file, server::config::Format::Text)
        }
        Command::Plan { old, new, format } => finish(server::cli::plan(&old, &new, format)),
        Command::SchemaCheck {
            schema_type,
            level,
            format,
            new,
            previous,
        } => finish(server::cli::schema_check(
            schema_type,
            level,
            &new,
            &previous,
            format,
        )),
        Command::Import {
            file,
            format,
            application_id,
        } => finish(server::cli::import(
            &file,
            format,
            &interop::Options { application_id },
        )),
    }
    Ok(())
}

fn report(report: Report, file: &std::path::Path, format: server::config::Format) {
    finish(server::cli::run(report, file, format));
}

/// Prints a command's outcome and exits with its code.
fn finish(outcome: server::cli::Outcome) -> ! {
    use std::io::Write as _;
    // Problems go to standard error; reports and documents (text or binary) to standard output.
    let written = if outcome.exit_code >= 2 {
        std::io::stderr().write_all(&outcome.output)
    } else {
        std::io::stdout()
            .write_all(&outcome.output)
            .and_then(|()| std::io::stdout().flush())
    };
    if let Err(e) = written {
        eprintln!("error: cannot write the output: {e}");
    }
    eprint!("{}", outcome.notes);
    std::process::exit(outcome.exit_code);
}

fn postgres(action: PostgresAction, args: &ServeArgs) -> Result<()> {
    let mut cluster = Cluster::new(&args.data_dir, args.pg_bin_dir.as_deref())?;
    match action {
        PostgresAction::Start => {
            cluster.ensure_running()?;
            tokio::runtime::Runtime::new()?.block_on(cluster.ensure_database())?;
            println!("{}", cluster.url());
        }
        PostgresAction::Stop => cluster.stop_now()?,
        PostgresAction::Status => {
            let state = if cluster.is_running() {
                "running"
            } else {
                "stopped"
            };
            println!("{} {state}", cluster.url());
        }
    }
    Ok(())
}
