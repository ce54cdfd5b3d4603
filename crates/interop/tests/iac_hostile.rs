//! Hostile Strimzi and Terraform texts: nothing panics, limits hold, errors say where.

use design::rules::{MAX_NAME_CHARS, MAX_NODES};
use interop::{import, limits, Error, Format, Imported, Options};
use proptest::prelude::*;

fn read(text: &str, format: Format) -> Result<Imported, Error> {
    import(text, Some(format), &Options::default())
}

#[test]
fn empty_and_comment_only_texts_give_empty_designs() {
    for format in [Format::Strimzi, Format::Terraform] {
        for text in ["", "\n\n", "# nothing\n", "\u{feff}"] {
            let i = read(text, format).unwrap();
            assert!(
                i.design.nodes.is_empty() && i.warnings.is_empty(),
                "{format} {text:?}"
            );
        }
    }
}

#[test]
fn garbage_is_a_syntax_error_or_said() {
    let e = read("\u{1}garbage ~~~ @@@", Format::Terraform).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Syntax {
                format: Format::Terraform,
                line: 1,
                column: 1,
                ..
            }
        ),
        "{e:?}"
    );
    // a YAML scalar is YAML, but not a resource
    let i = read("just some words", Format::Strimzi).unwrap();
    assert!(i.design.nodes.is_empty());
    assert_eq!(i.warnings[0].location, "document 1");
}

#[test]
fn unterminated_strings_and_blocks_say_line_and_column() {
    let e = read(
        "resource \"kafka_topic\" \"x\" {\n  name = \"orders\n}\n",
        Format::Terraform,
    )
    .unwrap_err();
    assert_eq!(e.position(), Some((2, 10)), "{e:?}");
    let e = read(
        "\nresource \"kafka_topic\" \"x\" {\n  name = \"orders\"\n",
        Format::Terraform,
    )
    .unwrap_err();
    assert_eq!(e.position(), Some((2, 28)), "{e:?}");
    let e = read("kind: KafkaTopic\nmetadata:\n  name: \"orders\n", Format::Strimzi).unwrap_err();
    assert!(
        matches!(e, Error::Syntax { format: Format::Strimzi, line, .. } if line >= 3),
        "{e:?}"
    );
}

#[test]
fn deep_nesting_and_alias_bombs_are_limits() {
    let hcl = format!(
        "resource \"kafka_topic\" \"x\" {{\n  config = {}\n}}\n",
        "{ a = ".repeat(5_000)
    );
    assert!(matches!(read(&hcl, Format::Terraform), Err(Error::Limit { .. })));
    let blocks = "a {\n".repeat(5_000);
    assert!(matches!(
        read(&blocks, Format::Terraform),
        Err(Error::Limit { .. })
    ));
    let yaml = format!(
        "kind: KafkaTopic\nspec:\n  config: {}{}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    assert!(matches!(read(&yaml, Format::Strimzi), Err(Error::Limit { .. })));
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    assert!(matches!(read(&bomb, Format::Strimzi), Err(Error::Limit { .. })));
}

#[test]
fn huge_partition_counts_are_said_and_left_unset() {
    for (count, said) in [
        ("4294967296", "4294967296 partitions is outside 1..=10000"),
        (
            "99999999999999999999999999999",
            "99999999999999999999999999999 partitions is outside",
        ),
        ("0", "0 partitions is outside"),
        ("-3", "`-3` is not a partition count"),
        ("6.5", "`6.5` is not a partition count"),
    ] {
        let text = format!("resource \"confluent_kafka_topic\" \"x\" {{\n  topic_name = \"x\"\n  partitions_count = {count}\n}}\n");
        let i = read(&text, Format::Terraform).unwrap();
        assert_eq!(i.design.nodes[0].partitions, None, "{count}");
        assert_eq!(i.warnings.len(), 1, "{count}: {:?}", i.warnings);
        assert_eq!(i.warnings[0].location, "line 3");
        assert!(
            i.warnings[0].message.starts_with(said),
            "{count}: {}",
            i.warnings[0].message
        );
    }
    let yaml = "kind: KafkaTopic\napiVersion: kafka.strimzi.io/v1\nmetadata: {name: x}\nspec: {partitions: 4294967297}\n";
    let i = read(yaml, Format::Strimzi).unwrap();
    assert_eq!(i.design.nodes[0].partitions, None);
    assert_eq!(i.warnings[0].location, "document 1: spec.partitions");
}

#[test]
fn a_hundred_thousand_resources_fill_the_design_and_stop() {
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(&format!("resource kafka_topic t{{\nname=\"t{i:x}\"\n}}\n"));
    }
    assert!(text.len() <= limits::MAX_BYTES, "{}", text.len());
    let i = read(&text, Format::Terraform).unwrap();
    assert_eq!(i.design.nodes.len(), MAX_NODES);
    assert_eq!(
        i.warnings.len(),
        1,
        "{:?}",
        &i.warnings[..3.min(i.warnings.len())]
    );
    assert!(i.warnings[0].message.contains("the design is full"));
    assert_eq!(i.warnings[0].location, format!("line {}", MAX_NODES * 3 + 1));

    let mut yaml = String::new();
    for i in 0..20_000 {
        yaml.push_str(&format!(
            "---\nkind: KafkaTopic\napiVersion: kafka.strimzi.io/v1\nmetadata: {{name: t{i}}}\n"
        ));
    }
    let i = read(&yaml, Format::Strimzi).unwrap();
    assert_eq!(i.design.nodes.len(), MAX_NODES);
    assert_eq!(i.warnings.len(), 1);
    assert_eq!(i.warnings[0].location, format!("document {}", MAX_NODES + 1));
}

