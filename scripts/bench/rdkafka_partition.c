/*
 * The other side of scripts/bench-hotspot.sh: Kafka's C client library (librdkafka) assigning
 * keys to partitions with its murmur2 partitioner, the Java client's default for keyed records.
 *
 *   rdkafka_partition KEYS_FILE PARTITIONS
 *
 * Reads one key per line, assigns each with rd_kafka_msg_partitioner_murmur2 and prints the
 * busiest partition's count (so the work cannot be optimised away). Nothing else: no merge of
 * duplicates, no shares, no report. Built by the benchmark from Debian's librdkafka-dev.
 */
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s KEYS_FILE PARTITIONS\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    int32_t partitions = (int32_t)atoi(argv[2]);
    long *counts = calloc((size_t)partitions, sizeof *counts);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long keys = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n') len--;
        int32_t p = rd_kafka_msg_partitioner_murmur2(NULL, line, (size_t)len, partitions, NULL, NULL);
        counts[p]++;
        keys++;
    }
    long busiest = 0;
    for (int32_t p = 0; p < partitions; p++)
        if (counts[p] > busiest) busiest = counts[p];
    printf("%ld keys on %d partitions; the busiest partition has %ld\n", keys, partitions, busiest);
    free(line);
    free(counts);
    fclose(f);
    return 0;
}
