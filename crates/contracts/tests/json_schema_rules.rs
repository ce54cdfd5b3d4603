//! One test per incompatibility kind of Confluent's JSON Schema diff, named after it; each
//! asserts the kind, the location and the direction it breaks in.

use contracts::{check, Direction, Level, SchemaType};
use serde_json::json;
use Direction::{Backward, Forward};

type Found = Vec<(String, String, Direction)>;

fn run(level: Level, old: &serde_json::Value, new: &serde_json::Value) -> Found {
    let verdict =
        check(SchemaType::Json, level, &new.to_string(), &[&old.to_string()]).expect("both schemas parse");
    for m in &verdict.messages {
        assert!(
            !m.message.contains("{}") && !m.message.contains("{reader}"),
            "unfilled: {}",
            m.message
        );
    }
    verdict
        .messages
        .into_iter()
        .map(|m| (m.kind, m.location, m.direction))
        .collect()
}

/// Asserts that `new` against `old` breaks backward with exactly `kind` at `location`, and what
/// the forward check finds (`forward`: `None` = nothing).
#[track_caller]
fn breaks(
    old: serde_json::Value,
    new: serde_json::Value,
    kind: &str,
    location: &str,
    forward: Option<(&str, &str)>,
) {
    let b = run(Level::Backward, &old, &new);
    assert_eq!(
        b,
        vec![(kind.to_owned(), location.to_owned(), Backward)],
        "backward"
    );
    let f = run(Level::Forward, &old, &new);
    let want: Found = forward
        .map(|(k, l)| (k.to_owned(), l.to_owned(), Forward))
        .into_iter()
        .collect();
    assert_eq!(f, want, "forward");
}

#[test]
fn type_changed_breaks_both_ways() {
    breaks(
        json!({"properties": {"a": {"type": "string"}}}),
        json!({"properties": {"a": {"type": "number"}}}),
        "TYPE_CHANGED",
        "#/properties/a",
        Some(("TYPE_CHANGED", "#/properties/a")),
    );
}

#[test]
fn type_narrowed_number_to_integer_breaks_backward() {
    breaks(
        json!({"type": "number"}),
        json!({"type": "integer"}),
        "TYPE_NARROWED",
        "#/",
        None,
    );
}

#[test]
fn schema_added_for_items_breaks_backward() {
    breaks(
        json!({"type": "array"}),
        json!({"type": "array", "items": {"type": "string"}}),
        "SCHEMA_ADDED",
        "#/items",
        None,
    );
}

#[test]
fn max_length_decreased_breaks_backward() {
    breaks(
        json!({"type": "string", "maxLength": 12}),
        json!({"type": "string", "maxLength": 10}),
        "MAX_LENGTH_DECREASED",
        "#/maxLength",
        None,
    );
}

#[test]
fn max_length_added_breaks_backward() {
    breaks(
        json!({"type": "string"}),
        json!({"type": "string", "maxLength": 10}),
        "MAX_LENGTH_ADDED",
        "#/maxLength",
        None,
    );
}

#[test]
fn min_length_increased_breaks_backward() {
    breaks(
        json!({"type": "string", "minLength": 1}),
        json!({"type": "string", "minLength": 2}),
        "MIN_LENGTH_INCREASED",
        "#/minLength",
        None,
    );
}

#[test]
fn pattern_added_breaks_backward() {
    breaks(
        json!({"type": "string"}),
        json!({"type": "string", "pattern": "^[a-z]+$"}),
        "PATTERN_ADDED",
        "#/pattern",
        None,
    );
}

#[test]
fn pattern_changed_breaks_both_ways() {
    breaks(
        json!({"type": "string", "pattern": "a"}),
        json!({"type": "string", "pattern": "b"}),
        "PATTERN_CHANGED",
        "#/pattern",
        Some(("PATTERN_CHANGED", "#/pattern")),
    );
}

#[test]
fn maximum_decreased_breaks_backward() {
    breaks(
        json!({"type": "number", "maximum": 11}),
        json!({"type": "number", "maximum": 10}),
        "MAXIMUM_DECREASED",
        "#/maximum",
        None,
    );
}

#[test]
fn minimum_increased_breaks_backward() {
    breaks(
        json!({"type": "number", "minimum": 10}),
        json!({"type": "number", "minimum": 11}),
        "MINIMUM_INCREASED",
        "#/minimum",
        None,
    );
}

