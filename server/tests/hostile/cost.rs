//! Hostile deployments: the cost model at the edges the validator lets through. Two hundred
//! price overrides at the largest unit price, six zones over a thousand brokers, compression
//! ratios at both ends of `(0, 1]`, every topic tiered with the largest local retention:
//! each `/api/v1/analyze` is answered within the suite's 10 s with a `cost` section whose
//! every figure is a finite number, and one override past the limit is a 422 that says so.

use super::*;

/// `topics` topics, each written at a high rate and read by two groups, on `deployment`;
/// every topic tiered when `tiered`.
fn deployed(topics: usize, deployment: Value, tiered: bool) -> Value {
    let mut nodes = vec![];
    let mut edges = vec![];
    for i in 0..topics {
        let (p, t) = (format!("p{i}"), format!("t{i}"));
        let mut writer = producer(&p, 1e6, 1e5);
        let compression = ["zstd", "lz4", "gzip", "snappy", "none"][i % 5];
        writer["config"] = json!({ "compression.type": compression });
        nodes.push(writer);
        let mut config = json!({"replication.factor": 3, "retention.ms": -1});
        if tiered {
            config["remote.storage.enable"] = json!(true);
            config["local.retention.bytes"] = json!(i64::MAX);
        }
        nodes.push(json!({"id": t, "kind": "topic", "name": t, "partitions": 1000, "config": config}));
        edges.push(edge(&p, &t));
        for g in ["a", "b"] {
            let g = format!("g{i}{g}");
            nodes.push(json!({"id": g, "kind": "consumer_group", "name": g, "instances": 100}));
            edges.push(edge(&t, &g));
        }
    }
    let mut d = design(nodes, edges);
    d["cluster"] = json!({"brokers": 1000, "deployment": deployment});
    d
}

/// Every figure of the cost section is a number (serde writes a NaN or an infinity as null).
fn assert_finite(cost: &Value) {
    assert!(cost.is_object(), "a cost section: {cost:.300}");
    let targets = cost["targets"].as_array().unwrap();
    assert!(!targets.is_empty());
    for t in targets {
        assert!(
            t["monthly_total"].as_f64().is_some_and(f64::is_finite),
            "{t:.300}"
        );
        for l in t["lines"].as_array().unwrap() {
            for field in ["quantity", "unit_price", "monthly"] {
                assert!(l[field].as_f64().is_some_and(f64::is_finite), "{field} of {l}");
            }
        }
    }
    for g in cost["growth"].as_array().unwrap() {
        for total in g["totals"].as_array().unwrap() {
            assert!(total[1].as_f64().is_some_and(f64::is_finite), "{g}");
        }
    }
    for field in [
        "producer_bytes_per_sec",
        "replication_bytes_per_sec",
        "consumer_bytes_per_sec",
        "total_bytes_per_sec",
    ] {
        assert!(
            cost["cross_zone"][field].as_f64().is_some_and(f64::is_finite),
            "{field}"
        );
    }
}

#[tokio::test]
async fn deployments_at_the_limits_are_priced_promptly_with_finite_figures() {
    let mut guard = shared().await;
    let studio = guard.as_mut().unwrap();
    let visitor = Client::new(&studio.base);

    // Two hundred overrides (the limit), every one at the largest unit price: the table's ids
    // and made-up ones.
    let mut prices = serde_json::Map::new();
    for id in [
        "ec2.m5.2xlarge.hour",
        "ebs.gp3.gb_month",
        "s3.standard.gb_month",
        "s3.put.request",
        "s3.get.request",
        "transfer.inter_az.gb",
        "transfer.internet_out.gb",
        "msk.storage.gb_month",
        "msk_serverless.partition.hour",
        "diskless.license.gb_written",
    ] {
        prices.insert(id.into(), json!(1e9));
    }
    for i in 0..(200 - prices.len()) {
        prices.insert(format!("made.up.{i}"), json!(1e9));
    }
    assert_eq!(prices.len(), 200);
    let overrides = json!({"target": "self-managed", "internet_egress_share": 1.0, "prices": prices});
    let (status, body) = post(
        &visitor,
        "/api/v1/analyze",
        &deployed(50, overrides.clone(), false),
    )
    .await;
    assert_eq!(status, 200, "{body:.300}");
    assert_finite(&body["cost"]);
    assert!(body["cost"]["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a.as_str().unwrap().contains("200 unit prices overridden")));
    // The documents too: the cost section and its charts.
    let small = deployed(3, overrides.clone(), false);
    for format in ["md", "zip"] {
        let (status, _) = send(
            &visitor,
            Method::POST,
            &format!("/api/v1/report?format={format}"),
            Some(serde_json::to_vec(&small).unwrap()),
        )
        .await;
        assert_eq!(status, 200, "{format}");
    }

    // One more override is refused, saying the limit.
    let mut over = overrides.clone();
    over["prices"]["one.too.many"] = json!(1);
    let (status, body) = post(&visitor, "/api/v1/analyze", &deployed(1, over, false)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("at most 200"), "{body}");
    alive(studio).await;

    // Six zones over a thousand brokers, follower fetching on.
    let zones = json!({"target": "msk-provisioned", "zones": 6, "follower_fetching": true});
    let (status, body) = post(&visitor, "/api/v1/analyze", &deployed(200, zones, false)).await;
    assert_eq!(status, 200, "{body:.300}");
    assert_finite(&body["cost"]);
    assert_eq!(body["cost"]["cross_zone"]["zones"], 6);

    // Compression ratios at both ends of (0, 1]: the smallest positive double and 1.
    let ratios = json!({"target": "diskless", "compression_ratios":
        {"zstd": 5e-324, "lz4": 5e-324, "gzip": 1.0, "snappy": 1e-300, "none": 1.0,
         "binary.zstd": 5e-324, "json.lz4": 1e-300, "binary.none": 1.0}});
    let (status, body) = post(&visitor, "/api/v1/analyze", &deployed(100, ratios, false)).await;
    assert_eq!(status, 200, "{body:.300}");
    assert_finite(&body["cost"]);

    // Every topic tiered, kept forever, with the largest local retention in bytes.
    let tiered = json!({"target": "msk-serverless"});
    let (status, body) = post(&visitor, "/api/v1/analyze", &deployed(300, tiered, true)).await;
    assert_eq!(status, 200, "{body:.300}");
    assert_finite(&body["cost"]);
    alive(studio).await;
}
