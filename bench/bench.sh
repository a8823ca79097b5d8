#!/usr/bin/env bash
# TRD Outcomes benchmark: generates seeded extracts with the project's own generator, runs the packaged job on
# each in a fresh JVM with a fixed heap, times a plain commons-csv pass over the same files as a whole process (the
# floor: JVM start included, as for the job) and prints one table. Usage: bench/bench.sh [SIZES...]
#   sizes: 10k 100k 1m 5m 20m (default: 10k 100k 1m 5m)
# Environment: JAR (default target/trd-outcomes.jar, with its lib/ beside it), BENCH_DIR (default /tmp/trd-bench: cached extracts, runs),
#              HEAP (default 512m), SEED (default 42), AS_OF (default 2026-11-26), JAVA_OPTS (extra JVM options for
#              the job, e.g. a JFR recording), JOB_ARGS (extra job arguments, e.g. --trd.partition.threads=1).
# job/floor = wall time of the job's process / wall time of the floor's process (the issue's target: <= 4).
# Peak heap: parsed from -Xlog:gc: "peak" is the largest heap occupancy seen before a collection (what the heap
# really had to hold, garbage included), "live" the largest occupancy after one (the retained set); both are
# sampled at collections. Peak RSS: "Maximum resident set size" of /usr/bin/time -v.
# Disk: the largest size of the run's database and work folder seen while it ran (polled every 0.5 s), against the
# size of the input.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-target/trd-outcomes.jar}
BENCH_DIR=${BENCH_DIR:-/tmp/trd-bench}
HEAP=${HEAP:-512m}
SEED=${SEED:-42}
AS_OF=${AS_OF:-2026-11-26}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10k 100k 1m 5m)

if [ ! -f "$JAR" ]; then
    echo "Building $JAR ..." >&2
    mvn -q -B -DskipTests package >&2
fi
mkdir -p "$BENCH_DIR/lib" "$BENCH_DIR/data" "$BENCH_DIR/runs" "$BENCH_DIR/floor"
JAR=$(realpath "$JAR")
if ! ls "$BENCH_DIR"/lib/commons-csv-*.jar >/dev/null 2>&1; then
    if [ -d "$(dirname "$JAR")/lib" ]; then  # the build's layout: the jar, its dependencies in lib/ beside it
        cp "$(dirname "$JAR")"/lib/commons-{csv,io,codec}-*.jar "$BENCH_DIR/lib/"
    else  # an executable jar with nested dependencies (release 0.1)
        (cd "$BENCH_DIR/lib" && unzip -o -q -j "$JAR" 'BOOT-INF/lib/commons-csv-*.jar' 'BOOT-INF/lib/commons-io-*.jar' \
            'BOOT-INF/lib/commons-codec-*.jar')
    fi
