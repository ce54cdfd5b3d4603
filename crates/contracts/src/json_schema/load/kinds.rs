//! The kinds of subschema a loader reads out of a schema object: a named `type` with the
//! keywords that apply to it (objects, arrays, numbers, strings), and the lists of subschemas
//! (`allOf`, `anyOf`, `oneOf`) and `additional*` keywords they hold.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::*;

impl<'a> Loader<'a> {
    pub(super) fn typed(
        &mut self,
        o: &'a Map<String, Value>,
        t: &str,
        loc: &str,
        depth: usize,
    ) -> Result<Kind, Error> {
        let count = |k: &str| -> Result<Option<u64>, Error> {
            match o.get(k) {
                None => Ok(None),
                Some(v) => v
                    .as_u64()
                    .or_else(|| {
                        v.as_f64()
                            .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                            .map(|f| f as u64)
                    })
                    .map(Some)
                    .ok_or_else(|| {
                        semantic(&format!("{loc}/{k}"), format!("`{k}` is a non-negative integer"))
                    }),
            }
        };
        let number = |k: &str| -> Result<Option<f64>, Error> {
            match o.get(k) {
                None | Some(Value::Bool(_)) => Ok(None),
                Some(v) => v
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| semantic(&format!("{loc}/{k}"), format!("`{k}` is a number"))),
            }
        };
        Ok(match t {
            "string" => Kind::String {
                min_length: count("minLength")?,
                max_length: count("maxLength")?,
                pattern: o.get("pattern").and_then(Value::as_str).map(String::from),
            },
            "number" | "integer" => {
                // Draft 4 spells exclusive limits as booleans beside minimum/maximum.
                let exclusive = |k: &str| {
                    if self.draft == Draft::Draft4 {
                        Ok(None)
                    } else {
                        number(k)
                    }
                };
                Kind::Number {
                    integer: t == "integer",
                    minimum: number("minimum")?,
                    maximum: number("maximum")?,
                    exclusive_minimum: exclusive("exclusiveMinimum")?,
                    exclusive_maximum: exclusive("exclusiveMaximum")?,
                    multiple_of: match o.get("multipleOf") {
                        None => None,
                        Some(Value::Number(n)) => Some(n.to_string()),
                        Some(_) => {
                            return Err(semantic(&format!("{loc}/multipleOf"), "`multipleOf` is a number"))
                        }
                    },
                }
            }
            "boolean" => Kind::Boolean,
            "null" => Kind::Null,
            "object" => Kind::Object(Box::new(self.object(o, loc, depth)?)),
            "array" => Kind::Array(Box::new(self.array(
                o,
                loc,
                depth,
                count("minItems")?,
                count("maxItems")?,
                count("minContains")?,
                count("maxContains")?,
            )?)),
            other => return Err(not_a_type(loc, other)),
        })
    }

    fn schemas(
        &mut self,
        o: &'a Map<String, Value>,
        key: &str,
        loc: &str,
        depth: usize,
    ) -> Result<BTreeMap<String, usize>, Error> {
        let mut out = BTreeMap::new();
        if let Some(v) = o.get(key) {
            let m = v
                .as_object()
                .ok_or_else(|| semantic(&format!("{loc}/{key}"), format!("`{key}` is an object")))?;
            for (k, s) in m {
                out.insert(
                    k.clone(),
                    self.node(s, &format!("{loc}/{key}/{}", segment(k)), depth + 1)?,
                );
            }
        }
        Ok(out)
    }

    fn additional(
        &mut self,
        o: &'a Map<String, Value>,
        key: &str,
        loc: &str,
        depth: usize,
    ) -> Result<Additional, Error> {
        Ok(match o.get(key) {
            None | Some(Value::Bool(true)) => Additional::Allowed,
            Some(Value::Bool(false)) => Additional::Forbidden,
            Some(s) => Additional::Schema(self.node(s, &format!("{loc}/{key}"), depth + 1)?),
        })
    }

    fn object(&mut self, o: &'a Map<String, Value>, loc: &str, depth: usize) -> Result<ObjectS, Error> {
        let names = |v: &Value, at: &str| -> Result<BTreeSet<String>, Error> {
            v.as_array()
                .and_then(|a| {
                    a.iter()
                        .map(|s| s.as_str().map(String::from))
                        .collect::<Option<BTreeSet<_>>>()
                })
                .ok_or_else(|| semantic(at, "expected an array of property names"))
        };
        let required = match o.get("required") {
            Some(r) => names(r, &format!("{loc}/required"))?,
            None => BTreeSet::new(),
        };
        let mut dep_arrays = BTreeMap::new();
        let mut dep_schemas = BTreeMap::new();
        for key in ["dependencies", "dependentRequired", "dependentSchemas"] {
            if let Some(v) = o.get(key) {
                let m = v
                    .as_object()
                    .ok_or_else(|| semantic(&format!("{loc}/{key}"), format!("`{key}` is an object")))?;
                for (k, d) in m {
                    let at = format!("{loc}/{key}/{}", segment(k));
                    if d.is_array() {
                        dep_arrays.insert(k.clone(), names(d, &at)?);
                    } else {
                        dep_schemas.insert(k.clone(), self.node(d, &at, depth + 1)?);
                    }
                }
            }
        }
        let unevaluated = match o.get("unevaluatedProperties") {
            Some(u) => Some(self.node(u, &format!("{loc}/unevaluatedProperties"), depth + 1)?),
            None => None,
        };
        Ok(ObjectS {
            properties: self.schemas(o, "properties", loc, depth)?,
            pattern_properties: self.schemas(o, "patternProperties", loc, depth)?,
            required,
            additional: self.additional(o, "additionalProperties", loc, depth)?,
            dep_arrays,
            dep_schemas,
            min_properties: count_of(o, "minProperties"),
            max_properties: count_of(o, "maxProperties"),
            unevaluated,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn array(
        &mut self,
        o: &'a Map<String, Value>,
        loc: &str,
        depth: usize,
        min_items: Option<u64>,
        max_items: Option<u64>,
        min_contains: Option<u64>,
        max_contains: Option<u64>,
    ) -> Result<ArrayS, Error> {
        let list = |l: &mut Self, v: &'a Value, key: &str| -> Result<Vec<usize>, Error> {
            let a = v.as_array().ok_or_else(|| {
                semantic(&format!("{loc}/{key}"), format!("`{key}` is an array of schemas"))
            })?;
            a.iter()
                .enumerate()
                .map(|(i, s)| l.node(s, &format!("{loc}/{key}/{i}"), depth + 1))
                .collect()
        };
        let (all_items, item_list, additional) = if let Some(prefix) = o.get("prefixItems") {
            // 2020-12: `prefixItems` lists the first items, `items` is the rest.
            (
                None,
                Some(list(self, prefix, "prefixItems")?),
                self.additional(o, "items", loc, depth)?,
            )
        } else {
            match o.get("items") {
                // 2020-12: a boolean `items` alone closes or opens the array like `additionalItems`.
                Some(Value::Bool(_)) if self.draft == Draft::Draft2020 => {
                    (None, None, self.additional(o, "items", loc, depth)?)
                }
                Some(v @ Value::Array(_)) => (
                    None,
                    Some(list(self, v, "items")?),
                    self.additional(o, "additionalItems", loc, depth)?,
                ),
                Some(s) => (
                    Some(self.node(s, &format!("{loc}/items"), depth + 1)?),
                    None,
                    self.additional(o, "additionalItems", loc, depth)?,
                ),
                None => (None, None, self.additional(o, "additionalItems", loc, depth)?),
            }
        };
        let unevaluated = match o.get("unevaluatedItems") {
            Some(u) => Some(self.node(u, &format!("{loc}/unevaluatedItems"), depth + 1)?),
            None => None,
        };
        Ok(ArrayS {
            all_items,
            item_list,
            additional,
            min_items,
            max_items,
            unique: o.get("uniqueItems") == Some(&Value::Bool(true)),
            min_contains,
            max_contains,
            unevaluated,
        })
    }
}
