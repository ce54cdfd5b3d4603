//! Formatting: one rule for every figure. A value is shown in the largest unit it reaches, with
//! at most two decimals and no trailing zeros (`16.38 KB`, `1.5 s`, `30 TB`).

/// SI byte units, largest first, with their size in bytes.
pub(crate) const BYTE_UNITS: [(&str, f64); 5] =
    [("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)];

/// Duration units, largest first, with their size in milliseconds.
pub(crate) const TIME_UNITS: [(&str, f64); 5] = [
    ("d", 86_400_000.0),
    ("h", 3_600_000.0),
    ("min", 60_000.0),
    ("s", 1_000.0),
    ("ms", 1.0),
];

/// A number with at most two decimals, trailing zeros trimmed: `4.9100` → `4.91`, `30.00` →
/// `30`. The shared rule of every unit below.
pub fn decimal(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// SI bytes as people quote them: `1500` → `1.5 KB`, `16384` → `16.38 KB`, `117.94e12` →
/// `117.94 TB`.
pub fn bytes(x: f64) -> String {
    for (unit, size) in BYTE_UNITS {
        if x.abs() >= size {
            return format!("{} {unit}", decimal(x / size));
        }
    }
    format!("{} B", decimal(x))
}

/// SI bytes per second: `50 MB/s`.
pub fn bytes_rate(x: f64) -> String {
    format!("{}/s", bytes(x))
}

/// A duration in milliseconds in the largest unit it reaches: `604800000` → `7 d`, `1500` →
/// `1.5 s`. Negative is Kafka's `-1`, no limit: `forever`.
pub fn millis(ms: f64) -> String {
    if ms < 0.0 {
        return "forever".into();
    }
    for (unit, size) in TIME_UNITS {
        if ms >= size {
            return format!("{} {unit}", decimal(ms / size));
        }
    }
    format!("{} ms", decimal(ms))
}

/// A count in groups of three (`12345` → `12 345`); below 1 000 a fraction keeps up to two
/// decimals (`0.25`).
pub fn count(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.fract() != 0.0 && x.abs() < 1000.0 {
        return decimal(x);
    }
    let whole = x.round() as i128;
    let digits = whole.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if whole < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A counted noun: `plural(1, "topic", "topics")` → `1 topic`, `3` → `3 topics`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_si_decimal_with_two_decimals() {
        assert_eq!(bytes(1000.0), "1 KB");
        assert_eq!(bytes(1500.0), "1.5 KB");
        assert_eq!(bytes(16384.0), "16.38 KB");
        assert_eq!(bytes(30e12), "30 TB");
        assert_eq!(bytes(200.0), "200 B");
        assert_eq!(bytes(117.94e12), "117.94 TB");
        assert_eq!(bytes(0.0), "0 B");
        assert_eq!(bytes_rate(50e6), "50 MB/s");
    }

    #[test]
    fn durations_use_the_largest_unit_reached() {
        assert_eq!(millis(604_800_000.0), "7 d");
        assert_eq!(millis(259_200_000.0), "3 d");
        assert_eq!(millis(5.0), "5 ms");
        assert_eq!(millis(1500.0), "1.5 s");
        assert_eq!(millis(90_000.0), "1.5 min");
        assert_eq!(millis(0.0), "0 ms");
        assert_eq!(millis(-1.0), "forever");
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(count(200_000.0), "200 000");
        assert_eq!(count(999.0), "999");
        assert_eq!(count(1000.0), "1 000");
        assert_eq!(count(-1_234_567.0), "-1 234 567");
        assert_eq!(count(0.25), "0.25");
        assert_eq!(count(2.0), "2");
    }

    #[test]
    fn plurals_count_their_noun() {
        assert_eq!(plural(0, "topic", "topics"), "0 topics");
        assert_eq!(plural(1, "topic", "topics"), "1 topic");
        assert_eq!(plural(3, "topic", "topics"), "3 topics");
    }

    #[test]
    fn decimals_trim_and_never_say_minus_zero() {
        assert_eq!(decimal(4.9100), "4.91");
        assert_eq!(decimal(30.0), "30");
        assert_eq!(decimal(-0.001), "0");
    }
}
