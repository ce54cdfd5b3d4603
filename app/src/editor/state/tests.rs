//! Native tests of the editor state: what is recorded as an undo step (an edit, a run of
//! typing, a drag), undo and redo, the read-only guard, and the slot list and index agreeing
//! after any sequence of operations. Leptos signals work natively; each test runs inside its
//! own reactive owner.

use design::{Design, Position};
use leptos::prelude::*;
use proptest::prelude::*;

use super::{empty_design, Editor};
use crate::editor::geometry::Rect;
use crate::editor::history::LIMIT;
use crate::editor::kinds::PALETTE;

const PRODUCER: usize = 0;
const TOPIC: usize = 2;

fn at(x: f64, y: f64) -> Position {
    Position { x, y }
}

/// Runs `test` on an editor of `design`, inside a reactive owner.
fn with_editor<R>(design: Design, read_only: bool, test: impl FnOnce(Editor) -> R) -> R {
    Owner::new().with(|| test(Editor::new(design, read_only)))
}

/// An editable editor with a producer (`producer-1`) and a topic (`topic-1`).
fn with_two_nodes<R>(test: impl FnOnce(Editor) -> R) -> R {
    with_editor(empty_design(), false, |e| {
        e.add_node(&PALETTE[PRODUCER], at(100.0, 100.0));
        e.add_node(&PALETTE[TOPIC], at(400.0, 100.0));
        test(e)
    })
}

fn depth(e: &Editor) -> usize {
    e.history.with_value(|h| h.undo_depth())
}

fn partitions(e: &Editor, id: &str) -> Option<u32> {
    e.slot(id).and_then(|s| s.node().with_untracked(|n| n.partitions))
}

fn pos(e: &Editor, id: &str) -> Position {
    e.slot(id)
        .map(|s| s.pos().get_untracked())
        .unwrap_or(at(f64::NAN, f64::NAN))
}

/// The document shown is the document recorded, validated, and the slots agree with their index.
fn settled(e: &Editor) -> bool {
    let shown = e.snapshot();
    e.nodes.consistent()
        && e.with_recorded(|d| *d == shown)
        && e.problems().with_untracked(|p| *p == design::validate(&shown))
}

#[test]
fn an_edit_is_recorded_validated_and_counted() {
    with_editor(empty_design(), false, |e| {
        let before = e.local_version().get_untracked();
        let id = e.add_node(&PALETTE[TOPIC], at(200.0, 100.0));
        assert_eq!(id.as_deref(), Some("topic-1"));
        assert_eq!(e.local_version().get_untracked(), before + 1);
        assert!(e.can_undo());
        assert_eq!(depth(&e), 1);
        assert!(e.selection().with_untracked(|s| s.contains("topic-1")));
        assert!(settled(&e));
        assert_eq!(e.with_recorded(|d| d.nodes.len()), 1);
    });
}

#[test]
fn the_read_only_handles_are_made_once() {
    with_two_nodes(|e| {
        // A new handle per call would be a new arena entry per view run or pointer move.
        assert!(e.slots() == e.slots());
        assert!(e.view() == e.view());
        assert!(e.local_version() == e.local_version());
    });
}

#[test]
fn an_edit_that_changes_nothing_is_not_a_step() {
    with_two_nodes(|e| {
        let (steps, version) = (depth(&e), e.local_version().get_untracked());
        e.update_node("topic-1", "partitions", |_| {});
        assert_eq!(depth(&e), steps);
        assert_eq!(e.local_version().get_untracked(), version);
    });
}

#[test]
fn typing_into_one_field_is_one_undo_step() {
    with_two_nodes(|e| {
        let steps = depth(&e);
        for p in [1, 12, 120] {
            e.update_node("topic-1", "partitions", |n| n.partitions = Some(p));
        }
        assert_eq!(depth(&e), steps + 1);
        e.undo();
        assert_eq!(partitions(&e, "topic-1"), Some(6), "back to before the typing");
        e.redo();
        assert_eq!(partitions(&e, "topic-1"), Some(120));
    });
}

