//! Pasted record keys and the key distributions, read without a string per key.
//!
//! A producer's pasted sample can hold a million keys. Kept as a million `String`s they cost a
//! million allocations to read (two, through serde's internally tagged enums, which buffer
//! every value before choosing the variant) and as many to free; [`PastedKeys`] keeps them in
//! one buffer with their end offsets, and [`KeyDistribution`]'s deserializer reads the keys
//! straight into it. The JSON is the same as before: `{"kind": "sample", "keys": ["a", …]}`.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Keys in few buffers, each key whole within one: chunks of at least [`CHUNK`] bytes, never
/// grown once full (a doubling buffer would copy and touch twice the memory of the keys);
/// `ends[i]` is where key `i` ends in its chunk, `firsts[c]` the first key of chunk `c`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PastedKeys {
    chunks: Vec<String>,
    firsts: Vec<u32>,
    ends: Vec<u32>,
    /// The longest key's length in bytes, kept as keys come (validation asks for it).
    longest: usize,
}

/// The size a chunk of key text is made with (a longer key gets a chunk of its own size).
pub const CHUNK: usize = 1 << 20;

impl PastedKeys {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a key. Panics past 2^32 keys (deserializing refuses that first).
    pub fn push(&mut self, key: &str) {
        self.try_push(key).expect("at most 2^32 pasted keys");
    }

    fn try_push(&mut self, key: &str) -> Result<(), &'static str> {
        let index = u32::try_from(self.ends.len()).map_err(|_| "more than 2^32 pasted keys")?;
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= key.len());
        if !fits {
            self.chunks.push(String::with_capacity(CHUNK.max(key.len())));
            self.firsts.push(index);
        }
        let chunk = self.chunks.last_mut().expect("a chunk was just made");
        chunk.push_str(key);
        self.longest = self.longest.max(key.len());
        // A chunk holds at most max(CHUNK, one key) bytes, and a key at most its input: the
        // offset fits in 32 bits for any key under 4 GiB.
        self.ends
            .push(u32::try_from(chunk.len()).map_err(|_| "a pasted key of 4 GiB or more")?);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The chunk of key `i` and where the key starts in it.
    fn locate(&self, i: usize) -> (usize, usize) {
        let c = self.firsts.partition_point(|&first| first as usize <= i) - 1;
        let start = if self.firsts[c] as usize == i {
            0
        } else {
            self.ends[i - 1] as usize
        };
        (c, start)
    }

    /// Key `i` (panics when out of range, like a slice).
    pub fn get(&self, i: usize) -> &str {
        let (c, start) = self.locate(i);
        &self.chunks[c][start..self.ends[i] as usize]
    }

    /// Key `i` as bytes (what the partitioner hashes), without the check that the ends fall
    /// on character boundaries (they do: each key was a whole string).
    pub fn bytes(&self, i: usize) -> &[u8] {
        let (c, start) = self.locate(i);
        &self.chunks[c].as_bytes()[start..self.ends[i] as usize]
    }

    /// The keys in order, walking the chunks (no search per key).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        let mut chunk = 0;
        let mut start = 0;
        (0..self.len()).map(move |i| {
            if self.firsts.get(chunk + 1).is_some_and(|&f| f as usize == i) {
                chunk += 1;
                start = 0;
            }
            let end = self.ends[i] as usize;
            let key = &self.chunks[chunk][start..end];
            start = end;
            key
        })
    }

    /// The length in bytes of the longest key (0 when there are none).
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Whether any key contains `c` (one scan over the text).
    pub fn any_contains(&self, c: char) -> bool {
        self.chunks.iter().any(|chunk| chunk.contains(c))
    }
}

impl fmt::Debug for PastedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<S: AsRef<str>> FromIterator<S> for PastedKeys {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut keys = PastedKeys::new();
        for k in iter {
            keys.push(k.as_ref());
        }
        keys
    }
}

impl From<Vec<String>> for PastedKeys {
    fn from(keys: Vec<String>) -> Self {
        keys.into_iter().collect()
    }
}

impl Serialize for PastedKeys {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for PastedKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(KeysVisitor)
    }
}

struct KeysVisitor;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = PastedKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of keys (strings)")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PastedKeys, A::Error> {
        let mut keys = PastedKeys::new();
        while seq.next_element_seed(AppendKey(&mut keys))?.is_some() {}
        Ok(keys)
    }
}

/// Reads one key straight into the buffer.
struct AppendKey<'a>(&'a mut PastedKeys);

impl<'de> DeserializeSeed<'de> for AppendKey<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for AppendKey<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key (a string)")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
        self.0.try_push(key).map_err(E::custom)
    }
}

/// How a producer's record keys are distributed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyDistribution {
    /// Every one of `cardinality` keys equally often.
    Uniform { cardinality: u64 },
    /// Key of rank k has weight 1 / k^exponent.
    Zipf { cardinality: u64, exponent: f64 },
    /// One key takes `hot_share` of the traffic, the rest is uniform.
    HotKey { cardinality: u64, hot_share: f64 },
    /// Real keys pasted by the user, with optional weights (equal when absent).
    Sample {
        keys: PastedKeys,
        #[serde(skip_serializing_if = "Option::is_none")]
        weights: Option<Vec<f64>>,
    },
    /// Null keys: sticky partitioning, even over time.
    None,
}

const KINDS: &[&str] = &["uniform", "zipf", "hot_key", "sample", "none"];

