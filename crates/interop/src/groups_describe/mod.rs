//! `kafka-consumer-groups.sh --describe` output (`--group …` or `--all-groups`), Kafka 1.x to
//! 4.x: tables of `GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST
//! CLIENT-ID`, one per group, separated by blank lines and by what the tool says of a group
//! (`Consumer group 'x' has no active members.`, `Warning: Consumer group 'x' is
//! rebalancing.`).
//!
//! Columns are found by the header's names, not by position, so that older tables without
//! `GROUP` (the group is then taken from `--group` on a pasted command line) and newer ones
//! with more columns (`LEADER-EPOCH`) read alike. `-` is an unknown value.
//!
//! Each group becomes a `consumer_group` node, except `connect-<name>`, Kafka Connect's group
//! of the sink connector `<name>`, which becomes that `sink_connector` (said). Its `instances`
//! is the number of distinct `CONSUMER-ID`s (unset, and said, when it has no active member).
//! Each `TOPIC` becomes a `topic` whose `partitions` is one more than the highest partition the
//! groups list (a group may not read every partition: said once), and each topic → group pair an edge
//! whose `lag` is the sum of `LAG` over its partitions (`-` counts as 0, said; sums saturate).
//!
//! `--members` tables give groups and their member counts, `--state` tables groups and
//! `#MEMBERS`; neither lists topics (said). `--members --verbose` assignments are not read.

use std::collections::{HashMap, HashSet};

use design::rules::{MAX_EDGES, MAX_PARTITIONS};
use design::{Design, NodeKind};

use crate::build::Builder;
use crate::columns::{self, Skipped};
use crate::{Error, Format, Warning};

mod table;

use table::{cells, group_flag, header_of, quoted_group, Header, Table};

/// The design's name.
pub const DESIGN_NAME: &str = "Consumer groups from kafka-consumer-groups.sh --describe";

/// The most lag an edge may hold (the design's rule).
const MAX_LAG: u64 = 1_000_000_000_000_000;
/// The most instances a reader may have (the design's rule).
const MAX_INSTANCES: usize = 10_000;

/// What was seen of one group.
struct Group {
    id: String,
    name: String,
    first_line: usize,
    members: HashSet<String>,
    /// `#MEMBERS` of a `--state` table.
    state_members: Option<u64>,
    unknown_lag: bool,
}

#[derive(Default)]
struct Reader {
    groups: Vec<Group>,
    group_index: HashMap<String, usize>,
    /// Topic id → highest partition + 1, and the line it was first met on.
    topics: Vec<(String, u32, usize)>,
    topic_index: HashMap<String, usize>,
    /// (group index, topic index) → summed lag, in the order met.
    lags: Vec<((usize, usize), u64)>,
    lag_index: HashMap<(usize, usize), usize>,
    /// Groups named by `Consumer group '…' has no active members.`
    idle: Vec<(String, usize)>,
    /// `--group` of the last pasted command line.
    command_group: Option<String>,
    default_group_said: bool,
    huge_lag_said: bool,
    edges_full_said: bool,
    no_topics_said: bool,
    read_any: bool,
}

pub(crate) fn import(text: &str) -> Result<(Design, Vec<Warning>), Error> {
    let mut b = Builder::new(DESIGN_NAME);
    let mut skipped = Skipped::default();
    let mut r = Reader::default();
    let mut header: Option<Header> = None;

    for (n, line) in columns::lines(text)? {
        let t = line.trim();
        if t.is_empty() || t.starts_with("```") || t.starts_with("~~~") {
            continue;
        }
        if let Some(h) = header_of(t) {
            if h.table != Table::Offsets && !r.no_topics_said {
                r.no_topics_said = true;
                b.warn(Warning::at_line(
                    n,
                    "a --members or --state table lists groups and members, not topics: no topic is read from it",
                ));
            }
            header = Some(h);
            r.read_any = true;
            continue;
        }
        if r.message(&mut b, n, t) {
            continue;
        }
        if columns::is_shell(t, "kafka-consumer-groups") {
            r.command_group = group_flag(t).or(r.command_group.take());
            continue;
        }
        match &header {
            Some(h) => r.row(&mut b, &mut skipped, n, h, t),
            None => skipped.line(
                &mut b,
                n,
                "not a line of kafka-consumer-groups.sh --describe output (no header above it); skipped",
            ),
        }
    }
    if !r.read_any {
        return Err(columns::not_the_format(
            text,
            Format::ConsumerGroupsDescribe,
            "no table header (`GROUP  TOPIC  PARTITION …`) and no consumer group message was found",
        ));
    }
    skipped.finish(&mut b);
    r.finish(&mut b);
    b.finish()
}