#[test]
fn the_design_s_own_fields_coalesce_the_same_way() {
    with_two_nodes(|e| {
        let steps = depth(&e);
        for name in ["O", "Or", "Orders"] {
            e.update_meta("name", |d| d.name = name.into());
        }
        e.update_meta("description", |d| d.description = Some("x".into()));
        assert_eq!(depth(&e), steps + 2);
        e.undo();
        assert_eq!(e.meta().with_untracked(|m| m.name.clone()), "Orders");
        e.undo();
        assert_eq!(e.meta().with_untracked(|m| m.name.clone()), "Untitled design");
    });
}

#[test]
fn another_field_or_another_node_starts_a_new_step() {
    with_two_nodes(|e| {
        e.add_node(&PALETTE[TOPIC], at(400.0, 300.0));
        let steps = depth(&e);
        e.update_node("topic-1", "partitions", |n| n.partitions = Some(1));
        e.update_node("topic-1", "name", |n| n.name = "orders".into());
        e.update_node("topic-2", "name", |n| n.name = "payments".into());
        assert_eq!(depth(&e), steps + 3);
        e.undo();
        e.undo();
        assert_eq!(partitions(&e, "topic-1"), Some(1), "the first field's step stays");
    });
}

#[test]
fn any_other_change_or_an_undo_ends_a_run_of_typing() {
    with_two_nodes(|e| {
        let steps = depth(&e);
        e.update_node("topic-1", "partitions", |n| n.partitions = Some(1));
        e.add_node(&PALETTE[PRODUCER], at(100.0, 300.0));
        e.update_node("topic-1", "partitions", |n| n.partitions = Some(12));
        assert_eq!(depth(&e), steps + 3, "the new node ended the run");
        e.undo();
        assert_eq!(partitions(&e, "topic-1"), Some(1));
        e.update_node("topic-1", "partitions", |n| n.partitions = Some(2));
        e.undo();
        assert_eq!(partitions(&e, "topic-1"), Some(1), "the undo ended the run");
    });
}

#[test]
fn a_drag_is_one_undo_step() {
    with_two_nodes(|e| {
        let (p0, t0) = (pos(&e, "producer-1"), pos(&e, "topic-1"));
        e.select_all();
        let steps = depth(&e);
        let moving = e.start_move().expect("a selection to move");
        for x in 1..=30 {
            e.move_by(&moving, (f64::from(x), 5.0));
        }
        assert_eq!(depth(&e), steps, "nothing is recorded while dragging");
        assert_eq!(pos(&e, "topic-1"), at(t0.x + 30.0, t0.y + 5.0));
        e.end_move(moving);
        assert_eq!(depth(&e), steps + 1);
        assert!(settled(&e));
        e.undo();
        assert_eq!((pos(&e, "producer-1"), pos(&e, "topic-1")), (p0, t0));
        e.redo();
        assert_eq!(pos(&e, "producer-1"), at(p0.x + 30.0, p0.y + 5.0));
    });
}

#[test]
fn a_drag_that_ends_where_it_began_records_nothing() {
    with_two_nodes(|e| {
        e.select_only("topic-1");
        let (steps, version) = (depth(&e), e.local_version().get_untracked());
        let moving = e.start_move().expect("a selection to move");
        e.move_by(&moving, (40.0, 0.0));
        e.move_by(&moving, (0.0, 0.0));
        e.end_move(moving);
        assert_eq!(depth(&e), steps);
        assert_eq!(e.local_version().get_untracked(), version);
        assert!(settled(&e));
    });
}

#[test]
fn a_cancelled_drag_puts_the_nodes_back_and_records_nothing() {
    with_two_nodes(|e| {
        e.select_only("topic-1");
        let (t0, steps) = (pos(&e, "topic-1"), depth(&e));
        let moving = e.start_move().expect("a selection to move");
        e.move_by(&moving, (40.0, -8.0));
        e.cancel_move(moving);
        assert_eq!(pos(&e, "topic-1"), t0);
        assert_eq!(depth(&e), steps);
        assert!(settled(&e));
    });
}

#[test]
fn nothing_selected_is_nothing_to_drag() {
    with_two_nodes(|e| {
        e.clear_selection();
        assert!(e.start_move().is_none());
    });
}

#[test]
fn a_new_edit_clears_redo() {
    with_two_nodes(|e| {
        e.undo();
        assert!(e.can_redo());
        e.update_meta("name", |d| d.name = "orders".into());
        assert!(!e.can_redo());
        e.redo();
        assert_eq!(e.meta().with_untracked(|m| m.name.clone()), "orders");
        assert_eq!(
            e.slots().with_untracked(Vec::len),
            1,
            "the undone node stays undone"
        );
    });
}