/// The distribution's own deserializer: one pass over its members in any order (`kind` may
/// come last), keys read into [`PastedKeys`], members of other kinds and unknown members
/// ignored as before, and serde's own messages for a missing member or an unknown kind.
impl<'de> Deserialize<'de> for KeyDistribution {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DistributionVisitor)
    }
}

struct DistributionVisitor;

impl<'de> Visitor<'de> for DistributionVisitor {
    type Value = KeyDistribution;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a key distribution: {\"kind\": \"uniform\" | \"zipf\" | \"hot_key\" | \"sample\" | \"none\", …}",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyDistribution, A::Error> {
        let mut kind: Option<String> = None;
        let mut cardinality: Option<u64> = None;
        let mut exponent: Option<f64> = None;
        let mut hot_share: Option<f64> = None;
        let mut keys: Option<PastedKeys> = None;
        let mut weights: Option<Option<Vec<f64>>> = None;
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Kind => kind = Some(map.next_value()?),
                Member::Cardinality => cardinality = Some(map.next_value()?),
                Member::Exponent => exponent = Some(map.next_value()?),
                Member::HotShare => hot_share = Some(map.next_value()?),
                Member::Keys => keys = Some(map.next_value()?),
                Member::Weights => weights = Some(map.next_value()?),
                Member::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| de::Error::missing_field("kind"))?;
        fn need<T, E: de::Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
            v.ok_or_else(|| E::missing_field(name))
        }
        Ok(match kind.as_str() {
            "uniform" => KeyDistribution::Uniform {
                cardinality: need(cardinality, "cardinality")?,
            },
            "zipf" => KeyDistribution::Zipf {
                cardinality: need(cardinality, "cardinality")?,
                exponent: need(exponent, "exponent")?,
            },
            "hot_key" => KeyDistribution::HotKey {
                cardinality: need(cardinality, "cardinality")?,
                hot_share: need(hot_share, "hot_share")?,
            },
            "sample" => KeyDistribution::Sample {
                keys: need(keys, "keys")?,
                weights: weights.flatten(),
            },
            "none" => KeyDistribution::None,
            other => return Err(de::Error::unknown_variant(other, KINDS)),
        })
    }
}

/// The members a distribution may have.
enum Member {
    Kind,
    Cardinality,
    Exponent,
    HotShare,
    Keys,
    Weights,
    Other,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = Member;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Member, E> {
                Ok(match name {
                    "kind" => Member::Kind,
                    "cardinality" => Member::Cardinality,
                    "exponent" => Member::Exponent,
                    "hot_share" => Member::HotShare,
                    "keys" => Member::Keys,
                    "weights" => Member::Weights,
                    _ => Member::Other,
                })
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn read(v: serde_json::Value) -> Result<KeyDistribution, serde_json::Error> {
        serde_json::from_str(&v.to_string())
    }

    #[test]
    fn every_kind_reads_and_writes_as_before() {
        for v in [
            json!({"kind": "uniform", "cardinality": 10}),
            json!({"kind": "zipf", "cardinality": 10, "exponent": 1.1}),
            json!({"kind": "hot_key", "cardinality": 10, "hot_share": 0.5}),
            json!({"kind": "sample", "keys": ["a", "é", "\"q\"", ""]}),
            json!({"kind": "sample", "keys": ["a"], "weights": [2.0]}),
            json!({"kind": "none"}),
        ] {
            let d = read(v.clone()).unwrap();
            assert_eq!(serde_json::to_value(&d).unwrap(), v);
        }
    }

    #[test]
    fn keys_cross_chunks_whole() {
        let long = "k".repeat(CHUNK / 3);
        let keys: PastedKeys = (0..10)
            .map(|i| format!("{i}{long}"))
            .chain(["".into(), "z".repeat(CHUNK * 2)])
            .collect();
        assert!(keys.chunks.len() > 3);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(k, keys.get(i));
            assert_eq!(k.as_bytes(), keys.bytes(i));
        }
        assert_eq!(keys.get(10), "");
        assert_eq!(keys.get(11).len(), CHUNK * 2);
        assert!(keys.get(3).starts_with('3'));
        assert_eq!(keys.longest(), CHUNK * 2);
    }

    #[test]
    fn kind_may_come_last_and_unknown_members_are_ignored() {
        let d = read(json!({"keys": ["x", "y"], "note": {"a": [1]}, "kind": "sample"})).unwrap();
        let KeyDistribution::Sample { keys, weights } = d else {
            panic!()
        };
        assert_eq!(keys.iter().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(weights, None);
    }

    #[test]
    fn missing_members_and_unknown_kinds_say_so() {
        let e = read(json!({"kind": "zipf", "cardinality": 10}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing field `exponent`"), "{e}");
        let e = read(json!({"kind": "gaussian"})).unwrap_err().to_string();
        assert!(e.contains("unknown variant `gaussian`"), "{e}");
        let e = read(json!({"kind": "sample", "keys": [1]}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("a key (a string)"), "{e}");
    }

    proptest! {
        #[test]
        fn keys_round_trip(keys in prop::collection::vec(".{0,8}", 0..40)) {
            let pasted: PastedKeys = keys.iter().collect();
            prop_assert_eq!(pasted.len(), keys.len());
            prop_assert_eq!(pasted.iter().collect::<Vec<_>>(), keys.iter().map(String::as_str).collect::<Vec<_>>());
            let json = serde_json::to_string(&pasted).unwrap();
            prop_assert_eq!(&json, &serde_json::to_string(&keys).unwrap());
            let back: PastedKeys = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, pasted);
        }
    }
}
