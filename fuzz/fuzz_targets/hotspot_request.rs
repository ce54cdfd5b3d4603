//! Any bytes as the body of `POST /api/v1/hotspot` (`{partitions, keys?, weights?,
//! distribution?}`), checked and answered by the function the server calls: no panic, shares
//! that sum to 1, every key on a partition in range.
#![no_main]

use analysis::hotspot::request::{answer, HotspotRequest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(req) = serde_json::from_slice::<HotspotRequest>(data) else {
        return;
    };
    let partitions = req.partitions;
    let Ok(answer) = answer(req) else { return };
    let load = &answer.summary;
    let sum: f64 = load.shares.iter().sum();
    assert!((sum - 1.0).abs() < 1e-6, "shares sum to {sum}");
    assert_eq!(load.shares.len(), partitions as usize);
    assert!(load.top_keys.iter().all(|k| k.partition < partitions));
    if let Some(placed) = &answer.partition_of_keys {
        assert!(placed.iter().all(|p| *p < partitions));
    }
});
