//! Parsing what people type into Kafka's raw values: bytes (`30 TB`, `64 KiB`, `1.5 MB`),
//! byte rates (`50 MB/s`) and durations in milliseconds (`7 d`, `250 ms`, `1h`). A plain
//! number is the raw value (bytes, milliseconds), so `30000000000000` still means 30 TB.
//!
//! Units are case-insensitive; SI prefixes are powers of 1 000 (`KB`, `MB`, …, `PB`), binary
//! ones powers of 1 024 (`KiB` … `PiB`). The number is decimal digits with an optional
//! fraction and exponent (`1.5`, `3e13`); `NaN`, `inf`, signs other than the caller's `-1`
//! (see [`parse_or_no_limit`]) and anything past `i64::MAX` are refused with a
//! [`ParseError`] that says what was wrong. The result may carry a fraction (`0.5 B`): a
//! caller that stores whole numbers rounds it.

use crate::format::{BYTE_UNITS, TIME_UNITS};

/// The longest input read, in characters; anything longer is refused before it is looked at.
pub const MAX_INPUT_LEN: usize = 64;

/// Kafka's "no limit" (`retention.ms = -1`, `retention.bytes = -1`).
pub const NO_LIMIT: f64 = -1.0;

/// The largest value accepted: Kafka's settings are Java `long`s.
const MAX_VALUE: f64 = i64::MAX as f64;

/// Why a typed value was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("type a number, e.g. {example}")]
    Empty { example: &'static str },
    #[error("too long: {len} characters, at most {MAX_INPUT_LEN}")]
    TooLong { len: usize },
    #[error("`{text}` is not a number")]
    NotANumber { text: String },
    #[error("unknown unit `{unit}`: use {expected}")]
    UnknownUnit { unit: String, expected: &'static str },
    #[error("`{unit}` reads as bits: write {bytes} for bytes")]
    Bits { unit: String, bytes: String },
    #[error("must not be negative")]
    Negative,
    #[error("too large: at most {MAX_VALUE:e}")]
    TooLarge,
}

const BYTE_HELP: &str = "B, KB, MB, GB, TB, PB or KiB, MiB, GiB, TiB, PiB";
const RATE_HELP: &str = "B/s, KB/s, MB/s, GB/s (or KiB/s, MiB/s, …)";
const TIME_HELP: &str = "ms, s, min, h, d or w";

/// Bytes: `30 TB` → `3e13`, `64 KiB` → `65536`, `1500` → `1500`.
pub fn parse_bytes(input: &str) -> Result<f64, ParseError> {
    let (n, unit) = split(input, "30 TB")?;
    refuse_bits(unit)?;
    let factor = byte_factor(unit).ok_or_else(|| ParseError::UnknownUnit {
        unit: unit.to_owned(),
        expected: BYTE_HELP,
    })?;
    scale(n, factor)
}

/// Bytes per second: `50 MB/s` (the `/s` may be left out) → `5e7`.
pub fn parse_bytes_rate(input: &str) -> Result<f64, ParseError> {
    let (n, unit) = split(input, "50 MB/s")?;
    let lower = unit.to_ascii_lowercase();
    // Not `ps`: `100 Mbps` is megabits, 8 times less than the megabytes a rate here means.
    let per_second = lower.strip_suffix("/s").unwrap_or(&lower).trim_end();
    let bits = unit.strip_suffix("/s").unwrap_or(unit).trim_end();
    refuse_bits(bits)?;
    let factor = byte_factor(per_second).ok_or_else(|| ParseError::UnknownUnit {
        unit: unit.to_owned(),
        expected: RATE_HELP,
    })?;
    scale(n, factor)
}

/// A duration in milliseconds: `7 d` → `6.048e8`, `1.5 s` → `1500`, `1h`, `250 ms`, `250`.
pub fn parse_millis(input: &str) -> Result<f64, ParseError> {
    let (n, unit) = split(input, "7 d")?;
    let factor = time_factor(unit).ok_or_else(|| ParseError::UnknownUnit {
        unit: unit.to_owned(),
        expected: TIME_HELP,
    })?;
    scale(n, factor)
}

/// `parse`, or Kafka's no-limit [`NO_LIMIT`] for `-1`, `forever` or `unlimited` (what
/// [`crate::millis`] and the editor show for it). For settings where `-1` means "no limit".
pub fn parse_or_no_limit(input: &str, parse: fn(&str) -> Result<f64, ParseError>) -> Result<f64, ParseError> {
    let t = input.trim();
    if t == "-1" || t.eq_ignore_ascii_case("forever") || t.eq_ignore_ascii_case("unlimited") {
        Ok(NO_LIMIT)
    } else {
        parse(input)
    }
}

/// The number's text and the unit's, both trimmed; refuses empty, long and signed input.
fn split<'a>(input: &'a str, example: &'static str) -> Result<(&'a str, &'a str), ParseError> {
    let len = input.chars().count();
    if len > MAX_INPUT_LEN {
        return Err(ParseError::TooLong { len });
    }
    let t = input.trim();
    if t.is_empty() {
        return Err(ParseError::Empty { example });
    }
    let t = match t.strip_prefix('-') {
        Some(rest) if starts_numeric(rest) => return Err(ParseError::Negative),
        _ => t.strip_prefix('+').unwrap_or(t),
    };
    let end = number_len(t);
    if end == 0 {
        let text = t.split_whitespace().next().unwrap_or(t).to_owned();
        return Err(ParseError::NotANumber { text });
    }
    Ok((&t[..end], t[end..].trim()))
}

