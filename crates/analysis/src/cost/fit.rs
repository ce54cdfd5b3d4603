//! Whether a target's brokers or agents carry the design: a count the sizing's terms need
//! more of (a fixed `cluster.brokers` below them, or past the cap), and counts rounded up to a
//! multiple of the zones without passing [`MAX_BROKERS`].

use super::round_up;
use crate::sizing::{Sizing, MAX_BROKERS};

/// Why a target that bills `billed` brokers does not carry the design: the sizing's largest
/// term (storage, network, partitions, …) asks for more, because `cluster.brokers` is fixed
/// below it or because it is past [`MAX_BROKERS`]. `None` when the brokers suffice.
pub(crate) fn broker_shortfall(s: &Sizing, billed: u32) -> Option<String> {
    let need = s.needed()?;
    if need.brokers <= billed {
        return None;
    }
    let fixed = s
        .terms
        .iter()
        .find(|t| t.constraint == crate::sizing::Constraint::Fixed)
        .map(|t| format!(" (cluster.brokers fixed at {})", t.brokers))
        .unwrap_or_default();
    Some(if need.brokers > MAX_BROKERS {
        format!(
            "needs more than {MAX_BROKERS} brokers: {} {}",
            need.constraint.label(),
            need.formula
        )
    } else {
        format!(
            "{billed} brokers{fixed}, but {} needs {}: {}",
            need.constraint.label(),
            need.brokers,
            need.formula
        )
    })
}

/// `need` brokers or agents rounded up to a multiple of `zones`, held at the largest multiple
/// of the zones within [`MAX_BROKERS`]; with why the target does not fit when that holds fewer
/// than needed.
pub(crate) fn zone_multiple(need: f64, zones: u32, what: &str) -> (u32, Option<String>) {
    let zones = zones.max(1);
    let cap = (MAX_BROKERS / zones).max(1) * zones;
    if need.is_finite() && need <= f64::from(cap) {
        return (round_up(need.max(0.0).ceil() as u32, zones), None);
    }
    let need = if need.is_finite() && need <= f64::from(u32::MAX) {
        format!("{}", need.ceil())
    } else {
        format!("more than {MAX_BROKERS}")
    };
    (
        cap,
        Some(format!(
            "needs {need} {what} over {zones} zones; at most {cap} (a multiple of the zones within {MAX_BROKERS})"
        )),
    )
}
