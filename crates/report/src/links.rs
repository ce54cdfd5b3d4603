//! Where a document's links lead: each finding to its rule's section on the studio's `/rules`
//! page, when the document knows where the studio is (the server does: it is the address the
//! request reached). The command line does not know where a studio runs: its documents name
//! each finding's rule without a link.

/// The addresses a document links to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    rules_page: Option<String>,
}

impl Links {
    /// No links: findings name their rule only.
    pub fn none() -> Self {
        Links::default()
    }

    /// Links to the rules page at `url` (`https://studio.example.com/rules`).
    pub fn rules_at(url: impl Into<String>) -> Self {
        Links {
            rules_page: Some(url.into()),
        }
    }

    /// The address of rule `id`'s section, if the document links.
    pub fn rule(&self, id: &str) -> Option<String> {
        self.rules_page.as_ref().map(|page| format!("{page}#{id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_a_section_of_the_rules_page() {
        assert_eq!(Links::none().rule("acks"), None);
        assert_eq!(
            Links::rules_at("https://studio.example.com/rules")
                .rule("acks")
                .as_deref(),
            Some("https://studio.example.com/rules#acks")
        );
    }
}