fn starts_numeric(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit() || c == '.')
}

/// The length of the leading decimal number (`12`, `1.5`, `.5`, `3e13`, `2E-3`), 0 if none.
fn number_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = digits(0);
    let mut any = i > 0;
    if b.get(i) == Some(&b'.') {
        let frac = digits(i + 1);
        if frac > 0 || any {
            i += 1 + frac;
            any = true;
        }
    }
    if !any {
        return 0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        let exp = digits(i + 1 + sign);
        if exp > 0 {
            i += 1 + sign + exp;
        }
    }
    i
}

fn scale(number: &str, factor: f64) -> Result<f64, ParseError> {
    // `number_len` only lets digits, one point and an exponent through: Rust's parser accepts
    // all of them and none of its own words (`NaN`, `inf`).
    let n: f64 = number.parse().map_err(|_| ParseError::NotANumber {
        text: number.to_owned(),
    })?;
    let x = n * factor;
    // `i64::MAX as f64` is 2^63, one past the largest `long`: equal is too large too.
    if !x.is_finite() || x >= MAX_VALUE {
        return Err(ParseError::TooLarge);
    }
    Ok(x)
}

/// Refuses a unit written as bits (`Mb`, `kb`, `Gbps`: a prefix and a lower-case `b`), which
/// people read as megabits, rather than taking it for bytes, 8 times more.
fn refuse_bits(unit: &str) -> Result<(), ParseError> {
    let stem = unit.strip_suffix("ps").unwrap_or(unit);
    let bits = stem.len() == 2 && stem.ends_with('b') && !stem.eq_ignore_ascii_case("ib");
    if bits {
        let bytes = format!("{}B", stem[..1].to_ascii_uppercase());
        return Err(ParseError::Bits {
            unit: unit.to_owned(),
            bytes: if unit.ends_with("ps") {
                format!("{bytes}/s")
            } else {
                bytes
            },
        });
    }
    Ok(())
}

fn byte_factor(unit: &str) -> Option<f64> {
    let u = unit.to_ascii_lowercase();
    let u = u.as_str();
    match u {
        "" | "b" | "byte" | "bytes" => return Some(1.0),
        _ => {}
    }
    let binary = [("kib", 1u32), ("mib", 2), ("gib", 3), ("tib", 4), ("pib", 5)];
    if let Some((_, p)) = binary.iter().find(|(name, _)| *name == u) {
        return Some(1024f64.powi(*p as i32));
    }
    BYTE_UNITS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(u))
        .map(|(_, size)| *size)
}

