//! Numbers as Kafka architects read them: SI sizes (1 KB = 1 000 B), durations in the largest
//! whole unit, counts with thin groups (`200 000`).

/// `12345` → `12 345`; fractions keep up to two decimals (`0.25`).
pub fn count(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.fract() != 0.0 && x.abs() < 1000.0 {
        let s = format!("{x:.2}");
        return s.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    let whole = x.round() as i128;
    let digits = whole.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if whole < 0 {
        out.insert(0, '-');
    }
    out
}

/// `1500` → `1.5 KB`, SI decimal as the domain quotes sizes.
pub fn bytes(x: f64) -> String {
    const UNITS: [&str; 6] = ["B", "KB", "MB", "GB", "TB", "PB"];
    let mut v = x;
    let mut unit = 0;
    while v.abs() >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    format!("{} {}", short(v), UNITS[unit])
}

/// `604800000` → `7 d`, `1500` → `1.5 s`.
pub fn millis(ms: f64) -> String {
    const STEPS: [(f64, &str); 5] = [
        (86_400_000.0, "d"),
        (3_600_000.0, "h"),
        (60_000.0, "min"),
        (1_000.0, "s"),
        (1.0, "ms"),
    ];
    if ms < 0.0 {
        return "forever".into();
    }
    for (size, unit) in STEPS {
        if ms >= size {
            return format!("{} {unit}", short(ms / size));
        }
    }
    format!("{} ms", short(ms))
}

/// Up to three significant digits, no trailing zeros.
fn short(v: f64) -> String {
    let s = if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn sizes_are_si_decimal() {
        assert_eq!(bytes(1000.0), "1 KB");
        assert_eq!(bytes(1500.0), "1.5 KB");
        assert_eq!(bytes(16384.0), "16.4 KB");
        assert_eq!(bytes(30e12), "30 TB");
        assert_eq!(bytes(200.0), "200 B");
    }

    #[test]
    fn durations_use_the_largest_whole_unit() {
        assert_eq!(millis(604_800_000.0), "7 d");
        assert_eq!(millis(259_200_000.0), "3 d");
        assert_eq!(millis(5.0), "5 ms");
        assert_eq!(millis(1500.0), "1.5 s");
        assert_eq!(millis(-1.0), "forever");
    }
}
