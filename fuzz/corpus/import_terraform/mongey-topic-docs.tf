resource "kafka_topic" "example" {
  name               = "example-topic"
  replication_factor = 3
  partitions         = 10
}


resource "kafka_topic" "logs" {
  name               = "application-logs"
  replication_factor = 3
  partitions         = 50

  config = {
    "retention.ms"     = "604800000" # 7 days
    "segment.ms"       = "86400000"  # 1 day
    "cleanup.policy"   = "delete"
    "compression.type" = "gzip"
  }
}

resource "kafka_topic" "events" {
  name               = "user-events"
  replication_factor = 3
  partitions         = 100

  config = {
    "cleanup.policy"        = "compact"
    "retention.ms"          = "-1"       # Keep forever
    "min.compaction.lag.ms" = "3600000"  # 1 hour
    "delete.retention.ms"   = "86400000" # 1 day tombstone retention
    "compression.type"      = "lz4"
    "segment.bytes"         = "1073741824" # 1GB segments
  }
}

resource "kafka_topic" "metrics" {
  name               = "system-metrics"
  replication_factor = 2
  partitions         = 200

  config = {
    "retention.ms"                   = "86400000" # 1 day
    "segment.ms"                     = "3600000"  # 1 hour
    "compression.type"               = "lz4"
    "max.message.bytes"              = "1048576" # 1MB
    "min.insync.replicas"            = "2"
    "unclean.leader.election.enable" = "false"
  }
}

resource "kafka_topic" "confluent" {
  name               = "confluent"
  replication_factor = -1
  partitions         = 10

  config = {
    "confluent.placement.constraints" = "{\"version\": 1, \"replicas\":[{\"count\": 1, \"constraints\": {\"rack\": \"rack-1\"}}], \"observers\":[{\"count\": 1, \"constraints\": {\"rack\": \"rack-2\"}}]}"
  }
}