impl Reader {
    /// Reads a message the tool prints about a group; whether the line was one.
    fn message(&mut self, b: &mut Builder, n: usize, t: &str) -> bool {
        let Some(group) = quoted_group(t) else {
            return false;
        };
        self.read_any = true;
        if t.contains("has no active members") {
            self.idle.push((group.to_string(), n));
        } else if t.contains("is rebalancing") {
            b.warn(Warning::at_line(
                n,
                format!(
                    "group `{}` was rebalancing: its members and assignments may be in flux",
                    clip(group)
                ),
            ));
        } else if t.contains("does not exist") {
            b.warn(Warning::at_line(
                n,
                format!("group `{}` does not exist; nothing is read of it", clip(group)),
            ));
        } else {
            b.warn(Warning::at_line(n, format!("`{}` is not read", clip(t))));
        }
        true
    }

    /// The index of group `name` (a `consumer_group`, or a `sink_connector` for `connect-…`).
    fn group(&mut self, b: &mut Builder, name: &str, n: usize) -> Option<usize> {
        if let Some(&i) = self.group_index.get(name) {
            return Some(i);
        }
        let at = format!("line {n}");
        let (kind, node_name) = match name.strip_prefix("connect-").filter(|c| !c.trim().is_empty()) {
            Some(connector) => (NodeKind::SinkConnector, connector),
            None => (NodeKind::ConsumerGroup, name),
        };
        let id = b.node(kind, node_name, &at)?;
        if kind == NodeKind::SinkConnector {
            b.warn(Warning::at_line(
                n,
                format!(
                    "group `{}` is read as the sink connector `{}`: Kafka Connect names its sink connectors' groups connect-<name>",
                    clip(name),
                    clip(node_name)
                ),
            ));
        }
        let i = self.groups.len();
        self.groups.push(Group {
            id,
            name: name.to_string(),
            first_line: n,
            members: HashSet::new(),
            state_members: None,
            unknown_lag: false,
        });
        self.group_index.insert(name.to_string(), i);
        Some(i)
    }

    /// The group of a row: its `GROUP` column, or the `--group` of the command line.
    fn row_group(&mut self, b: &mut Builder, h: &Header, cells: &[&str], n: usize) -> Option<usize> {
        if let Some(i) = h.index("GROUP") {
            let name = cells.get(i).copied().unwrap_or("-");
            if name == "-" {
                b.warn(Warning::at_line(n, "a row without a group; skipped"));
                return None;
            }
            return self.group(b, name, n);
        }
        let name = match &self.command_group {
            Some(g) => g.clone(),
            None => {
                if !self.default_group_said {
                    self.default_group_said = true;
                    b.warn(Warning::at_line(
                        n,
                        "the table has no GROUP column and no `--group` command line is pasted above it: its group is called `consumer-group`",
                    ));
                }
                "consumer-group".to_string()
            }
        };
        self.group(b, &name, n)
    }

    fn row(&mut self, b: &mut Builder, skipped: &mut Skipped, n: usize, h: &Header, t: &str) {
        let cells = cells(t, h);
        if cells.len() < h.columns.len() {
            skipped.line(
                b,
                n,
                format!(
                    "{} values where the header has {} columns; skipped",
                    cells.len(),
                    h.columns.len()
                ),
            );
            return;
        }
        let Some(g) = self.row_group(b, h, &cells, n) else {
            return;
        };
        let cell = |name: &str| h.index(name).and_then(|i| cells.get(i).copied());
        match h.table {
            Table::Offsets => {
                if let Some(member) = cell("CONSUMER-ID").filter(|c| *c != "-") {
                    self.member(g, member);
                }
                self.offsets(b, n, g, &cell);
            }
            Table::Members => {
                if let Some(member) = cell("CONSUMER-ID").filter(|c| *c != "-") {
                    self.member(g, member);
                }
            }
            Table::State => {
                if let Some(Ok(m)) = cell("#MEMBERS").map(columns::parse_u64) {
                    if let Some(group) = self.groups.get_mut(g) {
                        group.state_members = Some(m);
                    }
                }
            }
        }
    }

    fn member(&mut self, g: usize, member: &str) {
        if let Some(group) = self.groups.get_mut(g) {
            if group.members.len() <= MAX_INSTANCES {
                group.members.insert(member.to_string());
            }
        }
    }

