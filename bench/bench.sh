#!/usr/bin/env bash
# TRD Outcomes benchmark: generates seeded extracts with the project's own generator, runs the packaged job on
# each in a fresh JVM with a fixed heap, times a plain commons-csv parse of the same files (the floor) and prints
# one table. Usage: bench/bench.sh [SIZES...]   sizes: 10k 100k 1m 5m (default: all four)
# Environment: JAR (default target/trd-outcomes.jar), BENCH_DIR (default /tmp/trd-bench: cached extracts, runs),
#              HEAP (default 512m), SEED (default 42), AS_OF (default 2026-11-26), FLOOR_PASSES (default 2),
#              JAVA_OPTS (extra JVM options for the job, e.g. a JFR recording).
# Peak heap: parsed from -Xlog:gc: "peak" is the largest heap occupancy seen before a collection (what the heap
# really had to hold, garbage included), "live" the largest occupancy after one (the retained set); both are
# sampled at collections, which with a 512 MB heap happen every few hundred MB of allocation at most.
# Peak RSS: "Maximum resident set size" of /usr/bin/time -v, else VmHWM of /proc/<pid>/status polled every 0.2 s.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/trd-outcomes.jar}
BENCH_DIR=${BENCH_DIR:-/tmp/trd-bench}
HEAP=${HEAP:-512m}
SEED=${SEED:-42}
AS_OF=${AS_OF:-2026-11-26}
FLOOR_PASSES=${FLOOR_PASSES:-2}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10k 100k 1m 5m)

if [ ! -f "$JAR" ]; then
    echo "Building $JAR ..." >&2
    mvn -q -B -DskipTests package >&2
fi
mkdir -p "$BENCH_DIR/lib" "$BENCH_DIR/data" "$BENCH_DIR/runs"
JAR=$(realpath "$JAR")
if ! ls "$BENCH_DIR"/lib/commons-csv-*.jar >/dev/null 2>&1; then
    (cd "$BENCH_DIR/lib" && unzip -o -q -j "$JAR" 'BOOT-INF/lib/commons-csv-*.jar' 'BOOT-INF/lib/commons-io-*.jar' \
        'BOOT-INF/lib/commons-codec-*.jar')
fi
FLOOR_CP=$(ls "$BENCH_DIR"/lib/*.jar | tr '\n' ':')

patients_for() {  # about 2.65 trial rows per patient with the generator's defaults
    case "$1" in
        10k) echo 3800 ;; 100k) echo 38000 ;; 1m) echo 378000 ;; 5m) echo 1890000 ;;
        *) echo "unknown size $1 (10k 100k 1m 5m)" >&2; exit 2 ;;
    esac
}

rss_of() {  # peak RSS in kB of a command, printed on fd 3
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$RUN/time.txt" "$@"
        grep 'Maximum resident set size' "$RUN/time.txt" | awk '{print $NF}' >&3
        awk -F': ' '/User time|System time/ {t += $2} END {printf "%.1f", t}' "$RUN/time.txt" > "$RUN/cpu.txt"
    else
        "$@" & local pid=$! hwm=0
        while kill -0 $pid 2>/dev/null; do
            local v; v=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || true)
            [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v; sleep 0.2
        done
        wait $pid; echo $hwm >&3; echo NA > "$RUN/cpu.txt"
    fi
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TABLE="$BENCH_DIR/results-$(date +%Y%m%d-%H%M%S).md"
{
echo "| size | trial rows | patients | ingest s | reconcile s | classify s | report s | job s | wall s | CPU s | rows/s | floor s | job/floor | peak heap MB | live heap MB | peak RSS MB | workbook MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$TABLE"

for size in "${SIZES[@]}"; do
    n=$(patients_for "$size")
    DATA="$BENCH_DIR/data/$size-p$n-s$SEED"
    if [ ! -f "$DATA/.complete" ]; then
        echo "Generating $size ($n patients) into $DATA ..." >&2
        rm -rf "$DATA"
        java -jar "$JAR" generate --output="$DATA" --patients="$n" --seed="$SEED" --as-of="$AS_OF" >&2
        touch "$DATA/.complete"
    fi
    rows=0
    for f in "$DATA"/trials*.csv; do rows=$((rows + $(wc -l < "$f") - 1)); done

    RUN="$BENCH_DIR/runs/$size-$(date +%H%M%S)"
    rm -rf "$RUN"; mkdir -p "$RUN"
    echo "Running the job on $size ($rows trial rows), logs in $RUN ..." >&2
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    rss_kb=$( { rss_of java -Xmx$HEAP -Xlog:gc:file="$RUN/gc.log" ${JAVA_OPTS:-} -jar "$JAR" --input="$DATA" \
        --output="$RUN/out" --as-of="$AS_OF" --spring.datasource.url="jdbc:h2:file:$RUN/db" > "$RUN/job.log" 2>&1; } 3>&1 )
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    step() { grep -oP "Step $1 COMPLETED in \K[0-9.]+" "$RUN/job.log" || echo NA; }
    si=$(step ingest); sr=$(step reconcile); sc=$(step classify); sp=$(step report)
    if [ "$sp" = NA ]; then echo "The job on $size did not complete; see $RUN/job.log" >&2; tail -20 "$RUN/job.log" >&2; fi
    job=$(echo "$si + $sr + $sc + $sp" | bc 2>/dev/null || echo NA)
    patients=$(grep -oP 'Summary: \K[0-9]+' "$RUN/job.log" || echo NA)
    # gc log: "... 300M->50M(512M) 3.2ms": before -> after (committed)
    peak=$(grep -oP '[0-9]+M->[0-9]+M' "$RUN/gc.log" | awk -F'M->|M' 'BEGIN{m=0} {if ($1>m) m=$1} END{print m}')
    live=$(grep -oP '[0-9]+M->[0-9]+M' "$RUN/gc.log" | awk -F'M->|M' 'BEGIN{m=0} {if ($2>m) m=$2} END{print m}')
    book=$(ls "$RUN"/out/trd-outcomes-2*.xlsx 2>/dev/null | head -1)
    book_mb=$([ -n "$book" ] && echo "scale=1; $(stat -c %s "$book") / 1048576" | bc || echo NA)

    echo "Timing the parse floor on $size ..." >&2
    floor=$(java -Xmx$HEAP -cp "$FLOOR_CP" bench/ParseFloor.java "$DATA" "$FLOOR_PASSES" | awk '{print $3}')
    rate=$(echo "$rows / $job" | bc 2>/dev/null || echo NA)
    ratio=$(echo "scale=2; $job / $floor" | bc 2>/dev/null || echo NA)
    cpu=$(cat "$RUN/cpu.txt")
    printf '| %s | %d | %s | %s | %s | %s | %s | %s | %.1f | %s | %s | %s | %s | %s | %s | %d | %s |\n' "$size" "$rows" "$patients" \
        "$si" "$sr" "$sc" "$sp" "$job" "$wall" "$cpu" "$rate" "$floor" "$ratio" "$peak" "$live" $((rss_kb / 1024)) "$book_mb" >> "$TABLE"
    rm -rf "$RUN/db".*.db "$RUN/out"   # keep logs, drop the database and workbook
done

echo
echo "Machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "Date: $(date -Iseconds)  Command: bench/bench.sh ${SIZES[*]}  Heap: -Xmx$HEAP  Seed: $SEED"
echo "job s = sum of the four steps (JVM and Spring start excluded); wall s = whole process; CPU s = user+sys of the"
echo "whole process (all threads); floor s = best of $FLOOR_PASSES commons-csv passes; load before: $LOAD_BEFORE"
cat "$TABLE"
