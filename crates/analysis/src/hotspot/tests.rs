//! Tests of the hotspot model against the partitioner and the naive computation.
use super::*;
use crate::partitioner::partition_for_key;
use design::KeyDistribution;
use proptest::prelude::*;

fn sample(keys: &[&str], weights: Option<Vec<f64>>) -> KeyDistribution {
    KeyDistribution::Sample {
        keys: keys.iter().collect(),
        weights,
    }
}

#[test]
fn sample_keys_land_where_kafka_puts_them() {
    let load = KeyMass::of(&sample(&["21", "foobar"], None), "k").spread(12);
    // murmur2("21") = -973932308 → & 0x7fffffff = 1173551340 → % 12 = 0
    assert_eq!(partition_for_key(b"21", 12), 1_173_551_340 % 12);
    let p21 = load.top_keys.iter().find(|k| k.key == "21").unwrap().partition;
    assert_eq!(p21, 1_173_551_340 % 12);
    assert!((load.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
}

#[test]
fn null_keys_spread_evenly() {
    let load = KeyMass::of(&KeyDistribution::None, "k").spread(6);
    assert!(load.shares.iter().all(|s| (s - 1.0 / 6.0).abs() < 1e-12));
    assert_eq!(load.max_over_mean, 1.0);
    assert!(load.hot_partitions.is_empty());
}

#[test]
fn one_hot_key_makes_one_hot_partition() {
    let dist = KeyDistribution::HotKey {
        cardinality: 10_000,
        hot_share: 0.5,
    };
    let load = KeyMass::of(&dist, "customer").spread(12);
    let hot = partition_for_key(b"customer-hot", 12);
    assert_eq!(load.hot_partitions, vec![hot]);
    assert!(load.shares[hot as usize] > 0.5);
    assert_eq!(load.top_keys[0].key, "customer-hot");
    assert!((load.heaviest_key_share - 0.5).abs() < 1e-12);
    assert!(load.max_over_mean > 6.0);
}

#[test]
fn zipf_shares_sum_to_one_and_the_first_rank_is_heaviest() {
    let dist = KeyDistribution::Zipf {
        cardinality: 1_000_000,
        exponent: 1.1,
    };
    let mass = KeyMass::of(&dist, "orderId");
    let load = mass.spread(12);
    assert!((load.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert_eq!(load.top_keys[0].key, "orderId-1");
    assert!(load.max_over_mean > 1.1, "rank 1 of a zipf(1.1) is a hotspot");
}

#[test]
fn uniform_keys_spread_close_to_even() {
    let load = KeyMass::of(&KeyDistribution::Uniform { cardinality: 100_000 }, "id").spread(12);
    assert!(load.deviation_pct < 3.0, "{}", load.deviation_pct);
}

#[test]
fn weights_are_honoured_and_duplicate_keys_merge() {
    let load = KeyMass::of(&sample(&["a", "b", "a"], Some(vec![1.0, 2.0, 1.0])), "k").spread(1);
    assert_eq!(load.top_keys.len(), 2);
    assert_eq!(load.top_keys[0].share, 0.5);
    assert_eq!(load.top_keys[1].share, 0.5);
}

#[test]
fn a_key_from_two_producers_is_one_key() {
    let a = KeyMass::of(&sample(&["order-1", "order-2"], None), "k");
    let b = KeyMass::of(&sample(&["order-1"], None), "k");
    let load = KeyMass::mix([(a, 1.0), (b, 1.0)]).spread(6);
    assert_eq!(load.top_keys[0].key, "order-1");
    assert!((load.top_keys[0].share - 0.75).abs() < 1e-12);
    assert_eq!(load.top_keys.len(), 2);
}

#[test]
fn the_fast_path_equals_hashing_every_key_by_name() {
    let (n, s, p) = (500u64, 1.2f64, 7u32);
    let total: f64 = (1..=n).map(|k| (k as f64).powf(-s)).sum();
    let mut naive = vec![0.0; p as usize];
    for k in 1..=n {
        naive[partition_for_key(format!("f-{k}").as_bytes(), p) as usize] += (k as f64).powf(-s) / total;
    }
    let mut cache = SpreadCache::default();
    let mass = KeyMass::of(
        &KeyDistribution::Zipf {
            cardinality: n,
            exponent: s,
        },
        "f",
    );
    for _ in 0..2 {
        // The second round is served from the cache.
        let fast = mass.spread_with(&mut cache, p);
        for (a, b) in fast.shares.iter().zip(&naive) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        assert_eq!(fast.top_keys[0].key, "f-1");
        assert_eq!(fast.top_keys[0].partition, partition_for_key(b"f-1", p));
    }
}

#[test]
fn sample_keys_from_the_api_equal_those_of_a_design() {
    let keys: design::PastedKeys = ["a", "b", "a", "c"].into_iter().collect();
    let weights = Some(vec![1.0, 2.0, 3.0, 4.0]);
    let read = KeyMass::of(
        &KeyDistribution::Sample {
            keys: keys.clone(),
            weights: weights.clone(),
        },
        "k",
    )
    .spread(5);
    let taken = KeyMass::from_sample(keys, weights.as_deref()).spread(5);
    assert_eq!(read, taken);
    assert_eq!(taken.top_keys[0].key, "a"); // 1 + 3 of 10
    assert!((taken.top_keys[0].share - 0.4).abs() < 1e-12);
}

#[test]
fn salts() {
    assert_eq!(salts_needed(25.0, 10.0), 3);
    assert_eq!(salts_needed(5.0, 10.0), 1);
    assert_eq!(salts_needed(5.0, 0.0), 1);
}

proptest! {
    #[test]
    fn shares_always_sum_to_one(keys in prop::collection::vec("[a-z0-9]{0,12}", 1..50), p in 1u32..64) {
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let load = KeyMass::of(&sample(&keys, None), "k").spread(p);
        prop_assert!((load.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        prop_assert!(load.max_over_mean >= 1.0 - 1e-9);
        prop_assert_eq!(load.shares.len(), p as usize);
    }
}

#[test]
fn past_the_budget_the_heaviest_keys_are_still_placed_and_the_result_says_approximate() {
    let dist = KeyDistribution::Zipf {
        cardinality: 50_000,
        exponent: 1.2,
    };
    let mass = KeyMass::of(&dist, "user");
    let exact = mass.spread(24);
    assert!(!exact.approximate);
    let mut short = SpreadCache::with_budget(1_000);
    let rough = mass.spread_with(&mut short, 24);
    assert!(rough.approximate);
    assert!((rough.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    // The heaviest keys land where Kafka puts them in both answers.
    assert_eq!(rough.top_keys, exact.top_keys);
    let hottest = partition_for_key(b"user-1", 24) as usize;
    assert!(rough.shares[hottest] >= exact.top_keys[0].share);
    // Once the budget is spent, only the top keys are placed.
    let after = mass.spread_with(&mut short, 24);
    assert!(after.approximate);
    assert_eq!(after.top_keys, exact.top_keys);
}

#[test]
fn pasted_keys_past_the_budget_keep_their_heaviest_keys() {
    let keys: design::PastedKeys = (0..5_000).map(|i| format!("k{i}")).collect();
    let mut weights = vec![1.0; keys.len()];
    weights[42] = 5_000.0;
    let mass = KeyMass::from_keys(&keys, Some(&weights));
    let mut short = SpreadCache::with_budget(100);
    let load = mass.spread_with(&mut short, 12);
    assert!(load.approximate);
    assert_eq!(load.top_keys[0].key, "k42");
    assert_eq!(load.hot_partitions, vec![partition_for_key(b"k42", 12)]);
    assert!((load.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

#[test]
fn a_producer_feeding_many_topics_of_one_size_is_placed_once() {
    let keys: design::PastedKeys = (0..1_000).map(|i| format!("k{i}")).collect();
    let mass = KeyMass::from_keys(&keys, None);
    // A budget for one placement of the keys: the second topic of the same size reuses it.
    let mut cache = SpreadCache::with_budget(1_000);
    let first = mass.spread_with(&mut cache, 12);
    let second = KeyMass::mix([(mass.clone(), 1.0)]).spread_with(&mut cache, 12);
    assert!(!first.approximate && !second.approximate);
    assert_eq!(first.shares, second.shares);
    assert!(mass.spread_with(&mut cache, 13).approximate);
}

#[test]
fn colliding_pasted_keys_are_counted_as_distinct_keys() {
    let keys: design::PastedKeys = crate::partitioner::colliding_keys(3_000).into();
    let load = KeyMass::from_keys(&keys, None).spread(10);
    // They all hash alike, so they all land on one partition, each one key of 3 000.
    assert_eq!(load.hot_partitions.len(), 1);
    assert!((load.heaviest_key_share - 1.0 / 3_000.0).abs() < 1e-15);
}