#[test]
fn control_characters_and_long_lines() {
    let text = "resource \"kafka_topic\" \"x\" {\n  name = \"a\u{1}b\\u0007c\"\n  config = { \"k\" = \"v\u{0}\" }\n}\n";
    let i = read(text, Format::Terraform).unwrap();
    assert_eq!(i.design.nodes[0].name, "a b c");
    assert!(i.design.nodes[0].config.is_empty());
    assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);

    let long = "n".repeat(3_000_000);
    let text = format!(
        "resource \"kafka_topic\" \"x\" {{\n  name = \"{long}\"\n  config = {{ \"k\" = \"{}\" }}\n}}\n",
        &long[..500_000]
    );
    let i = read(&text, Format::Terraform).unwrap();
    assert_eq!(i.design.nodes[0].name.chars().count(), MAX_NAME_CHARS);
    assert!(i.design.nodes[0].config.is_empty());
    let at: Vec<&str> = i.warnings.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(at, ["line 1", "line 3"]);
    let yaml = format!("kind: KafkaTopic\napiVersion: kafka.strimzi.io/v1\nmetadata: {{name: \"{long}\"}}\n");
    let i = read(&yaml, Format::Strimzi).unwrap();
    assert_eq!(i.design.nodes[0].name.chars().count(), MAX_NAME_CHARS);
}

/// Pieces of both formats, so that random texts reach deep into the readers.
const PIECES: &[&str] = &[
    "resource",
    " \"confluent_kafka_topic\"",
    " \"kafka_topic\"",
    " \"x\"",
    " {",
    "}",
    "\n",
    " = ",
    "topic_name",
    "name",
    "partitions_count",
    "partitions",
    "config",
    "\"a\"",
    "\"${",
    "$${",
    "\\",
    "\"",
    "[",
    "]",
    "(",
    ")",
    ",",
    ":",
    "#",
    "//",
    "/*",
    "*/",
    "<<EOF\n",
    "<<-EOF\n",
    "EOF\n",
    "6",
    "-1",
    "99999999999999999999",
    "var.x",
    "for",
    "null",
    "true",
    "\u{0}",
    "\u{85}",
    "é",
    "---\n",
    "kind: KafkaTopic\n",
    "apiVersion: kafka.strimzi.io/v1\n",
    "metadata:\n",
    "  name: ",
    "spec:\n",
    "  partitions: ",
    "  config:\n",
    "    ",
    "- ",
    "&a ",
    "*a ",
    "!!str ",
    "{",
    "? ",
    "'",
    "|\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        for format in [Format::Strimzi, Format::Terraform] {
            if let Ok(i) = read(&text, format) {
                prop_assert!(design::validate(&i.design).is_empty());
            }
        }
    }

    #[test]
    fn texts_made_of_both_formats_never_panic(pieces in prop::collection::vec(prop::sample::select(PIECES), 0..80)) {
        let text = pieces.concat();
        for format in [Format::Strimzi, Format::Terraform] {
            match read(&text, format) {
                Ok(i) => prop_assert!(design::validate(&i.design).is_empty()),
                Err(Error::Syntax { line, column, .. }) => {
                    prop_assert!(line >= 1 && column >= 1);
                    // YAML also breaks lines at U+0085, U+2028, U+2029 and a lone CR
                    let breaks = text.chars().filter(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')).count();
                    prop_assert!(line <= breaks + 2, "{line} {text:?}"); // the YAML reader may place the end past the last line
                }
                Err(_) => {}
            }
        }
    }
}
