//! Numbers as Kafka architects read and type them, in one place for the editor, the analysis,
//! the reports and the CLI, so that the same figure prints the same everywhere.
//!
//! - [`format`]: SI bytes (`16.38 KB`: 1 KB = 1 000 B, two decimals with trailing zeros
//!   trimmed), byte rates (`50 MB/s`), durations from milliseconds (`7 d`, `1.5 s`), counts in
//!   thin groups (`200 000`) and counted nouns (`1 topic`, `3 topics`).
//! - [`parse`]: what a person types (`30 TB`, `64 KiB`, `7 d`, `250 ms`, `1h`) back to Kafka's
//!   raw value (bytes, milliseconds); a plain number is the raw value. Bounded: at most
//!   [`MAX_INPUT_LEN`] characters, no NaN or infinity, no overflow past `i64::MAX` (Kafka's
//!   `long`), no negatives except Kafka's `-1` "no limit" where the caller asks for it.
//!
//! - [`quantity`]: which fields hold sizes, rates or durations, by their names' units
//!   (`retention.ms`, `segment.bytes`, `batch.size`), and how their raw values read (`7 d`,
//!   `forever` for `-1`).
//!
//! It does no IO and depends on nothing but `thiserror`: it builds for `wasm32` as it does
//! natively. It does not know Kafka's settings beyond the units their names carry.

pub mod format;
pub mod parse;
pub mod quantity;

pub use format::{bytes, bytes_rate, count, decimal, millis, plural};
pub use parse::{
    parse_bytes, parse_bytes_rate, parse_millis, parse_or_no_limit, ParseError, MAX_INPUT_LEN, NO_LIMIT,
};
pub use quantity::{format_number, Quantity};