#[test]
fn undo_and_redo_walk_every_step_back_and_forth() {
    with_two_nodes(|e| {
        assert!(e.connect("producer-1", "topic-1"));
        e.select_only("producer-1");
        e.delete_selection();
        let last = e.snapshot();
        while e.can_undo() {
            e.undo();
            assert!(settled(&e));
        }
        assert_eq!(e.snapshot(), Editor::new(empty_design(), false).snapshot());
        while e.can_redo() {
            e.redo();
            assert!(settled(&e));
        }
        assert_eq!(e.snapshot(), last);
    });
}

#[test]
fn undo_keeps_the_signals_of_the_nodes_that_stay() {
    with_two_nodes(|e| {
        let topic = e.slot("topic-1").expect("topic-1").node();
        e.select_only("producer-1");
        e.delete_selection();
        e.undo();
        let again = e.slot("topic-1").expect("topic-1").node();
        assert!(topic == again, "the topic's view is not rebuilt");
    });
}

#[test]
fn history_keeps_at_most_its_limit_of_steps() {
    with_editor(empty_design(), false, |e| {
        for i in 0..LIMIT + 5 {
            // A different field each time, so no two edits coalesce.
            e.update_meta(&format!("f{i}"), |d| d.name = format!("n{i}"));
        }
        assert_eq!(depth(&e), LIMIT);
        let mut undone = 0;
        while e.can_undo() {
            e.undo();
            undone += 1;
        }
        assert_eq!(undone, LIMIT);
        assert_eq!(
            e.meta().with_untracked(|m| m.name.clone()),
            "n4",
            "the oldest steps are gone"
        );
    });
}

#[test]
fn read_only_refuses_every_change_to_the_document() {
    with_two_nodes(|e| {
        assert!(e.connect("producer-1", "topic-1"));
        e.add_node(&PALETTE[TOPIC], at(400.0, 300.0));
        e.undo();
        e.select_all();
        let moving = e.start_move().expect("a selection to move");
        e.set_read_only(true);
        let (shown, version, steps) = (e.snapshot(), e.local_version().get_untracked(), depth(&e));

        assert_eq!(e.add_node(&PALETTE[TOPIC], at(0.0, 0.0)), None);
        assert!(!e.connect("topic-1", "producer-1"));
        e.delete_selection();
        e.update_node("topic-1", "partitions", |n| n.partitions = Some(1));
        e.update_meta("name", |d| d.name = "changed".into());
        e.auto_layout();
        e.undo();
        e.redo();
        assert!(e.start_move().is_none());
        e.move_by(&moving, (50.0, 50.0));
        e.end_move(moving);

        assert_eq!(e.snapshot(), shown);
        assert_eq!(e.local_version().get_untracked(), version);
        assert_eq!(depth(&e), steps);
        assert!(e.can_redo(), "the refused redo is still there");
        assert!(e.alert().with_untracked(Option::is_none), "refused silently");
        // Looking around is not editing.
        e.select_in(Rect::spanning(at(-1e6, -1e6), at(1e6, 1e6)));
        assert_eq!(e.selection().with_untracked(|s| s.len()), 2);
        e.zoom(2.0);
        assert!((e.view().with_untracked(|v| v.k) - 2.0).abs() < 1e-9);
    });
}

#[test]
fn a_review_editor_starts_read_only() {
    let mut design = empty_design();
    design
        .nodes
        .push(design::Node::new("t", design::NodeKind::Topic, "t"));
    with_editor(design, true, |e| {
        assert!(e.read_only().get_untracked());
        e.select_all();
        e.delete_selection();
        assert_eq!(e.slots().with_untracked(Vec::len), 1);
        assert!(!e.can_undo());
    });
}

#[test]
fn a_loaded_document_replaces_the_history() {
    with_two_nodes(|e| {
        let mut other = empty_design();
        other
            .nodes
            .push(design::Node::new("t", design::NodeKind::Topic, "t"));
        e.set_read_only(true);
        e.start_from(other);
        assert_eq!(e.slots().with_untracked(Vec::len), 1);
        assert!(!e.can_undo(), "a load is not an undo step");
        assert!(settled(&e));
    });
}