#[test]
fn minimum_added_breaks_backward() {
    breaks(
        json!({"type": "integer"}),
        json!({"type": "integer", "minimum": 0}),
        "MINIMUM_ADDED",
        "#/minimum",
        None,
    );
}

#[test]
fn exclusive_maximum_decreased_breaks_backward() {
    breaks(
        json!({"type": "number", "exclusiveMaximum": 10}),
        json!({"type": "number", "exclusiveMaximum": 5}),
        "EXCLUSIVE_MAXIMUM_DECREASED",
        "#/exclusiveMaximum",
        None,
    );
}

#[test]
fn exclusive_minimum_added_breaks_backward() {
    breaks(
        json!({"type": "number"}),
        json!({"type": "number", "exclusiveMinimum": 0}),
        "EXCLUSIVE_MINIMUM_ADDED",
        "#/exclusiveMinimum",
        None,
    );
}

#[test]
fn multiple_of_expanded_breaks_backward_and_reduced_is_compatible() {
    breaks(
        json!({"type": "number", "multipleOf": 0.5}),
        json!({"type": "number", "multipleOf": 1.5}),
        "MULTIPLE_OF_EXPANDED",
        "#/multipleOf",
        None,
    );
}

#[test]
fn multiple_of_changed_breaks_both_ways() {
    breaks(
        json!({"type": "number", "multipleOf": 10}),
        json!({"type": "number", "multipleOf": 11}),
        "MULTIPLE_OF_CHANGED",
        "#/multipleOf",
        Some(("MULTIPLE_OF_CHANGED", "#/multipleOf")),
    );
}

#[test]
fn required_attribute_added_breaks_backward() {
    breaks(
        json!({"properties": {"a": {"type": "string"}}}),
        json!({"properties": {"a": {"type": "string"}}, "required": ["a"]}),
        "REQUIRED_ATTRIBUTE_ADDED",
        "#/required/a",
        None,
    );
}

#[test]
fn required_attribute_with_default_added_is_compatible() {
    let old = json!({"properties": {"a": {"type": "string"}}});
    let new = json!({"properties": {"a": {"type": "string", "default": "x"}}, "required": ["a"]});
    assert_eq!(run(Level::Full, &old, &new), vec![]);
}

#[test]
fn optional_property_added_to_open_content_model_breaks() {
    // Confluent's `PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL` is deprecated; it now reports this kind.
    breaks(
        json!({"properties": {"a": {"type": "string"}}}),
        json!({"properties": {"a": {"type": "string"}, "b": {"type": "number"}}}),
        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
        "#/properties/b",
        None,
    );
}

#[test]
fn required_property_added_to_open_content_model_breaks() {
    breaks(
        json!({"properties": {"a": {"type": "string"}}}),
        json!({"properties": {"a": {"type": "string"}, "b": {"type": "number"}}, "required": ["b"]}),
        "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL",
        "#/properties/b",
        None,
    );
}

