//! The lines of `Topology#describe()` text read into sub-topologies: the topics each one reads
//! and writes and the stores its processors keep. Indentation is not read (Kafka indents with
//! spaces, people paste with tabs or both); each line says what it is by its first word.
//!
//! Read: `Topologies:` / `Topology: <name>:` headers (named topologies), `Sub-topology: N`
//! (with `for global store`), `Source:` with `(topics: [..])`, a pattern (`(topics: a.*)`,
//! as Kafka prints one) or `(topicPattern: ..)`, `Processor:` with `(stores: [..])`, `Sink:`
//! with `(topic: ..)` or `(extractor class: ..)`, and the `-->` / `<--` lines, which are only
//! checked: a node they name that no line defines is said. Kafka 1.x's `Sub-topologies:` and
//! `Global Stores:` headers pass. Not read: log prefixes before the text, Kafka 1.x's
//! `GlobalStore:` lines (said as unreadable).

use std::collections::HashSet;

use crate::limits::MAX_LINES;
use crate::{Error, Format, Warning};

/// Unreadable lines said one by one; past this they are counted in one warning.
const MAX_LINE_WARNINGS: usize = 100;

/// What the text says, in its order.
pub(super) struct Program<'a> {
    pub subtopologies: Vec<Subtopology<'a>>,
    pub warnings: Vec<Warning>,
}

/// One `Sub-topology:` block.
pub(super) struct Subtopology<'a> {
    /// The named topology it belongs to (`Topology: <name>:`), if any.
    pub topology: Option<&'a str>,
    /// Its number as printed (or its position when the number is unreadable).
    pub number: String,
    pub line: usize,
    /// `for global store`: its source topic is its store's changelog.
    pub global: bool,
    /// Topics read, written and stores kept, each once, with the line first naming it.
    pub sources: Vec<Mention<'a>>,
    pub sinks: Vec<Mention<'a>>,
    pub stores: Vec<Mention<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mention<'a> {
    pub name: &'a str,
    pub line: usize,
}

/// The nodes a block defines and the ones its arrows name, to say the names never defined.
#[derive(Default)]
struct Names<'a> {
    defined: HashSet<&'a str>,
    named: Vec<Mention<'a>>,
}

struct Reader<'a> {
    program: Program<'a>,
    topology: Option<&'a str>,
    names: Names<'a>,
    seen: [HashSet<&'a str>; 3],
    unreadable: usize,
}

/// Reads `text`; `Error::Syntax` when no line starts a sub-topology.
pub(super) fn read(text: &str) -> Result<Program<'_>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader {
        program: Program {
            subtopologies: Vec::new(),
            warnings: Vec::new(),
        },
        topology: None,
        names: Names::default(),
        seen: Default::default(),
        unreadable: 0,
    };
    let mut first_text: Option<(usize, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if line > MAX_LINES {
            return Err(Error::Limit {
                message: format!("the text has more than {MAX_LINES} lines"),
            });
        }
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if first_text.is_none() {
            let column = raw.chars().take_while(|c| c.is_whitespace()).count() + 1;
            first_text = Some((line, column));
        }
        r.line(t, line);
    }
    r.close_block();
    if r.unreadable > MAX_LINE_WARNINGS {
        let more = r.unreadable - MAX_LINE_WARNINGS;
        r.program.warnings.push(Warning::new(
            "text",
            format!("{more} more unreadable lines were skipped"),
        ));
    }
    if r.program.subtopologies.is_empty() {
        let (line, column) = first_text.unwrap_or((1, 1));
        return Err(Error::Syntax {
            format: Format::StreamsTopology,
            line,
            column,
            message: "no `Sub-topology:` line; Topology#describe() text lists its sub-topologies".into(),
        });
    }
    Ok(r.program)
}

impl<'a> Reader<'a> {
    fn line(&mut self, t: &'a str, line: usize) {
        if let Some(rest) = t.strip_prefix("Sub-topology:") {
            self.open_block(rest, line);
        } else if let Some(rest) = t.strip_prefix("Source:") {
            self.source(rest, line);
        } else if let Some(rest) = t.strip_prefix("Processor:") {
            self.processor(rest, line);
        } else if let Some(rest) = t.strip_prefix("Sink:") {
            self.sink(rest, line);
        } else if let Some(rest) = t.strip_prefix("-->").or_else(|| t.strip_prefix("<--")) {
            self.arrows(rest, line);
        } else if matches!(
            t,
            "Topologies:"
                | "Topologies"
                | "Topology"
                | "Topology:"
                | "Sub-topologies:"
                | "Global Stores:"
                | "none"
        ) {
            self.topology = None;
        } else if let Some(rest) = t.strip_prefix("Topology:") {
            let name = rest.trim().trim_end_matches(':').trim();
            self.topology = (!name.is_empty()).then_some(name);
        } else {
            self.unreadable(line, t, "is not a line of a topology description");
        }
    }