/// One thing a user can do to the editor.
#[derive(Clone, Debug)]
enum Op {
    Add(usize),
    Select(usize),
    Toggle(usize),
    SelectAll,
    Delete,
    Connect(usize, usize),
    Rename(usize, bool),
    Drag(i8, i8),
    AutoLayout,
    Undo,
    Redo,
    ReplaceWithHalf,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..PALETTE.len()).prop_map(Op::Add),
        2 => (0usize..12).prop_map(Op::Select),
        1 => (0usize..12).prop_map(Op::Toggle),
        1 => Just(Op::SelectAll),
        2 => Just(Op::Delete),
        2 => (0usize..12, 0usize..12).prop_map(|(a, b)| Op::Connect(a, b)),
        1 => (0usize..12, any::<bool>()).prop_map(|(n, p)| Op::Rename(n, p)),
        1 => (any::<i8>(), any::<i8>()).prop_map(|(x, y)| Op::Drag(x, y)),
        1 => Just(Op::AutoLayout),
        2 => Just(Op::Undo),
        2 => Just(Op::Redo),
        1 => Just(Op::ReplaceWithHalf),
    ]
}

/// The id of the `n`-th node (wrapping), if there is any node.
fn nth(e: &Editor, n: usize) -> Option<String> {
    e.slots()
        .with_untracked(|s| (!s.is_empty()).then(|| s[n % s.len()].id().to_string()))
}

fn apply(e: &Editor, op: &Op) {
    match *op {
        Op::Add(entry) => {
            e.add_node(&PALETTE[entry], at(50.0, 50.0));
        }
        Op::Select(n) => {
            if let Some(id) = nth(e, n) {
                e.select_only(&id);
            }
        }
        Op::Toggle(n) => {
            if let Some(id) = nth(e, n) {
                e.toggle_selected(&id);
            }
        }
        Op::SelectAll => e.select_all(),
        Op::Delete => e.delete_selection(),
        Op::Connect(a, b) => {
            if let (Some(a), Some(b)) = (nth(e, a), nth(e, b)) {
                e.connect(&a, &b);
            }
        }
        Op::Rename(n, twice) => {
            if let Some(id) = nth(e, n) {
                e.update_node(&id, "name", |n| n.name.push('x'));
                if twice {
                    e.update_node(&id, "name", |n| n.name.push('y'));
                }
            }
        }
        Op::Drag(x, y) => {
            if let Some(moving) = e.start_move() {
                e.move_by(&moving, (f64::from(x), f64::from(y)));
                e.end_move(moving);
            }
        }
        Op::AutoLayout => e.auto_layout(),
        Op::Undo => e.undo(),
        Op::Redo => e.redo(),
        Op::ReplaceWithHalf => {
            let mut d = e.snapshot();
            let keep = d.nodes.len() / 2;
            d.nodes.truncate(keep);
            let ids: std::collections::HashSet<String> = d.nodes.iter().map(|n| n.id.clone()).collect();
            d.edges.retain(|x| ids.contains(&x.from) && ids.contains(&x.to));
            for n in &mut d.nodes {
                if n.dead_letter_topic.as_ref().is_some_and(|t| !ids.contains(t)) {
                    n.dead_letter_topic = None;
                }
            }
            e.replace(d);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// After any sequence of operations the slot list and its index agree, the document shown
    /// is the one recorded, and undoing everything returns to the start.
    #[test]
    fn slots_and_index_agree_after_any_operations(ops in proptest::collection::vec(op(), 0..40)) {
        Owner::new().with(|| -> Result<(), TestCaseError> {
            let e = Editor::new(empty_design(), false);
            let start = e.snapshot();
            for op in &ops {
                apply(&e, op);
                prop_assert!(settled(&e), "after {:?}", op);
                let ids: Vec<String> = e.snapshot().nodes.into_iter().map(|n| n.id).collect();
                let slots: Vec<String> = e.slots().with_untracked(|s| s.iter().map(|s| s.id().to_string()).collect());
                prop_assert_eq!(ids, slots);
                prop_assert!(e.selection().with_untracked(|sel| sel.iter().all(|id| e.slot(id).is_some())));
            }
            if ops.len() < LIMIT {
                while e.can_undo() {
                    e.undo();
                    prop_assert!(settled(&e));
                }
                prop_assert_eq!(e.snapshot(), start);
            }
            Ok(())
        })?;
    }
}