#[test]
fn required_property_added_to_unopen_content_model_breaks_backward() {
    breaks(
        json!({"properties": {"a": {"type": "string"}}, "additionalProperties": false}),
        json!({"properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["b"], "additionalProperties": false}),
        "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL",
        "#/properties/b",
        Some(("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "#/properties/b")),
    );
}

#[test]
fn property_removed_from_closed_content_model_breaks_backward() {
    breaks(
        json!({"properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "additionalProperties": false}),
        json!({"properties": {"a": {"type": "string"}}, "additionalProperties": false}),
        "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "#/properties/b",
        None,
    );
}

#[test]
fn property_removed_not_covered_by_partially_open_content_model_breaks() {
    let old = json!({"properties": {"a": {"type": "string"}, "b": {"type": "number"}}, "additionalProperties": false});
    let new = json!({"properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "string"}});
    let found = run(Level::Backward, &old, &new);
    assert!(found.contains(&(
        "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL".into(),
        "#/properties/b".into(),
        Backward
    )));
    assert!(found.contains(&("TYPE_CHANGED".into(), "#/properties/b".into(), Backward)));
}

#[test]
fn property_added_not_covered_by_partially_open_content_model_breaks() {
    let old = json!({"properties": {"a": {"type": "string"}}, "additionalProperties": false, "patternProperties": {"^n_": {"type": "number"}}});
    let new = json!({"properties": {"a": {"type": "string"}, "n_x": {"type": "string"}}, "additionalProperties": false, "patternProperties": {"^n_": {"type": "number"}}});
    let found = run(Level::Backward, &old, &new);
    assert!(found.contains(&(
        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL".into(),
        "#/properties/n_x".into(),
        Backward
    )));
}

#[test]
fn additional_properties_removed_breaks_backward() {
    breaks(
        json!({"additionalProperties": true}),
        json!({"additionalProperties": false}),
        "ADDITIONAL_PROPERTIES_REMOVED",
        "#/additionalProperties",
        None,
    );
}

#[test]
fn additional_properties_narrowed_breaks_backward() {
    breaks(
        json!({"additionalProperties": true}),
        json!({"additionalProperties": {"type": "number"}}),
        "ADDITIONAL_PROPERTIES_NARROWED",
        "#/additionalProperties",
        None,
    );
}

#[test]
fn unevaluated_properties_removed_breaks_backward() {
    breaks(
        json!({"type": "object"}),
        json!({"type": "object", "unevaluatedProperties": false}),
        "UNEVALUATED_PROPERTIES_REMOVED",
        "#/unevaluatedProperties",
        None,
    );
}

#[test]
fn dependency_array_added_breaks_backward() {
    breaks(
        json!({"properties": {"a": {}, "b": {}}}),
        json!({"properties": {"a": {}, "b": {}}, "dependencies": {"a": ["b"]}}),
        "DEPENDENCY_ARRAY_ADDED",
        "#/dependencies/a",
        None,
    );
}

#[test]
fn dependency_array_extended_breaks_backward() {
    breaks(
        json!({"dependencies": {"a": ["b"]}}),
        json!({"dependencies": {"a": ["b", "c"]}}),
        "DEPENDENCY_ARRAY_EXTENDED",
        "#/dependencies/a",
        None,
    );
}

#[test]
fn dependency_schema_added_breaks_backward() {
    breaks(
        json!({"dependencies": {}}),
        json!({"dependencies": {"a": {"required": ["b"]}}}),
        "DEPENDENCY_SCHEMA_ADDED",
        "#/dependencies/a",
        None,
    );
}

#[test]
fn max_properties_decreased_breaks_backward() {
    breaks(
        json!({"maxProperties": 2}),
        json!({"maxProperties": 1}),
        "MAX_PROPERTIES_DECREASED",
        "#/maxProperties",
        None,
    );
}

#[test]
fn min_properties_increased_breaks_backward() {
    breaks(
        json!({"minProperties": 1}),
        json!({"minProperties": 2}),
        "MIN_PROPERTIES_INCREASED",
        "#/minProperties",
        None,
    );
}

#[test]
fn item_added_to_open_content_model_breaks_backward() {
    breaks(
        json!({"type": "array", "items": [{"type": "string"}]}),
        json!({"type": "array", "items": [{"type": "string"}, {"type": "number"}]}),
        "ITEM_ADDED_TO_OPEN_CONTENT_MODEL",
        "#/items/1",
        None,
    );
}

#[test]
fn item_removed_from_closed_content_model_breaks_backward() {
    breaks(
        json!({"type": "array", "items": [{"type": "string"}, {"type": "number"}], "additionalItems": false}),
        json!({"type": "array", "items": [{"type": "string"}], "additionalItems": false}),
        "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "#/items/1",
        None,
    );
}

#[test]
fn additional_items_removed_breaks_backward() {
    breaks(
        json!({"additionalItems": true}),
        json!({"additionalItems": false}),
        "ADDITIONAL_ITEMS_REMOVED",
        "#/additionalItems",
        None,
    );
}

#[test]
fn additional_items_narrowed_breaks_backward() {
    breaks(
        json!({"additionalItems": true}),
        json!({"additionalItems": {"type": "string"}}),
        "ADDITIONAL_ITEMS_NARROWED",
        "#/additionalItems",
        None,
    );
}

#[test]
fn max_items_decreased_breaks_backward() {
    breaks(
        json!({"type": "array", "maxItems": 2}),
        json!({"type": "array", "maxItems": 1}),
        "MAX_ITEMS_DECREASED",
        "#/maxItems",
        None,
    );
}

#[test]
fn min_items_increased_breaks_backward() {
    breaks(
        json!({"type": "array", "minItems": 1}),
        json!({"type": "array", "minItems": 2}),
        "MIN_ITEMS_INCREASED",
        "#/minItems",
        None,
    );
}

#[test]
fn unique_items_added_breaks_backward() {
    breaks(
        json!({"type": "array"}),
        json!({"type": "array", "uniqueItems": true}),
        "UNIQUE_ITEMS_ADDED",
        "#/uniqueItems",
        None,
    );
}

#[test]
fn max_contains_added_breaks_backward() {
    breaks(
        json!({"type": "array"}),
        json!({"type": "array", "maxContains": 3}),
        "MAX_CONTAINS_ADDED",
        "#/maxContains",
        None,
    );
}

#[test]
fn enum_array_narrowed_breaks_backward() {
    breaks(
        json!({"enum": ["red", "blue"]}),
        json!({"enum": ["red"]}),
        "ENUM_ARRAY_NARROWED",
        "#/enum",
        None,
    );
}

#[test]
fn enum_array_changed_breaks_both_ways() {
    breaks(
        json!({"enum": ["red"]}),
        json!({"enum": ["blue"]}),
        "ENUM_ARRAY_CHANGED",
        "#/enum",
        Some(("ENUM_ARRAY_CHANGED", "#/enum")),
    );
}

#[test]
fn enum_array_changed_for_const_breaks_both_ways() {
    breaks(
        json!({"properties": {"c": {"const": "red"}}}),
        json!({"properties": {"c": {"const": "blue"}}}),
        "ENUM_ARRAY_CHANGED",
        "#/properties/c/const",
        Some(("ENUM_ARRAY_CHANGED", "#/properties/c/const")),
    );
}

#[test]
fn sum_type_narrowed_breaks_backward_and_extended_is_compatible() {
    breaks(
        json!({"oneOf": [{"type": "number"}, {"type": "string"}]}),
        json!({"oneOf": [{"type": "string"}]}),
        "SUM_TYPE_NARROWED",
        "#/",
        None,
    );
}

#[test]
fn product_type_extended_breaks_backward() {
    breaks(
        json!({"allOf": [{"type": "string"}]}),
        json!({"allOf": [{"type": "string"}, {"maxLength": 3}]}),
        "PRODUCT_TYPE_EXTENDED",
        "#/",
        None,
    );
}

#[test]
fn combined_type_changed_breaks() {
    breaks(
        json!({"anyOf": [{"type": "number"}, {"type": "string"}]}),
        json!({"oneOf": [{"type": "string"}, {"type": "number"}]}),
        "COMBINED_TYPE_CHANGED",
        "#/",
        None,
    );
}

#[test]
fn combined_type_subschemas_changed_breaks_both_ways() {
    breaks(
        json!({"oneOf": [{"type": "string"}]}),
        json!({"oneOf": [{"type": "boolean"}]}),
        "COMBINED_TYPE_SUBSCHEMAS_CHANGED",
        "#/",
        Some(("COMBINED_TYPE_SUBSCHEMAS_CHANGED", "#/")),
    );
}

#[test]
fn not_type_extended_breaks_backward() {
    breaks(
        json!({"not": {"type": "integer"}}),
        json!({"not": {"type": "number"}}),
        "NOT_TYPE_EXTENDED",
        "#/not",
        None,
    );
}

#[test]
fn local_refs_are_followed_into_definitions_and_defs() {
    let old = json!({"type": "array", "items": {"$ref": "#/definitions/x"}, "definitions": {"x": {"type": "string"}}});
    let new = json!({"type": "array", "items": {"$ref": "#/$defs/x"}, "$defs": {"x": {"type": "number"}}});
    assert_eq!(
        run(Level::Backward, &old, &new),
        vec![("TYPE_CHANGED".into(), "#/items".into(), Backward)]
    );
}

#[test]
fn reference_not_followed_when_remote_refs_differ() {
    let old = json!({"properties": {"a": {"$ref": "https://example.com/a.json"}}});
    let new = json!({"properties": {"a": {"$ref": "https://example.com/b.json"}}});
    assert_eq!(
        run(Level::Backward, &old, &new),
        vec![("REFERENCE_NOT_FOLLOWED".into(), "#/properties/a".into(), Backward)]
    );
    assert_eq!(run(Level::Full, &old, &old), vec![]);
}