fi
FLOOR_CP=$(ls "$BENCH_DIR"/lib/*.jar | tr '\n' ':')
# compiled once: a source-file launch would add the compiler's second to the floor
javac -d "$BENCH_DIR/floor" -cp "$FLOOR_CP" bench/ParseFloor.java
FLOOR_CP="$FLOOR_CP$BENCH_DIR/floor"

patients_for() {  # about 2.65 trial rows per patient with the generator's defaults
    case "$1" in
        10k) echo 3800 ;; 100k) echo 38000 ;; 1m) echo 378000 ;; 5m) echo 1890000 ;; 20m) echo 7560000 ;;
        *) echo "unknown size $1 (10k 100k 1m 5m 20m)" >&2; exit 2 ;;
    esac
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
TABLE="$BENCH_DIR/results-$(date +%Y%m%d-%H%M%S).md"
{
echo "| size | trial rows | patients | check s | ingest s | classify s | reconcile s | report s | wall s | CPU s | rows/s | floor wall s | parse s | job/floor | peak heap MB | live heap MB | peak RSS MB | input MB | peak disk MB | workbook MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
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
    input_mb=$(du -sm "$DATA" | cut -f1)

    RUN="$BENCH_DIR/runs/$size-$(date +%H%M%S)"
    rm -rf "$RUN"; mkdir -p "$RUN"
    echo "Running the job on $size ($rows trial rows), logs in $RUN ..." >&2
    ( peak=0; while [ ! -f "$RUN/.done" ]; do
          d=$( (du -sm "$RUN/db.mv.db" "$RUN/work" 2>/dev/null || true) | awk '{s += $1} END {print s + 0}')
          [ "$d" -gt "$peak" ] && peak=$d && echo "$peak" > "$RUN/disk.txt"; sleep 0.5
      done ) &
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$RUN/time.txt" java -Xmx$HEAP -Xlog:gc:file="$RUN/gc.log" ${JAVA_OPTS:-} -jar "$JAR" \
        --input="$DATA" --output="$RUN/out" --as-of="$AS_OF" --spring.datasource.url="jdbc:h2:file:$RUN/db" \
        --trd.work-dir="$RUN/work" ${JOB_ARGS:-} > "$RUN/job.log" 2>&1 || true
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    touch "$RUN/.done"; wait
    step() { grep -oP "Step $1 COMPLETED in \K[0-9.]+" "$RUN/job.log" || echo NA; }
    sk=$(step check); si=$(step ingest); sc=$(step classify); sr=$(step reconcile); sp=$(step report)
    if [ "$sp" = NA ]; then echo "The job on $size did not complete; see $RUN/job.log" >&2; tail -20 "$RUN/job.log" >&2; fi
    patients=$(grep -oP 'Summary: \K[0-9]+' "$RUN/job.log" || echo NA)
    # gc log: "... 300M->50M(512M) 3.2ms": before -> after (committed)
    peak=$(grep -oP '[0-9]+M->[0-9]+M' "$RUN/gc.log" | awk -F'M->|M' 'BEGIN{m=0} {if ($1>m) m=$1} END{print m}')
    live=$(grep -oP '[0-9]+M->[0-9]+M' "$RUN/gc.log" | awk -F'M->|M' 'BEGIN{m=0} {if ($2>m) m=$2} END{print m}')
    rss_kb=$(grep 'Maximum resident set size' "$RUN/time.txt" | awk '{print $NF}')
    cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.1f", t}' "$RUN/time.txt")
    disk=$(cat "$RUN/disk.txt" 2>/dev/null || echo 0)
    book=$(ls "$RUN"/out/trd-outcomes-2*.xlsx 2>/dev/null | head -1)
    book_mb=$([ -n "$book" ] && echo "scale=1; $(stat -c %s "$book") / 1048576" | bc || echo NA)

    echo "Timing the parse floor on $size ..." >&2
    fstart=$(date +%s.%N)
    parse=$(java -Xmx$HEAP -cp "$FLOOR_CP" ParseFloor "$DATA" 1 | awk '{print $3}')
    floor=$(echo "$(date +%s.%N) - $fstart" | bc)
    rate=$(echo "$rows / $wall" | bc 2>/dev/null || echo NA)
    ratio=$(echo "scale=2; $wall / $floor" | bc 2>/dev/null || echo NA)
    printf '| %s | %d | %s | %s | %s | %s | %s | %s | %.1f | %s | %s | %.2f | %s | %s | %s | %s | %d | %s | %s | %s |\n' \
        "$size" "$rows" "$patients" "$sk" "$si" "$sc" "$sr" "$sp" "$wall" "$cpu" "$rate" "$floor" "$parse" "$ratio" \
        "$peak" "$live" $((rss_kb / 1024)) "$input_mb" "$disk" "$book_mb" >> "$TABLE"
    rm -rf "$RUN/db".*.db "$RUN/out" "$RUN/work"   # keep logs, drop the database, work files and workbook
done

echo
echo "Machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "Date: $(date -Iseconds)  Command: bench/bench.sh ${SIZES[*]}  Heap: -Xmx$HEAP  Seed: $SEED  Job args: ${JOB_ARGS:-none}"
echo "steps: Step X COMPLETED in N s from the log; wall s = the job's whole process (JVM and Spring start included);"
echo "CPU s = user+sys of the process (all threads); floor wall s = a whole-process commons-csv pass (one pass, JVM"
echo "start included), parse s = its parse alone; job/floor = wall s / floor wall s; load before: $LOAD_BEFORE"
cat "$TABLE"
