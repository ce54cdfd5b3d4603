//! Which quantity a Kafka setting or a design field holds, by its name (`retention.ms` is a
//! duration, `segment.bytes` a size), and how its raw value reads to a person: the one rule the
//! editor's inputs and the documents share.

/// What a size or duration field holds: the raw value Kafka stores, read and shown in units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// Bytes (`segment.bytes`, `disk_per_broker_bytes`): `30 TB`, `64 KiB`.
    Bytes,
    /// Bytes per second: `50 MB/s`.
    BytesRate,
    /// Milliseconds (`retention.ms`, `processing_ms_per_record`): `7 d`, `250 ms`.
    Millis,
}

impl Quantity {
    /// The quantity a field or Kafka setting holds, by its name's unit (`.ms`, `_bytes`,
    /// `batch.size`); `None` for plain numbers.
    pub fn of(name: &str) -> Option<Self> {
        if name.ends_with("bytes_per_sec") {
            Some(Self::BytesRate)
        } else if name.ends_with(".bytes") || name.ends_with("_bytes") || name == "batch.size" {
            Some(Self::Bytes)
        } else if name.ends_with(".ms") || name.ends_with("_ms") || name.contains("_ms_") {
            Some(Self::Millis)
        } else {
            None
        }
    }

    /// `x` in units (`3e13` → `30 TB`).
    pub fn show(self, x: f64) -> String {
        match self {
            Self::Bytes => crate::bytes(x),
            Self::BytesRate => crate::bytes_rate(x),
            Self::Millis => crate::millis(x),
        }
    }

    /// What a person typed, as the raw value; `no_limit` also takes Kafka's `-1`.
    pub fn parse(self, text: &str, no_limit: bool) -> Result<f64, crate::ParseError> {
        let parse: fn(&str) -> Result<f64, crate::ParseError> = match self {
            Self::Bytes => crate::parse_bytes,
            Self::BytesRate => crate::parse_bytes_rate,
            Self::Millis => crate::parse_millis,
        };
        if no_limit {
            crate::parse_or_no_limit(text, parse)
        } else {
            parse(text)
        }
    }

    /// What the input shows for `x`: its units when they read back as exactly `x`, else the
    /// raw number (so an untouched field never stands for a different value than it holds).
    pub fn text(self, x: f64, no_limit: bool) -> String {
        if no_limit && x == crate::NO_LIMIT {
            return match self {
                Self::Millis => "forever".into(),
                Self::Bytes | Self::BytesRate => "unlimited".into(),
            };
        }
        let shown = self.show(x);
        if self.parse(&shown, no_limit) == Ok(x) {
            shown
        } else {
            format_number(x)
        }
    }
}

/// A number as an input shows it: integers without a decimal point.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_hold_the_quantity_their_name_says() {
        assert_eq!(Quantity::of("retention.ms"), Some(Quantity::Millis));
        assert_eq!(Quantity::of("processing_ms_per_record"), Some(Quantity::Millis));
        assert_eq!(Quantity::of("segment.bytes"), Some(Quantity::Bytes));
        assert_eq!(Quantity::of("batch.size"), Some(Quantity::Bytes));
        assert_eq!(Quantity::of("disk_per_broker_bytes"), Some(Quantity::Bytes));
        assert_eq!(Quantity::of("write_bytes_per_sec"), Some(Quantity::BytesRate));
        assert_eq!(Quantity::of("partitions"), None);
        assert_eq!(Quantity::of("max.poll.records"), None);
    }

    #[test]
    fn inputs_show_units_only_when_they_read_back_exactly() {
        assert_eq!(Quantity::Bytes.text(30e12, false), "30 TB");
        assert_eq!(Quantity::Millis.text(604_800_000.0, false), "7 d");
        assert_eq!(Quantity::Bytes.text(16_384.0, false), "16384");
        assert_eq!(Quantity::Millis.text(-1.0, true), "forever");
        assert_eq!(Quantity::Bytes.text(-1.0, true), "unlimited");
        assert_eq!(Quantity::Bytes.parse("30000000000000", false), Ok(30e12));
        assert_eq!(Quantity::Bytes.parse("-1", true), Ok(-1.0));
        assert!(Quantity::Bytes.parse("-1", false).is_err());
    }
}
