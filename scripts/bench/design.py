#!/usr/bin/env python3
"""Writes a valid kafka-design/v1 document with N nodes (default 200) to stdout:
N/4 pipelines of producer -> topic -> stream processor -> topic ... each ending in a consumer group."""
import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
nodes, edges = [], []
i = 0
while len(nodes) + 4 <= n:
    p, t, s, g = f"p{i}", f"t{i}", f"s{i}", f"g{i}"
    nodes += [
        {"id": p, "kind": "producer", "name": f"service {i}", "messages_per_sec": 1000 + i, "avg_message_bytes": 700,
         "config": {"acks": "all", "enable.idempotence": True, "linger.ms": 5}, "position": {"x": 0, "y": i * 80}},
        {"id": t, "kind": "topic", "name": f"events.{i}", "partitions": 12,
         "config": {"replication.factor": 3, "min.insync.replicas": 2, "retention.ms": 604800000},
         "position": {"x": 300, "y": i * 80}},
        {"id": s, "kind": "consumer_group", "name": f"reader {i}", "instances": 4, "processing_ms_per_record": 1.5,
         "position": {"x": 600, "y": i * 80}},
        {"id": g, "kind": "sink_connector", "name": f"sink {i}", "instances": 2, "position": {"x": 600, "y": i * 80 + 40}},
    ]
    edges += [{"from": p, "to": t}, {"from": t, "to": s}, {"from": t, "to": g}]
    i += 1
json.dump({"schema": "kafka-design/v1", "name": f"bench {n} nodes", "nodes": nodes, "edges": edges}, sys.stdout)
