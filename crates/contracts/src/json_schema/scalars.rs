//! The diffs of strings, numbers and enums (Confluent's `StringSchemaDiff`,
//! `NumberSchemaDiff`, `EnumSchemaDiff`), incompatible differences only.

use std::collections::HashSet;

use super::diff::{at, here};
use super::Kind;
use crate::Finding;

/// A keyword that bounds from above (`max…`) or below (`min…`): its incompatible changes.
pub fn bound<T: PartialOrd + ToString>(
    key: &str,
    upper: bool,
    w: Option<T>,
    r: Option<T>,
    added: &'static str,
    tightened: &'static str,
) -> Option<Finding> {
    match (w, r) {
        (None, Some(r)) => Some(at(
            key,
            added,
            "{reader} sets `{}` to {} where {writer} has no such bound: values {writer} accepts may be rejected",
            vec![key.to_owned(), r.to_string()],
        )),
        (Some(w), Some(r)) if (upper && r < w) || (!upper && r > w) => Some(at(
            key,
            tightened,
            "`{}` is {} in {reader} but {} in {writer}: values {writer} accepts may be rejected",
            vec![key.to_owned(), r.to_string(), w.to_string()],
        )),
        _ => None,
    }
}

pub fn string(o: &Kind, u: &Kind) -> Vec<Finding> {
    let (
        Kind::String {
            min_length: omin,
            max_length: omax,
            pattern: op,
        },
        Kind::String {
            min_length: umin,
            max_length: umax,
            pattern: up,
        },
    ) = (o, u)
    else {
        return Vec::new();
    };
    let mut out: Vec<Finding> = [
        bound(
            "maxLength",
            true,
            *omax,
            *umax,
            "MAX_LENGTH_ADDED",
            "MAX_LENGTH_DECREASED",
        ),
        bound(
            "minLength",
            false,
            *omin,
            *umin,
            "MIN_LENGTH_ADDED",
            "MIN_LENGTH_INCREASED",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    match (op, up) {
        (None, Some(p)) => out.push(at(
            "pattern",
            "PATTERN_ADDED",
            "{reader} requires strings here to match `{}`; {writer} does not",
            vec![p.clone()],
        )),
        (Some(a), Some(b)) if a != b => out.push(at(
            "pattern",
            "PATTERN_CHANGED",
            "strings here must match `{}` in {reader} but `{}` in {writer}",
            vec![b.clone(), a.clone()],
        )),
        _ => {}
    }
    out
}

pub fn number(o: &Kind, u: &Kind) -> Vec<Finding> {
    let (
        Kind::Number {
            integer: oi,
            minimum: omin,
            maximum: omax,
            exclusive_minimum: oemin,
            exclusive_maximum: oemax,
            multiple_of: om,
        },
        Kind::Number {
            integer: ui,
            minimum: umin,
            maximum: umax,
            exclusive_minimum: uemin,
            exclusive_maximum: uemax,
            multiple_of: um,
        },
    ) = (o, u)
    else {
        return Vec::new();
    };
    let mut out: Vec<Finding> = [
        bound(
            "maximum",
            true,
            *omax,
            *umax,
            "MAXIMUM_ADDED",
            "MAXIMUM_DECREASED",
        ),
        bound(
            "minimum",
            false,
            *omin,
            *umin,
            "MINIMUM_ADDED",
            "MINIMUM_INCREASED",
        ),
        bound(
            "exclusiveMaximum",
            true,
            *oemax,
            *uemax,
            "EXCLUSIVE_MAXIMUM_ADDED",
            "EXCLUSIVE_MAXIMUM_DECREASED",
        ),
        bound(
            "exclusiveMinimum",
            false,
            *oemin,
            *uemin,
            "EXCLUSIVE_MINIMUM_ADDED",
            "EXCLUSIVE_MINIMUM_INCREASED",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    match (om, um) {
        (None, Some(b)) => out.push(at(
            "multipleOf",
            "MULTIPLE_OF_ADDED",
            "{reader} requires multiples of {} here; {writer} does not",
            vec![b.clone()],
        )),
        (Some(a), Some(b)) => {
            if let (Some(x), Some(y)) = (decimal::parse(a), decimal::parse(b)) {
                if !decimal::equal(x, y) && !decimal::divides(y, x) {
                    let (kind, template) = if decimal::divides(x, y) {
                        ("MULTIPLE_OF_EXPANDED", "numbers here must be multiples of {} in {reader} but of {} in {writer}: multiples of {writer}'s that are not of {reader}'s are rejected")
                    } else {
                        (
                            "MULTIPLE_OF_CHANGED",
                            "numbers here must be multiples of {} in {reader} but of {} in {writer}",
                        )
                    };
                    out.push(at("multipleOf", kind, template, vec![b.clone(), a.clone()]));
                }
            }
        }
        _ => {}
    }
    if !oi && *ui {
        out.push(here(
            "TYPE_NARROWED",
            "the value here must be an integer in {reader} but may be any number in {writer}: numbers with a fraction are rejected",
            vec![],
        ));
    }
    out
}

/// `o` and `u` are canonical JSON texts; compared through sets (lists of thousands of values
/// fit in a schema).
pub fn enumeration(o: &[String], u: &[String]) -> Vec<Finding> {
    let (os, us): (HashSet<&str>, HashSet<&str>) = (
        o.iter().map(String::as_str).collect(),
        u.iter().map(String::as_str).collect(),
    );
    let missing: Vec<&str> = o.iter().map(String::as_str).filter(|v| !us.contains(v)).collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let narrowed = u.iter().all(|v| os.contains(v.as_str()));
    let kind = if narrowed {
        "ENUM_ARRAY_NARROWED"
    } else {
        "ENUM_ARRAY_CHANGED"
    };
    vec![at(
        "enum",
        kind,
        "{reader} no longer allows {} here, which {writer} allows",
        vec![missing.join(", ")],
    )]
}

/// Exact decimal arithmetic for `multipleOf`.
mod decimal {
    /// `mantissa × 10^-scale`.
    pub type Dec = (i128, u32);

    pub fn parse(s: &str) -> Option<Dec> {
        let (num, exp) = match s.find(['e', 'E']) {
            Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
            None => (s, 0),
        };
        let (int, frac) = num.split_once('.').unwrap_or((num, ""));
        let digits = format!("{int}{frac}");
        let mut mantissa: i128 = digits.parse().ok()?;
        let mut scale = i32::try_from(frac.len()).ok()? - exp;
        while scale < 0 {
            mantissa = mantissa.checked_mul(10)?;
            scale += 1;
        }
        Some((mantissa, u32::try_from(scale).ok().filter(|s| *s <= 30)?))
    }

    fn common(a: Dec, b: Dec) -> Option<(i128, i128)> {
        let s = a.1.max(b.1);
        Some((
            a.0.checked_mul(10i128.checked_pow(s - a.1)?)?,
            b.0.checked_mul(10i128.checked_pow(s - b.1)?)?,
        ))
    }

    pub fn equal(a: Dec, b: Dec) -> bool {
        common(a, b).is_some_and(|(x, y)| x == y)
    }

    /// Whether `b` is a multiple of `a`.
    pub fn divides(a: Dec, b: Dec) -> bool {
        common(a, b).is_some_and(|(x, y)| x != 0 && y % x == 0)
    }
}
