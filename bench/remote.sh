#!/usr/bin/env bash
# Remote partitioning benchmark (docs/benchmarks.md "Remote partitioning"): the same extract run locally (threads) and
# with 1, 2 and 4 worker JVMs on this machine, every run on PostgreSQL (a fresh schema each) and, remote, RabbitMQ;
# then a run of many tiny partitions to measure what each partition costs beyond its work.
# Usage: bench/remote.sh [PATIENTS]   (default 190000: about 500,000 trial rows)
# Needs PostgreSQL at 127.0.0.1:5432 (database test, user postgres, trust) and RabbitMQ at 127.0.0.1:5672 guest/guest.
# Environment: JAR (target/trd-outcomes.jar), BENCH_DIR (/tmp/trd-bench-remote), BUCKETS (16), WORKERS ("1 2 4").
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(realpath "${JAR:-target/trd-outcomes.jar}")
BENCH_DIR=${BENCH_DIR:-/tmp/trd-bench-remote}
PATIENTS=${1:-190000}
BUCKETS=${BUCKETS:-16}
WORKERS=${WORKERS:-1 2 4}
AS_OF=2026-11-26
PSQL=(psql -X -q -t -A -h 127.0.0.1 -U postgres test)
mkdir -p "$BENCH_DIR"
DATA="$BENCH_DIR/data-$PATIENTS"
[ -d "$DATA" ] || java -jar "$JAR" generate --output="$DATA" --patients="$PATIENTS" --seed=42 --as-of=$AS_OF >&2
SMALL="$BENCH_DIR/data-2000"
[ -d "$SMALL" ] || java -jar "$JAR" generate --output="$SMALL" --patients=2000 --seed=42 --as-of=$AS_OF >&2
ROWS=$(($(cat "$DATA"/trials*.csv | wc -l) - $(ls "$DATA"/trials*.csv | wc -l)))

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# run NAME INPUT WORKERS BUCKETS [THREADS]: prints "ingest classify job wall sum_classify_partitions classify_partitions
#   manager_steps sum_ingest_partitions" (manager_steps: check + reconcile + report, which stay on the manager)
run() {
    local name=$1 input=$2 workers=$3 buckets=$4 threads=${5:-2}
    local schema="bench_$(date +%s%N | tail -c 9)" queue="bench-$name-$$" dir="$BENCH_DIR/$name"
    rm -rf "$dir"; mkdir -p "$dir"
    "${PSQL[@]}" -c "CREATE SCHEMA $schema"
    local common=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema"
        --spring.datasource.username=postgres --trd.work-dir="$dir/work" --trd.partition.queue="$queue")
    local mode=(--trd.partition.mode=local --trd.partition.threads="$threads")
    if [ "$workers" -gt 0 ]; then
        mode=(--trd.partition.mode=remote --trd.partition.poll-interval=200ms)
        # the first worker migrates the schema; the others start once it has
        for i in $(seq 1 "$workers"); do
            java -Xmx512m -jar "$JAR" worker "${common[@]}" --server.port=0 > "$dir/worker-$i.log" 2>&1 &
            PIDS+=($!)
            until grep -q "Started TrdOutcomesApplication\|Cannot start" "$dir/worker-$i.log"; do sleep 0.5; done
        done
    fi
    local start=$(date +%s.%N)
    java -Xmx512m -jar "$JAR" "${common[@]}" "${mode[@]}" --input="$input" --output="$dir/reports" --as-of=$AS_OF \
        --trd.partition.buckets="$buckets" > "$dir/manager.log" 2>&1
    local wall=$(echo "$(date +%s.%N) - $start" | bc)
    cleanup; PIDS=(); wait 2>/dev/null || true
    step() { grep -o "Step $1 COMPLETED in [0-9.]* s" "$dir/manager.log" | awk '{print $5}'; }
    local job=$("${PSQL[@]}" -c "SELECT EXTRACT(EPOCH FROM END_TIME - START_TIME) FROM $schema.BATCH_JOB_EXECUTION")
    local parts=$("${PSQL[@]}" -c "SELECT ROUND(SUM(EXTRACT(EPOCH FROM END_TIME - START_TIME))::numeric, 2) || ' ' ||
        COUNT(*) FROM $schema.BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'classifyBucket:%'")
    local ingestParts=$("${PSQL[@]}" -c "SELECT ROUND(SUM(EXTRACT(EPOCH FROM END_TIME - START_TIME))::numeric, 2)
        FROM $schema.BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'ingestFile:%'")
    "${PSQL[@]}" -c "DROP SCHEMA $schema CASCADE"
    if [ "$workers" -gt 0 ] && command -v rabbitmqctl > /dev/null; then rabbitmqctl delete_queue "$queue" > /dev/null 2>&1 || true; fi
    local own=$(echo "$(step check) + $(step reconcile) + $(step report)" | bc)
    echo "$(step ingest) $(step classify) $(printf %.2f "$job") $(printf %.1f "$wall") $parts $own $ingestParts"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $ROWS trial rows, $PATIENTS patients, $BUCKETS buckets"
echo "| run | ingest s | classify s | check + reconcile + report s | job s | wall s (with manager start) | ingest partitions, sum s | classify partitions, sum s |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
read -r i c j w cs cn own is <<< "$(run local "$DATA" 0 "$BUCKETS")"
echo "| local, 2 threads | $i | $c | $own | $j | $w | $is | $cs |"
for n in $WORKERS; do
    read -r i c j w cs cn own is <<< "$(run "remote-$n" "$DATA" "$n" "$BUCKETS")"
    echo "| remote, $n worker$([ "$n" -gt 1 ] && echo s) | $i | $c | $own | $j | $w | $is | $cs |"
done

echo
echo "Per-partition overhead: 2000 patients in 64 buckets (tiny partitions), one thread or one worker"
echo "| run | classify s | sum of the partitions' own time s | partitions | overhead per partition ms |"
echo "|---|---:|---:|---:|---:|"
read -r i c j w sum n _ <<< "$(run local-tiny "$SMALL" 0 64 1)"
echo "| local, 1 thread | $c | $sum | $n | $(echo "($c - $sum) * 1000 / $n" | bc) |"
localClassify=$c
read -r i c j w sum n _ <<< "$(run remote-tiny "$SMALL" 1 64)"
echo "| remote, 1 worker | $c | $sum | $n | $(echo "($c - $sum) * 1000 / $n" | bc) |"
echo "remote minus local, per partition: $(echo "($c - $localClassify) * 1000 / $n" | bc) ms"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
