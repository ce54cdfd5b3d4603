//! What every import fuzz target checks of one text: no panic; an import is valid, laid out
//! and exports to AsyncAPI that imports again; a refusal says why and where.

/// Imports `text` as `format` and checks the outcome.
pub fn check(text: &str, format: interop::Format) {
    match interop::import(text, Some(format), &interop::Options::default()) {
        Ok(imported) => {
            let problems = design::validate(&imported.design);
            assert!(problems.is_empty(), "an import breaks the rules: {problems:?}");
            assert!(
                imported.design.nodes.iter().all(|n| n.position.is_some()),
                "laid out"
            );
            for w in &imported.warnings {
                assert!(!w.message.is_empty() && !w.location.is_empty(), "{w:?}");
            }
            // Whatever was imported exports to AsyncAPI, and that export imports again.
            let yaml = interop::asyncapi::export(&imported.design);
            if let Err(e) = interop::import(
                &yaml,
                Some(interop::Format::Asyncapi),
                &interop::Options::default(),
            ) {
                panic!("the export of an import does not import: {e}\n{yaml}");
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
