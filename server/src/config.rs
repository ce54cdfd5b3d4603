//! Command-line and environment configuration (clap). Every flag has an environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Kafka Design Studio: design, size and review Kafka streaming architectures.
#[derive(Debug, Parser)]
#[command(name = "kafka-studio", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Options for `serve`, which is also what runs when no command is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the studio's web server (the default).
    Serve,
    /// Lint a design file (`-` for standard input): findings with their fixes.
    /// Exits 1 when there are error findings, 2 when the file is not a valid design.
    Lint {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Size a design file: brokers with the binding constraint, storage, network, partitions,
    /// and, when the design has a deployment (or `--target` gives one), the monthly cost of its
    /// target line by line and of every target side by side with the cheapest that fits.
    /// Exits 1 when there are error findings, 2 when the file is not a valid design or the
    /// target is not one the price table lists.
    Size {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The deployment target to price for this run (`self-managed`, `msk-provisioned`,
        /// `msk-serverless`, `diskless`): sets `cluster.deployment.target`, adding a default
        /// deployment (three zones, list prices) when the design has none.
        #[arg(long)]
        target: Option<String>,
    },
    /// Export a design file as the Markdown spec or as topics as code; exits 2 when the file is
    /// not a valid design.
    Export {
        file: PathBuf,
        /// md, pdf, zip, kafka-topics.sh, strimzi.yaml, terraform.tf or asyncapi.yaml.
        #[arg(long)]
        format: report::export::Format,
    },
    /// Import a document teams already have (`-` for standard input) as a design: the design's
    /// JSON on standard output, what was skipped on standard error. Exits 2 when the text is not
    /// the format.
    Import {
        file: PathBuf,
        /// asyncapi, streams-topology, kafka-topics-describe, consumer-groups-describe, strimzi or
        /// terraform; told from the text when absent.
        #[arg(long)]
        format: Option<interop::Format>,
        /// The Kafka Streams `application.id` (prefixes internal topic names).
        #[arg(long)]
        application_id: Option<String>,
    },
    /// Check a new schema version against the registered ones (oldest first) as a Schema
    /// Registry does: every incompatibility with its kind, file, line and the version it breaks.
    /// Exits 1 when incompatible, 2 when a file is not a schema of its type.
    SchemaCheck {
        /// AVRO, PROTOBUF or JSON.
        #[arg(long = "type", default_value = "AVRO")]
        schema_type: contracts::SchemaType,
        /// BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE or
        /// NONE.
        #[arg(long, default_value = "BACKWARD")]
        level: contracts::Level,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The new version's file.
        new: PathBuf,
        /// The registered versions' files, oldest first.
        previous: Vec<PathBuf>,
    },
    /// Plan the change from one design file to another as an operator applies it: ordered steps
    /// with their risk, the keys that move, the commands. Exits 1 when Kafka refuses a step (a
    /// partition decrease), 2 when a file is not a valid design.
    Plan {
        /// The design running now.
        old: PathBuf,
        /// The design to move to.
        new: PathBuf,
        /// text (steps and commands), json (as the API answers) or md (the runbook).
        #[arg(long, value_enum, default_value_t = crate::cli::PlanFormat::Text)]
        format: crate::cli::PlanFormat,
    },
    /// Manage the private Postgres cluster in the data folder (for scripts and tests).
    Postgres {
        #[command(subcommand)]
        action: PostgresAction,
    },
}

/// Output format of the CLI commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum PostgresAction {
    /// Create the cluster if needed, start it, and print its `postgres://` URL.
    Start,
    /// Stop the cluster.
    Stop,
    /// Print the cluster's URL and whether it runs.
    Status,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "STUDIO_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// Postgres to use. When unset, the studio runs a private cluster in the data folder.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,

    /// Folder for the studio's own data (the private Postgres cluster lives in `postgres/`).
    #[arg(long, env = "STUDIO_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Folder with Postgres' `initdb` and `pg_ctl` (found on PATH or in /usr/lib/postgresql by default).
    #[arg(long, env = "PG_BIN_DIR", global = true)]
    pub pg_bin_dir: Option<PathBuf>,

    /// Folder with the built front end (`pkg/studio.{js,wasm,css}`), written by `scripts/build.sh`.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: PathBuf,

    /// Largest request body accepted, in bytes, on every route.
    #[arg(long, env = "STUDIO_MAX_BODY_BYTES", default_value_t = 4 * 1024 * 1024, global = true)]
    pub max_body_bytes: usize,

    /// Seconds a request may take for its heavy work (parsing, analysis, documents), waiting
    /// for a turn included; past it the answer is a 503 JSON error.
    #[arg(
        long,
        env = "STUDIO_REQUEST_DEADLINE_SECS",
        default_value_t = 8,
        global = true
    )]
    pub request_deadline_secs: u64,

    /// The studio runs behind a reverse proxy: count clients by the last `X-Forwarded-For`
    /// address (the proxy's own) instead of the connection's peer.
    #[arg(long, env = "STUDIO_TRUST_PROXY", global = true)]
    pub trust_proxy: bool,

    /// Log-in attempts each client may make per 5 minutes.
    #[arg(long, env = "STUDIO_LOGINS_PER_5_MIN", default_value_t = 30, global = true)]
    pub logins_per_5_min: u32,

    /// Sign-ups each client may make per hour.
    #[arg(long, env = "STUDIO_SIGNUPS_PER_HOUR", default_value_t = 20, global = true)]
    pub signups_per_hour: u32,
}

impl ServeArgs {
    /// The bounds of every request, as configured.
    pub fn limits(&self) -> crate::http::Limits {
        use std::time::Duration;
        crate::http::Limits {
            max_body_bytes: self.max_body_bytes,
            trust_proxy: self.trust_proxy,
            logins: crate::auth::throttle::Throttle::new(self.logins_per_5_min, Duration::from_secs(300)),
            signups: crate::auth::throttle::Throttle::new(self.signups_per_hour, Duration::from_secs(3600)),
        }
    }

    /// The limit on heavy work: one job per core, a short queue, the configured deadline.
    pub fn compute(&self) -> crate::compute::Compute {
        crate::compute::Compute::for_this_machine(std::time::Duration::from_secs(
            self.request_deadline_secs.max(1),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_listen_on_loopback_3000() {
        let cli = Cli::try_parse_from(["kafka-studio"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.addr, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(cli.serve.data_dir, PathBuf::from("data"));
    }

    #[test]
    fn flags_work_after_the_subcommand() {
        let cli = Cli::try_parse_from(["kafka-studio", "postgres", "start", "--data-dir", "/tmp/x"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Postgres {
                action: PostgresAction::Start
            })
        ));
        assert_eq!(cli.serve.data_dir, PathBuf::from("/tmp/x"));
    }

    #[test]
    fn a_bad_address_is_refused() {
        assert!(Cli::try_parse_from(["kafka-studio", "--addr", "nowhere"]).is_err());
    }
}