fn time_factor(unit: &str) -> Option<f64> {
    let u = unit.to_ascii_lowercase();
    let canonical = match u.as_str() {
        "" | "ms" | "msec" | "millis" | "millisecond" | "milliseconds" => "ms",
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "m" | "min" | "mins" | "minute" | "minutes" => "min",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "d" | "day" | "days" => "d",
        "w" | "week" | "weeks" => return Some(7.0 * 86_400_000.0),
        _ => return None,
    };
    TIME_UNITS
        .iter()
        .find(|(name, _)| *name == canonical)
        .map(|(_, size)| *size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{bytes, bytes_rate, millis};
    use proptest::prelude::*;

    #[test]
    fn bits_are_refused_rather_than_read_as_bytes() {
        for typed in ["100 Mb", "1 kb", "1 Gbps", "100 Mbps", "5 mb/s"] {
            let parsed = if typed.contains("ps") || typed.contains("/s") {
                parse_bytes_rate(typed)
            } else {
                parse_bytes(typed)
            };
            assert!(
                matches!(
                    parsed,
                    Err(ParseError::Bits { .. }) | Err(ParseError::UnknownUnit { .. })
                ),
                "{typed}: {parsed:?}"
            );
        }
        assert_eq!(
            parse_bytes("30 tb").unwrap_err().to_string(),
            "`tb` reads as bits: write TB for bytes"
        );
        assert_eq!(
            parse_bytes_rate("100 Mbps").unwrap_err().to_string(),
            "`Mbps` reads as bits: write MB/s for bytes"
        );
        assert_eq!(parse_bytes_rate("5 MB/s"), Ok(5e6));
        assert_eq!(parse_bytes("1 KB"), Ok(1e3));
        assert_eq!(parse_bytes("1 B"), Ok(1.0));
    }

    #[test]
    fn the_largest_long_is_the_limit() {
        assert_eq!(parse_bytes("9223372036854775807"), Err(ParseError::TooLarge));
        assert_eq!(parse_bytes("8192 PiB"), Err(ParseError::TooLarge));
        assert!(parse_bytes("8191 PiB").is_ok());
    }

    #[test]
    fn sizes_read_si_binary_and_raw() {
        assert_eq!(parse_bytes("30 TB"), Ok(30e12));
        assert_eq!(parse_bytes("30TB"), Ok(30e12));
        assert_eq!(parse_bytes("64 KiB"), Ok(65_536.0));
        assert_eq!(parse_bytes("1 gib"), Ok(1_073_741_824.0));
        assert_eq!(parse_bytes("1.5 MB"), Ok(1.5e6));
        assert_eq!(parse_bytes("30000000000000"), Ok(30e12));
        assert_eq!(parse_bytes(" 200 B "), Ok(200.0));
        assert_eq!(parse_bytes("3e13"), Ok(3e13));
        assert_eq!(parse_bytes(".5 KB"), Ok(500.0));
    }

    #[test]
    fn rates_and_durations_read() {
        assert_eq!(parse_bytes_rate("50 MB/s"), Ok(50e6));
        assert_eq!(parse_bytes_rate("50 MB"), Ok(50e6));
        assert_eq!(parse_millis("7 d"), Ok(604_800_000.0));
        assert_eq!(parse_millis("1.5 s"), Ok(1500.0));
        assert_eq!(parse_millis("250 ms"), Ok(250.0));
        assert_eq!(parse_millis("1h"), Ok(3_600_000.0));
        assert_eq!(parse_millis("2 min"), Ok(120_000.0));
        assert_eq!(parse_millis("1 w"), Ok(604_800_000.0));
        assert_eq!(parse_millis("604800000"), Ok(604_800_000.0));
    }

    #[test]
    fn kafkas_no_limit_only_where_asked() {
        assert_eq!(parse_or_no_limit("-1", parse_millis), Ok(NO_LIMIT));
        assert_eq!(parse_or_no_limit("forever", parse_millis), Ok(NO_LIMIT));
        assert_eq!(parse_or_no_limit("Unlimited", parse_bytes), Ok(NO_LIMIT));
        assert_eq!(parse_or_no_limit("7 d", parse_millis), Ok(604_800_000.0));
        assert_eq!(parse_or_no_limit("-2", parse_millis), Err(ParseError::Negative));
        assert_eq!(parse_millis("-1"), Err(ParseError::Negative));
    }

    #[test]
    fn bad_input_says_what_is_wrong() {
        assert!(matches!(parse_bytes(""), Err(ParseError::Empty { .. })));
        assert!(matches!(parse_bytes("   "), Err(ParseError::Empty { .. })));
        assert_eq!(parse_bytes("-5 MB"), Err(ParseError::Negative));
        assert_eq!(
            parse_bytes("NaN"),
            Err(ParseError::NotANumber { text: "NaN".into() })
        );
        assert!(matches!(parse_bytes("inf"), Err(ParseError::NotANumber { .. })));
        assert!(matches!(parse_bytes("."), Err(ParseError::NotANumber { .. })));
        assert_eq!(parse_bytes("1e999"), Err(ParseError::TooLarge));
        assert_eq!(parse_bytes("10 PiB"), Ok(10.0 * 1024f64.powi(5)));
        assert_eq!(parse_bytes("99999999 PB"), Err(ParseError::TooLarge));
        assert_eq!(parse_millis("1e300 d"), Err(ParseError::TooLarge));
        let e = parse_bytes("30 XB").unwrap_err();
        assert!(matches!(&e, ParseError::UnknownUnit { unit, .. } if unit == "XB"));
        assert_eq!(e.to_string(), format!("unknown unit `XB`: use {BYTE_HELP}"));
        assert!(matches!(
            parse_millis("7 months"),
            Err(ParseError::UnknownUnit { .. })
        ));
        assert!(matches!(
            parse_millis("1.2.3 s"),
            Err(ParseError::UnknownUnit { .. })
        ));
        let long = "1".repeat(MAX_INPUT_LEN + 1);
        assert_eq!(parse_bytes(&long), Err(ParseError::TooLong { len: 65 }));
        assert_eq!(
            parse_bytes("too large").unwrap_err().to_string(),
            "`too` is not a number"
        );
    }

    /// What formatting to two decimals may lose: half a hundredth of the unit shown.
    fn close(parsed: f64, x: f64, unit_size: f64) -> bool {
        (parsed - x).abs() <= 0.005 * unit_size * (1.0 + 1e-9) + x.abs() * 1e-12
    }

    fn unit_size(x: f64, units: &[(&str, f64)], smallest: f64) -> f64 {
        units.iter().find(|(_, s)| x >= *s).map_or(smallest, |(_, s)| *s)
    }

    proptest! {
        #[test]
        fn bytes_round_trip(x in 0.0f64..9e18) {
            let parsed = parse_bytes(&bytes(x)).unwrap();
            prop_assert!(close(parsed, x, unit_size(x, &BYTE_UNITS, 1.0)), "{x} → {} → {parsed}", bytes(x));
        }

        #[test]
        fn rates_round_trip(x in 0.0f64..1e13) {
            let parsed = parse_bytes_rate(&bytes_rate(x)).unwrap();
            prop_assert!(close(parsed, x, unit_size(x, &BYTE_UNITS, 1.0)));
        }

        #[test]
        fn durations_round_trip(x in 0.0f64..1e15) {
            let parsed = parse_millis(&millis(x)).unwrap();
            prop_assert!(close(parsed, x, unit_size(x, &TIME_UNITS, 1.0)), "{x} → {} → {parsed}", millis(x));
        }

        #[test]
        fn plain_whole_numbers_are_the_raw_value(x in 0u64..(1u64 << 53)) {
            prop_assert_eq!(parse_bytes(&x.to_string()), Ok(x as f64));
            prop_assert_eq!(parse_millis(&x.to_string()), Ok(x as f64));
        }

        #[test]
        fn any_input_is_refused_or_finite_and_bounded(s in "\\PC{0,80}") {
            for x in [parse_bytes(&s), parse_bytes_rate(&s), parse_millis(&s)].into_iter().flatten() {
                prop_assert!(x.is_finite() && (0.0..=MAX_VALUE).contains(&x));
            }
        }
    }
}
