//! Unit tests of the plan.
