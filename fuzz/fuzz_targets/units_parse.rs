//! Any text as a size, a byte rate or a duration typed into the editor, read by the `units`
//! parsers: no panic; what is accepted is at most `MAX_INPUT_LEN` characters long, finite,
//! not negative (Kafka's `-1` only through `parse_or_no_limit`) and at most `i64::MAX`; and
//! an accepted value, formatted, parses back within the two decimals the format keeps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use units::ParseError;

type Parse = fn(&str) -> Result<f64, ParseError>;
type Format = fn(f64) -> String;

const UNITS: [(Parse, Format); 3] = [
    (units::parse_bytes, units::bytes),
    (units::parse_bytes_rate, units::bytes_rate),
    (units::parse_millis, units::millis),
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (parse, format) in UNITS {
        match parse(text) {
            Ok(x) => {
                assert!(text.chars().count() <= units::MAX_INPUT_LEN, "{text:?} accepted");
                assert!(
                    x.is_finite() && (0.0..=i64::MAX as f64).contains(&x),
                    "{text:?} → {x}"
                );
                let shown = format(x);
                let back = parse(&shown).unwrap_or_else(|e| panic!("{shown:?} (from {x}): {e}"));
                let tolerance = 0.005 * x.max(1.0) * (1.0 + 1e-9);
                assert!((back - x).abs() <= tolerance, "{x} → {shown:?} → {back}");
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
        match units::parse_or_no_limit(text, parse) {
            Ok(x) => assert!(x == units::NO_LIMIT || x >= 0.0, "{text:?} → {x}"),
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
});
