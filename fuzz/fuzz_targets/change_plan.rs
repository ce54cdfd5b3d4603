//! Any bytes as a `POST /api/v1/plan` body, `{"from": <design>, "to": <design>}`: parse,
//! check both sides, plan, apply the plan, and render the runbook.
//!
//! What must hold: nothing panics; a plan refuses exactly when one of its steps is refused;
//! every figure it gives (the share of keys moved, data moved, throttle, storage delta) is a
//! finite number, the share within 0..=1; a plan from a design to itself is empty; applying a
//! plan does not panic; the runbook's code fences are balanced.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[derive(serde::Deserialize)]
struct Request {
    from: design::Design,
    to: design::Design,
}

fuzz_target!(|data: &[u8]| {
    let Ok(req) = serde_json::from_slice::<Request>(data) else {
        return;
    };
    if !analysis::check(&req.from).is_empty() || !analysis::check(&req.to).is_empty() {
        return;
    }
    let plan = plan::plan(&req.from, &req.to);
    assert_eq!(
        plan.refused,
        plan.steps.iter().any(|s| s.risk == plan::Risk::Refused),
        "`refused` says whether a step is refused"
    );
    for step in &plan.steps {
        if let Some(keys) = &step.keys_moved {
            assert!((0.0..=1.0).contains(&keys.share), "{:?}", keys);
        }
        for figure in [
            step.data_moved_bytes,
            step.throttle_bytes_per_sec,
            step.storage_delta_bytes,
        ]
        .into_iter()
        .flatten()
        {
            assert!(figure.is_finite(), "{step:?}");
        }
    }
    assert!(
        plan::plan(&req.from, &req.from).steps.is_empty(),
        "a design planned to itself"
    );
    let _applied = plan::apply(&req.from, &plan);
    let runbook = report::runbook::markdown(&plan, &req.from, &req.to, "fuzz");
    let fences = runbook
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    assert_eq!(fences % 2, 0, "unbalanced fences in the runbook");
});
