#!/usr/bin/env bash
# One load split over 4 driver processes against one server, then merged — what an Indexed Job of 4 pods does
# (examples/k8s/), on one machine:
#
#   crosstalk serve --manager MANAGER            one server, one secret
#   crosstalk load --shard i/4 --target …        i = 0..3, side by side, each its slice of the users
#   crosstalk merge shard-0 … shard-3 -o merged  one load, as if one driver had run it
#
# then prints each shard's counts and run p99 beside the merged ones, checks that the merged counts are the sums,
# and reads the merged latency.hlog with HdrHistogram's own HistogramLogProcessor (an independent reading of the
# summed histograms: its p99 must be the merged summary's).
#
# Usage: examples/shards/four-shards.sh MANAGER OUT [load options…]   e.g. ssot /tmp/shards --users 400
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
ct="$here/crosstalk"
manager="${1:?usage: four-shards.sh MANAGER OUT [load options...]}"
out="${2:?usage: four-shards.sh MANAGER OUT [load options...]}"
shift 2
extra=("$@")
[ ${#extra[@]} -eq 0 ] && extra=(--users 400 --sessions-per-user 2 --runs-per-session 10)
port=$((20000 + RANDOM % 20000))
secret="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
rm -rf "$out"; mkdir -p "$out"

"$ct" --version > /dev/null   # builds the jars once, before anything is timed
CROSSTALK_JWT_SECRET="$secret" "$ct" serve --manager "$manager" --port "$port" > "$out/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null || true; wait $serve 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done

pids=()
for i in 0 1 2 3; do
  CROSSTALK_JWT_SECRET="$secret" "$ct" load --target "ws://127.0.0.1:$port/ws" --shard "$i/4" --quiet \
    --out "$out/shard-$i" "${extra[@]}" > "$out/shard-$i.log" 2>&1 &
  pids+=($!)
done
codes=()
for p in "${pids[@]}"; do
  c=0; wait "$p" || c=$?
  codes+=("$c")
done
echo "shards' exit codes: ${codes[*]}"
c=0; "$ct" merge "$out"/shard-{0,1,2,3} -o "$out/merged" > "$out/merge.log" 2>&1 || c=$?
cat "$out/merge.log"; echo "merge exit code: $c"

python3 - "$out" <<'PY'
import csv, json, sys
out = sys.argv[1]
def load(d):
    return json.load(open(f"{out}/{d}/summary.json"))
shards = [load(f"shard-{i}") for i in range(4)]
m = load("merged")
print(f"{'':8} {'users':>6} {'runs':>7} {'events':>8} {'leaks':>6} {'losses':>6} {'run count':>9} {'run p99 µs':>11}")
for name, s in [(f"shard-{i}", s) for i, s in enumerate(shards)] + [("merged", m)]:
    r = s["latency"]["run"]
    print(f"{name:8} {s['users']:>6} {s['runs']['completed']:>7} {s['events']:>8} {s['findings']['leaks']:>6}"
          f" {s['findings']['losses']:>6} {r['count']:>9} {r['p99_us']:>11}")
for key, get in [("users", lambda s: s["users"]), ("completed runs", lambda s: s["runs"]["completed"]),
                 ("events", lambda s: s["events"]), ("leaks", lambda s: s["findings"]["leaks"]),
                 ("losses", lambda s: s["findings"]["losses"]), ("run count", lambda s: s["latency"]["run"]["count"])]:
    total = sum(get(s) for s in shards)
    print(f"{key}: sum of shards {total}, merged {get(m)} -> {'equal' if total == get(m) else 'DIFFERENT'}")
owners = {}
for i in range(4):
    for row in csv.DictReader(open(f"{out}/shard-{i}/per-user.csv")):
        if int(row["runs"]) > 0:
            owners[row["user"]] = i
cross = 0
for i in range(4):
    for line in open(f"{out}/shard-{i}/leaks.jsonl"):
        rec = json.loads(line)
        if owners.get(rec["owning_user"], i) != i:
            cross += 1
print(f"leak records whose owner ran on another shard, attributed by name: {cross};"
      f" leaks of an unknown owner: {sum(s['details']['leaks_unknown_owner'] for s in shards)}")
PY
# The merged p99 recomputed independently: HdrHistogram's own log reader over the four shards' logs, their run
# histograms added, the 99th percentile read off the sum (jshell, in every JDK).
jar="$here/harness/target/crosstalk.jar"
jsh="$out/p99.jsh"
cat > "$jsh" <<JSH
import org.HdrHistogram.*;
var sum = new Histogram(3); sum.setAutoResize(true);
for (int i = 0; i < 4; i++) {
  var r = new HistogramLogReader("$out/shard-" + i + "/latency.hlog");
  EncodableHistogram h;
  while ((h = r.nextIntervalHistogram()) != null) { if ("run".equals(h.getTag())) sum.add((Histogram) h); }
}
System.out.printf("HdrHistogram over the 4 shards' logs, tag run, added: count %d, p99 %.1f µs%n", sum.getTotalCount(), Math.round(sum.getValueAtPercentile(99) / 100.0) / 10.0);
/exit
JSH
jshell --class-path "$jar" "$jsh" 2>&1 | grep -v '^|\|prefs\|^INFO:' || true