    /// A row of an offsets table: its topic, partition and lag.
    fn offsets<'a>(&mut self, b: &mut Builder, n: usize, g: usize, cell: &dyn Fn(&str) -> Option<&'a str>) {
        let Some(topic) = cell("TOPIC").filter(|t| *t != "-") else {
            return; // a member without partitions
        };
        let at = format!("line {n}");
        let t = match self.topic_index.get(topic) {
            Some(&t) => t,
            None => {
                let Some(id) = b.node(NodeKind::Topic, topic, &at) else {
                    return;
                };
                self.topics.push((id, 0, n));
                self.topic_index.insert(topic.to_string(), self.topics.len() - 1);
                self.topics.len() - 1
            }
        };
        match cell("PARTITION").map(columns::parse_u64) {
            Some(Ok(p)) if p < u64::from(MAX_PARTITIONS) => {
                if let Some(entry) = self.topics.get_mut(t) {
                    entry.1 = entry.1.max(p as u32 + 1);
                }
            }
            Some(Ok(_)) | Some(Err(true)) => b.warn(Warning::at_line(
                n,
                format!("the partition is past the {MAX_PARTITIONS} a topic may have; not counted"),
            )),
            Some(Err(false)) if cell("PARTITION") != Some("-") => b.warn(Warning::at_line(
                n,
                format!(
                    "partition `{}` is not a number; not counted",
                    clip(cell("PARTITION").unwrap_or(""))
                ),
            )),
            _ => {}
        }
        let lag = match cell("LAG") {
            None => None,
            Some("-") => {
                if let Some(group) = self.groups.get_mut(g) {
                    group.unknown_lag = true;
                }
                Some(0)
            }
            Some(l) => match columns::parse_u64(l) {
                Ok(l) => Some(l),
                Err(true) => {
                    if !self.huge_lag_said {
                        self.huge_lag_said = true;
                        b.warn(Warning::at_line(
                            n,
                            format!(
                                "lag `{}` is too large a number; counted as the most a number holds",
                                clip(l)
                            ),
                        ));
                    }
                    Some(u64::MAX)
                }
                Err(false) => {
                    b.warn(Warning::at_line(
                        n,
                        format!("lag `{}` is not a whole number; counted as 0", clip(l)),
                    ));
                    Some(0)
                }
            },
        };
        let key = (g, t);
        let i = match self.lag_index.get(&key) {
            Some(&i) => i,
            None => {
                if self.lags.len() >= MAX_EDGES {
                    if !self.edges_full_said {
                        self.edges_full_said = true;
                        b.warn(Warning::at_line(
                            n,
                            format!("more than {MAX_EDGES} topic–group pairs, the most a design may connect; the rest are left out"),
                        ));
                    }
                    return;
                }
                self.lags.push((key, 0));
                self.lag_index.insert(key, self.lags.len() - 1);
                self.lags.len() - 1
            }
        };
        if let (Some(lag), Some(entry)) = (lag, self.lags.get_mut(i)) {
            entry.1 = entry.1.saturating_add(lag);
        }
    }

    /// Nodes' partitions and instances, the edges and their lag, and what was guessed.
    fn finish(mut self, b: &mut Builder) {
        for (name, n) in std::mem::take(&mut self.idle) {
            if self.group_index.contains_key(&name) {
                continue;
            }
            self.group(b, &name, n);
        }
        for (id, partitions, _) in &self.topics {
            if *partitions > 0 {
                if let Some(node) = b.node_mut(id) {
                    node.partitions = Some(*partitions);
                }
            }
        }
        if self.topics.iter().any(|t| t.1 > 0) {
            b.warn(Warning::new(
                format!("line {}", self.topics.iter().map(|t| t.2).min().unwrap_or(1)),
                "partition counts are the highest partition the groups read + 1: a topic may have more than its groups show",
            ));
        }
        for group in &self.groups {
            let at = format!("line {}", group.first_line);
            let count = if group.members.is_empty() {
                group
                    .state_members
                    .and_then(|m| usize::try_from(m).ok())
                    .unwrap_or(0)
            } else {
                group.members.len()
            };
            if count == 0 {
                b.warn(Warning::new(
                    at.clone(),
                    format!(
                        "group `{}` has no active members: its instances are left unset",
                        clip(&group.name)
                    ),
                ));
            } else if count > MAX_INSTANCES {
                b.warn(Warning::new(
                    at.clone(),
                    format!(
                        "group `{}` has more than {MAX_INSTANCES} members; instances left unset",
                        clip(&group.name)
                    ),
                ));
            } else if let Some(node) = b.node_mut(&group.id) {
                node.instances = Some(count as u32);
            }
            if group.unknown_lag {
                b.warn(Warning::new(
                    at,
                    format!(
                        "group `{}` has partitions without a committed offset (LAG `-`): counted as 0 lag",
                        clip(&group.name)
                    ),
                ));
            }
        }
        for &((g, t), lag) in &self.lags {
            let (Some(group), Some(topic)) = (self.groups.get(g), self.topics.get(t)) else {
                continue;
            };
            let at = format!("line {}", group.first_line);
            let lag = if lag > MAX_LAG {
                b.warn(Warning::new(
                    at.clone(),
                    format!(
                        "the lag of `{}` is more than {MAX_LAG}; kept as {MAX_LAG}",
                        clip(&group.name)
                    ),
                ));
                MAX_LAG
            } else {
                lag
            };
            if let Some(edge) = b.edge(&topic.0, &group.id, &at) {
                edge.lag = Some(lag);
            }
        }
    }
}

/// A value as a warning quotes it: at most 60 characters.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
