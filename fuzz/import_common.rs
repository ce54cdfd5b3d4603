//! What every import fuzz target checks of one text.

/// Imports `text` as `format` and checks the outcome.
pub fn check(text: &str, format: interop::Format) {
    match interop::import(text, Some(format), &interop::Options::default()) {
        Ok(imported) => {
            let problems = design::validate(&imported.design);
            assert!(problems.is_empty(), "an import breaks the rules: {problems:?}");
            assert!(imported.design.nodes.iter().all(|n| n.position.is_some()), "laid out");
            for w in &imported.warnings {
                assert!(!w.message.is_empty() && !w.location.is_empty(), "{w:?}");
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            if let Some((line, column)) = e.position() {
                assert!(line >= 1 && column >= 1, "{e:?}");
            }
        }
    }
}