    fn open_block(&mut self, rest: &'a str, line: usize) {
        self.close_block();
        let rest = rest.trim();
        let token = rest.split_whitespace().next().unwrap_or("");
        let position = self.program.subtopologies.len();
        let number = match token.parse::<u32>() {
            Ok(n) if token.bytes().all(|b| b.is_ascii_digit()) => n.to_string(),
            _ => {
                self.warn(Warning::at_line(
                    line,
                    format!(
                        "`{}` is not a sub-topology number; it is called {position}",
                        clip(token)
                    ),
                ));
                position.to_string()
            }
        };
        self.program.subtopologies.push(Subtopology {
            topology: self.topology,
            number,
            line,
            global: rest.contains("global store"),
            sources: Vec::new(),
            sinks: Vec::new(),
            stores: Vec::new(),
        });
    }

    /// Says the names the arrows of the block just ended name and no line defines.
    fn close_block(&mut self) {
        let names = std::mem::take(&mut self.names);
        self.seen = Default::default();
        let mut said = HashSet::new();
        for m in names.named {
            if !names.defined.contains(m.name) && said.insert(m.name) {
                self.warn(Warning::at_line(
                    m.line,
                    format!(
                        "`{}` is connected to but never described; it is left out",
                        clip(m.name)
                    ),
                ));
            }
        }
    }

    fn source(&mut self, rest: &'a str, line: usize) {
        let Some((name, key, value)) = self.node(rest, line, &["topics", "topicPattern"]) else {
            return;
        };
        self.names.defined.insert(name);
        let list = value.strip_prefix('[').and_then(|v| v.strip_suffix(']'));
        match list {
            Some(list) if key == "topics" => {
                for topic in items(list) {
                    self.mention(0, topic, line);
                }
            }
            _ => self.warn(Warning::at_line(
                line,
                format!(
                    "`{}` reads the topics matching the pattern `{}`; which topics they are is not \
                     in the description, so none is drawn",
                    clip(name),
                    clip(value)
                ),
            )),
        }
    }

    fn processor(&mut self, rest: &'a str, line: usize) {
        let Some((name, _, value)) = self.node(rest, line, &["stores"]) else {
            return;
        };
        self.names.defined.insert(name);
        let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) else {
            self.unreadable(line, value, "is not a list of stores");
            return;
        };
        for store in items(list) {
            self.mention(2, store, line);
        }
    }

    fn sink(&mut self, rest: &'a str, line: usize) {
        let Some((name, key, value)) = self.node(rest, line, &["topic", "extractor class"]) else {
            return;
        };
        self.names.defined.insert(name);
        if key == "topic" && !value.is_empty() {
            self.mention(1, value, line);
        } else {
            self.warn(Warning::at_line(
                line,
                format!(
                    "`{}` writes to topics its extractor `{}` chooses per record; they are not in \
                     the description, so none is drawn",
                    clip(name),
                    clip(value)
                ),
            ));
        }
    }

    fn arrows(&mut self, rest: &'a str, line: usize) {
        if self.program.subtopologies.is_empty() {
            self.unreadable(line, rest, "comes before any `Sub-topology:` line");
            return;
        }
        let rest = rest.trim();
        if rest == "none" {
            return;
        }
        for name in items(rest) {
            self.names.named.push(Mention { name, line });
        }
    }

    /// `NAME (key: value)` after `Source:` and the like: the name, which key, the value.
    fn node(
        &mut self,
        rest: &'a str,
        line: usize,
        keys: &[&'static str],
    ) -> Option<(&'a str, &'static str, &'a str)> {
        if self.program.subtopologies.is_empty() {
            self.unreadable(line, rest, "comes before any `Sub-topology:` line");
            return None;
        }
        let found = keys
            .iter()
            .filter_map(|&key| {
                let marker = format!(" ({key}:");
                rest.find(&marker).map(|at| (at, key, at + marker.len()))
            })
            .min_by_key(|&(at, _, _)| at);
        let Some((at, key, value_at)) = found else {
            self.unreadable(line, rest, "has none of the parts Kafka prints for it");
            return None;
        };
        let name = rest.get(..at).unwrap_or("").trim();
        let value = rest.get(value_at..).unwrap_or("").trim();
        let Some(value) = value.strip_suffix(')') else {
            self.unreadable(line, rest, "is cut short (no closing parenthesis)");
            return None;
        };
        if name.is_empty() {
            self.unreadable(line, rest, "has no name");
            return None;
        }
        Some((name, key, value.trim()))
    }

    /// A source topic (`list` 0), a sink topic (1) or a store (2) of the open block, once.
    fn mention(&mut self, list: usize, name: &'a str, line: usize) {
        let (Some(block), Some(seen)) = (self.program.subtopologies.last_mut(), self.seen.get_mut(list))
        else {
            return;
        };
        if !seen.insert(name) {
            return;
        }
        let m = Mention { name, line };
        match list {
            0 => block.sources.push(m),
            1 => block.sinks.push(m),
            _ => block.stores.push(m),
        }
    }

    fn unreadable(&mut self, line: usize, text: &str, why: &str) {
        self.unreadable += 1;
        if self.unreadable <= MAX_LINE_WARNINGS {
            self.warn(Warning::at_line(
                line,
                format!("`{}` {why}; it is skipped", clip(text)),
            ));
        }
    }

    fn warn(&mut self, warning: Warning) {
        self.program.warnings.push(warning);
    }
}

/// The names of a `a, b, c` list, trimmed, empty ones left out.
fn items(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// Text from the input as a warning may quote it: one line, at most 80 characters.
pub(super) fn clip(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(80)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}
