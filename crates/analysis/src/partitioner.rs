//! Kafka's default partitioner for keyed records, bit-exact with the Java client.
//!
//! A record with a key goes to `toPositive(murmur2(key)) % partitions`, where `murmur2` is
//! `org.apache.kafka.common.utils.Utils.murmur2` and `toPositive(n) = n & 0x7fffffff` (not
//! `abs`, which would send `i32::MIN` elsewhere). Keys are hashed as the bytes the producer's
//! serializer writes: for a string key, its UTF-8 bytes.
//!
//! Records without a key are not placed by hash: since KIP-480 and KIP-794 they stick to one
//! partition per batch and spread evenly over time, so they make no key hotspot.

/// Kafka's murmur2 (`Utils.murmur2`): seed `0x9747b28c`, little-endian 4-byte words.
/// Returns the same bits as the Java `int`.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;

    // Java computes `seed ^ length` on ints; the length is taken modulo 2^32 the same way.
    let mut h: u32 = SEED ^ (data.len() as u32);
    let mut words = data.chunks_exact(4);
    for word in &mut words {
        let mut k = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let tail = words.remainder();
    if !tail.is_empty() {
        // Java's switch falls through from case 3 to case 1.
        if tail.len() == 3 {
            h ^= u32::from(tail[2]) << 16;
        }
        if tail.len() >= 2 {
            h ^= u32::from(tail[1]) << 8;
        }
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Kafka's `Utils.toPositive`: clears the sign bit.
pub fn to_positive(n: i32) -> u32 {
    (n & 0x7fff_ffff) as u32
}

/// The partition Kafka's producer picks for a record with this key.
///
/// # Panics
/// If `partitions` is 0 (a topic has at least one partition; callers validate that).
pub fn partition_for_key(key: &[u8], partitions: u32) -> u32 {
    assert!(partitions > 0, "a topic has at least one partition");
    to_positive(murmur2(key)) % partitions
}

/// `n` distinct keys (12 bytes of UTF-8 without control characters) with one murmur2 hash, so that
/// Kafka's partitioner sends them all to one partition whatever the partition count: murmur2 is
/// a bijection of each 4-byte word for a fixed state, so after two free words the third can be
/// chosen to reach any state. Anyone can make them; the studio's tests use them to show that
/// nothing is quadratic in collisions.
pub fn colliding_keys(n: usize) -> Vec<String> {
    const M: u32 = 0x5bd1_e995;
    const M_INV: u32 = 0xe59b_19bd; // M × M_INV ≡ 1 (mod 2^32)
    let mix = |mut k: u32| {
        k = k.wrapping_mul(M);
        k ^= k >> 24;
        k.wrapping_mul(M)
    };
    // x ^ (x >> 24) keeps the top byte, so applying it again undoes it.
    let unmix = |mut k: u32| {
        k = k.wrapping_mul(M_INV);
        k ^= k >> 24;
        k.wrapping_mul(M_INV)
    };
    let hex4 = |i: u32| {
        let digits = b"0123456789abcdef";
        [12, 8, 4, 0].map(|shift| digits[(i >> shift & 15) as usize])
    };
    let mut keys = Vec::with_capacity(n);
    for i in 0u32.. {
        if keys.len() == n {
            break;
        }
        let (w1, w2) = (u32::from_le_bytes(hex4(i >> 16)), u32::from_le_bytes(hex4(i)));
        let mut h = 0x9747_b28c_u32 ^ 12;
        h = h.wrapping_mul(M) ^ mix(w1);
        h = h.wrapping_mul(M) ^ mix(w2);
        // h × M ^ mix(w3) = target  ⇒  w3 = unmix(target ^ h × M)
        let w3 = unmix(0x1234_5678 ^ h.wrapping_mul(M));
        let bytes: Vec<u8> = [w1, w2, w3].iter().flat_map(|w| w.to_le_bytes()).collect();
        match String::from_utf8(bytes) {
            Ok(key) if !key.chars().any(char::is_control) => keys.push(key),
            _ => {}
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `UtilsTest.testMurmur2` in Apache Kafka's client tests (Java signed ints).
    const KAFKA_VECTORS: &[(&[u8], i32)] = &[
        (b"21", -973_932_308),
        (b"foobar", -790_332_482),
        (b"a-little-bit-long-string", -985_981_536),
        (b"a-little-bit-longer-string", -1_486_304_829),
        (b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        (b"abc", 479_470_107),
    ];

    /// More lengths (empty, one-byte tail), computed with `Utils.murmur2` of kafka-clients on a JVM.
    const JVM_VECTORS: &[(&[u8], i32)] = &[(b"", 275_646_681), (b"a", -1_563_381_124), (b"ab", 316_155_434)];

    #[test]
    fn murmur2_matches_kafka_utils_test() {
        for (key, expected) in KAFKA_VECTORS.iter().chain(JVM_VECTORS) {
            assert_eq!(
                murmur2(key),
                *expected,
                "murmur2({:?})",
                String::from_utf8_lossy(key)
            );
        }
    }

    #[test]
    fn every_tail_length_is_covered_by_the_vectors() {
        let tails: std::collections::BTreeSet<usize> = KAFKA_VECTORS
            .iter()
            .chain(JVM_VECTORS)
            .map(|(k, _)| k.len() % 4)
            .collect();
        assert_eq!(tails.into_iter().collect::<Vec<_>>(), vec![0, 1, 2, 3]);
    }

    #[test]
    fn colliding_keys_are_distinct_and_share_one_hash() {
        let keys = colliding_keys(5_000);
        assert_eq!(keys.len(), 5_000);
        let distinct: std::collections::HashSet<&String> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len());
        let first = murmur2(keys[0].as_bytes());
        assert!(keys.iter().all(|k| murmur2(k.as_bytes()) == first));
    }

    #[test]
    fn to_positive_masks_rather_than_negates() {
        assert_eq!(to_positive(-1), 0x7fff_ffff);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(5), 5);
        // abs() would give 973932308 here, a different partition for most counts.
        assert_eq!(to_positive(-973_932_308), 1_173_551_340);
    }

    #[test]
    fn partitions_of_the_vectors() {
        // (murmur2 & 0x7fffffff) % n, worked by hand from the vectors above.
        assert_eq!(partition_for_key(b"21", 12), 1_173_551_340 % 12);
        assert_eq!(partition_for_key(b"foobar", 1), 0);
    }

    proptest! {
        #[test]
        fn the_partition_is_in_range_and_stable(key in proptest::collection::vec(any::<u8>(), 0..64), n in 1u32..10_000) {
            let p = partition_for_key(&key, n);
            prop_assert!(p < n);
            prop_assert_eq!(p, partition_for_key(&key, n));
        }

        #[test]
        fn a_change_in_any_one_byte_always_changes_the_hash(key in proptest::collection::vec(any::<u8>(), 1..64), i in any::<prop::sample::Index>(), flip in 1u8..=255) {
            let mut other = key.clone();
            let at = i.index(key.len());
            other[at] ^= flip;
            // Every step of murmur2 is a bijection of the state for fixed other input (odd
            // multipliers, xor-shifts, xor with the word), so changing one byte always shows.
            prop_assert_ne!(murmur2(&key), murmur2(&other));
        }
    }
}
