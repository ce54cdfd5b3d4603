//! Properties of the plan.
