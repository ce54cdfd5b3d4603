use super::*;

fn blocks(text: &str) -> Result<Vec<Block>, Error> {
    let mut p = Parser::new(text);
    let mut out = Vec::new();
    while let Some(top) = p.next_top(&|_, _| true)? {
        if let Top::Block(b) = top {
            out.push(b);
        }
    }
    Ok(out)
}

fn attr<'b>(b: &'b Block, name: &str) -> &'b Value {
    &b.body
        .attributes
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .value
}

#[test]
fn a_resource_with_every_kind_of_value() {
    let text = r#"
# a comment
resource "confluent_kafka_topic" "orders" { // trailing
  topic_name       = "orders"
  partitions_count = 6
  # replication.factor = 3
  config = {
    "cleanup.policy" = "compact", retention_ms = -1
    "x": true
    n = null
  }
  list = [1, "two", [3]]
  kafka_cluster {
    id = confluent_kafka_cluster.basic.id
  }
  lifecycle { prevent_destroy = true }
  /* a block
     comment */
  name2 = "${var.env}-orders"
  calls = merge(local.a, { b = 1 })
  cond  = var.x ? 1 : 2
  fors  = [for s in var.l : upper(s)]
  fobj  = {for k, v in var.m : k => v}
  paren = (7)
}
"#;
    let b = blocks(text).unwrap();
    assert_eq!(b.len(), 1);
    let r = &b[0];
    assert_eq!(
        (r.kind.as_str(), r.labels.clone()),
        (
            "resource",
            vec!["confluent_kafka_topic".to_string(), "orders".into()]
        )
    );
    assert_eq!(r.line, 3);
    assert_eq!(attr(r, "topic_name"), &Value::Str("orders".into()));
    assert_eq!(attr(r, "partitions_count"), &Value::Num("6".into()));
    assert_eq!(
        r.body.comments,
        vec![
            (3, "trailing".to_string()),
            (6, "replication.factor = 3".to_string())
        ]
    );
    let Value::Object(items) = attr(r, "config") else {
        panic!()
    };
    let keys: Vec<&Value> = items.iter().map(|i| &i.key).collect();
    assert_eq!(
        keys,
        [
            &Value::Str("cleanup.policy".into()),
            &Value::Str("retention_ms".into()),
            &Value::Str("x".into()),
            &Value::Str("n".into())
        ]
    );
    assert_eq!(items[1].value, Value::Num("-1".into()));
    assert_eq!(items[2].value, Value::Bool(true));
    assert_eq!(items[3].value, Value::Null);
    assert_eq!(items[2].line, 9);
    assert_eq!(
        attr(r, "list"),
        &Value::Tuple(vec![
            Value::Num("1".into()),
            Value::Str("two".into()),
            Value::Tuple(vec![Value::Num("3".into())])
        ])
    );
    assert_eq!(r.body.blocks.len(), 2);
    assert_eq!(r.body.blocks[1].body.attributes[0].value, Value::Bool(true));
    assert_eq!(attr(r, "name2"), &Value::Unknown("\"${var.env}-orders\"".into()));
    assert_eq!(
        attr(r, "calls"),
        &Value::Unknown("merge(local.a, { b = 1 })".into())
    );
    assert_eq!(attr(r, "cond"), &Value::Unknown("var.x ? 1 : 2".into()));
    assert!(matches!(attr(r, "fors"), Value::Unknown(_)));
    assert!(matches!(attr(r, "fobj"), Value::Unknown(_)));
    assert_eq!(attr(r, "paren"), &Value::Num("7".into()));
}

#[test]
fn unkept_blocks_are_checked_and_dropped() {
    let mut p = Parser::new("provider \"x\" {\n  a = [1,\n 2]\n}\nlocals {\n b = 1\n}\nz = 1\n");
    let mut seen = Vec::new();
    while let Some(top) = p.next_top(&|_, _| false).unwrap() {
        match top {
            Top::Block(b) => {
                assert_eq!(b.body, Body::default());
                seen.push(b.kind);
            }
            Top::Attribute { name, line } => seen.push(format!("{name}@{line}")),
        }
    }
    assert_eq!(seen, ["provider", "locals", "z@8"]);
}

#[test]
fn syntax_errors_say_where() {
    for (text, line, column) in [
        ("resource \"a\" \"b\" {\n  x = 1\n", 1, 18),
        ("a = {\n  b = 1\n", 1, 5),
        ("a = [1, 2\n", 1, 5),
        ("a = 1 2 = 3\n", 1, 9),
        ("hello world\n", 1, 12),
        ("}\n", 1, 1),
        ("a = \n", 1, 5),
        ("a = { b c }", 1, 11),
        ("@\n", 1, 1),
        ("resource \"x\" \"y\" {\n  \"q\" = 1\n}\n", 2, 3),
    ] {
        match blocks(text) {
            Err(Error::Syntax {
                line: l, column: c, ..
            }) => assert_eq!((l, c), (line, column), "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

#[test]
fn nesting_is_bounded() {
    for text in [
        format!("a = {}{}", "[".repeat(10_000), "]".repeat(10_000)),
        format!("a = {}", "{ b = ".repeat(10_000)),
        "b {\n".repeat(10_000),
        format!("a = {}1{}", "(".repeat(10_000), ")".repeat(10_000)),
    ] {
        assert!(
            matches!(blocks(&text), Err(Error::Limit { .. })),
            "{}",
            &text[..20]
        );
    }
}

#[test]
fn empty_and_blank_texts_have_nothing() {
    for text in ["", "\n\n", "# only a comment", "\u{feff}", "/* */"] {
        assert_eq!(blocks(text).unwrap(), Vec::new());
    }
}
