//! The change plan between two designs: `POST /plan` (two documents), and
//! `GET /designs/{id}/plan?from=&to=` and `GET /shared/{token}/plan?from=&to=` (two revisions
//! of a saved design, for its owner and for a review link).
//!
//! The plan itself is the `plan` crate's, re-exported as it is: ordered steps, each with its
//! kind, element, risk, reason, commands and machine-readable changes. The answer adds the
//! runbook in Markdown (the commands in order, the destructive steps apart, the Strimzi and
//! Terraform files as diffs), as the report renders it.

use serde::{Deserialize, Serialize};

use crate::ids::Revision;
use design::Design;
pub use plan::{Change, KeysMoved, Plan, Risk, Step, StepKind};

/// `POST /plan`: from which design to which.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// The design running now (a `kafka-design/v1` document).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub from: Design,
    /// The design to move to.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub to: Design,
}

/// The query of `GET /designs/{id}/plan` and `GET /shared/{token}/plan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PlanQuery {
    /// The revision running now.
    #[cfg_attr(feature = "openapi", param(value_type = i32))]
    pub from: Revision,
    /// The revision to move to.
    #[cfg_attr(feature = "openapi", param(value_type = i32))]
    pub to: Revision,
}

/// The plan and its runbook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanAnswer {
    /// The revisions compared, when the plan is between two revisions of a saved design.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub from_revision: Option<Revision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub to_revision: Option<Revision>,
    /// `steps` (each `{kind, element, element_id, element_kind, risk, destructive, message,
    /// consequences, commands, changes, …}`), `refused` (whether any step is one Kafka refuses)
    /// and `summary`.
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub plan: Plan,
    /// The runbook: the commands in order, the destructive steps apart, the Strimzi and
    /// Terraform changes as diffs.
    pub runbook_markdown: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_request_names_both_designs_and_nothing_else() {
        let d = serde_json::to_value(Design::new("orders")).unwrap();
        let read: PlanRequest = serde_json::from_value(json!({"from": d, "to": d})).unwrap();
        assert_eq!(read.from, read.to);
        let e = serde_json::from_value::<PlanRequest>(json!({"from": d})).unwrap_err();
        assert!(e.to_string().contains("`to`"), "{e}");
        let e = serde_json::from_value::<PlanRequest>(json!({"from": d, "to": d, "too": 1})).unwrap_err();
        assert!(e.to_string().contains("too"), "{e}");
    }

    #[test]
    fn an_answer_has_the_steps_at_its_top_level() {
        let a = Design::new("orders");
        let answer = PlanAnswer {
            from_revision: Some(Revision(3)),
            to_revision: Some(Revision(4)),
            plan: plan::plan(&a, &a),
            runbook_markdown: "# Plan\n".into(),
        };
        let sent = serde_json::to_value(&answer).unwrap();
        assert_eq!(sent["steps"], json!([]));
        assert_eq!(sent["refused"], json!(false));
        assert_eq!(sent["from_revision"], json!(3));
        assert_eq!(sent["runbook_markdown"], json!("# Plan\n"));
        let read: PlanAnswer = serde_json::from_value(sent).unwrap();
        assert_eq!(read, answer);
        let q: PlanQuery = serde_json::from_value(json!({"from": 1, "to": 4})).unwrap();
        assert_eq!((q.from, q.to), (Revision(1), Revision(4)));
    }
}
