//! `GET /api/v1/lint-rules`: every rule the analysis applies to a design, as the registry
//! (`analysis::rules::RULES`) defines it, with the address of its section on the `/rules` page.

use analysis::rules::{Rule, Severity};
use serde::{Deserialize, Serialize};

use crate::urls::pages;

/// One lint rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LintRule {
    /// Stable id, kebab-case: the `rule` of every finding it makes.
    pub id: String,
    /// `error`, `warn` or `info`: the severity of its findings.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "error"))]
    pub severity: Severity,
    pub title: String,
    /// What goes wrong in Kafka when a design breaks it.
    pub why: String,
    /// How to fix it.
    pub fix: String,
    /// Its section on the studio's rules page: `/rules#<id>`.
    pub page: String,
}

/// `GET /api/v1/lint-rules`: in the order the analysis runs them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LintRuleList {
    pub rules: Vec<LintRule>,
}

impl From<&Rule> for LintRule {
    fn from(rule: &Rule) -> Self {
        LintRule {
            id: rule.id.to_owned(),
            severity: rule.severity,
            title: rule.title.to_owned(),
            why: rule.why.to_owned(),
            fix: rule.fix.to_owned(),
            page: pages::rule(rule.id),
        }
    }
}

impl LintRuleList {
    /// Every registered rule.
    pub fn all() -> Self {
        LintRuleList {
            rules: analysis::rules::rules().iter().map(LintRule::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_listed_as_the_registry_says() {
        let list = LintRuleList::all();
        assert_eq!(list.rules.len(), analysis::rules::rules().len());
        let json = serde_json::to_value(&list).unwrap();
        let first = &json["rules"][0];
        let rule = analysis::rules::rule(first["id"].as_str().unwrap()).unwrap();
        assert_eq!(first["title"], rule.title);
        assert_eq!(first["page"], format!("/rules#{}", rule.id));
        assert!(["error", "warn", "info"].contains(&first["severity"].as_str().unwrap()));
        let back: LintRuleList = serde_json::from_value(json).unwrap();
        assert_eq!(back, list);
    }
}
