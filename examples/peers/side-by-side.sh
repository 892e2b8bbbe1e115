#!/usr/bin/env bash
# crosstalk load, Gatling and Artillery against ONE warmed `crosstalk serve`, one after another, with the same
# workload (closed model: USERS users x 1 session x RUNS runs, connects spread over RAMP_S seconds), and the figures
# side by side: CPU per completed run, run latency p50 / p99, failures, and what each client cost the server.
# Method and measured figures: docs/peers.md.
#
#   PEERWORK=/tmp/peerwork examples/peers/side-by-side.sh                  # 5000 x 5 over 25 s, one repetition
#   USERS=1000 RAMP_S=5 REPS=3 PEERWORK=/tmp/peerwork examples/peers/side-by-side.sh
#   CLIENTS="crosstalk artillery" PEERWORK=... examples/peers/side-by-side.sh    # a subset
#
# Env (defaults): USERS=5000 RUNS=5 RAMP_S=25 REPS=1 WARMUPS=3 CLIENTS="crosstalk gatling artillery"
#                 PORT=18800 SECRET=side-by-side-secret CT_OPTS="" (extra crosstalk load options)
#                 OUT=$PEERWORK/side-by-side-<time>  PEERWORK (scratch: node_modules, Gatling build, results)
# Needs: a JDK 17+ (crosstalk, Gatling), Maven (the Gatling kit's build), Node 20+ with artillery@2.0.34 and
# ws@8.23.0 in $PEERWORK/node_modules (one-time setup below), python3, /usr/bin/time. Loopback only.
#
# One-time setup:
#   mkdir -p $PEERWORK && (cd $PEERWORK && echo '{"private":true}' > package.json &&
#     PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install artillery@2.0.34 ws@8.23.0)
#   (the Gatling kit is compiled and its classpath written by this script on its first run)
: "${PEERWORK:?set PEERWORK to a scratch folder (see the header of this script)}"
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
USERS=${USERS:-5000} RUNS=${RUNS:-5} RAMP_S=${RAMP_S:-25} REPS=${REPS:-1} WARMUPS=${WARMUPS:-3}
CLIENTS=${CLIENTS:-crosstalk gatling artillery} PORT=${PORT:-18800} SECRET=${SECRET:-side-by-side-secret}
OUT=${OUT:-$PEERWORK/side-by-side-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
NODE_MODULES=$PEERWORK/node_modules
HZ=$(getconf CLK_TCK)

die() { echo "side-by-side: $*" >&2; exit 2; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
command -v python3 >/dev/null || die "python3 is missing"
for c in $CLIENTS; do
  case $c in
    crosstalk) ;;
    gatling) command -v mvn >/dev/null || die "gatling needs Maven (mvn) to build the kit" ;;
    artillery) [[ -x $NODE_MODULES/.bin/artillery ]] || die "no $NODE_MODULES/.bin/artillery: see the one-time setup" ;;
    *) die "unknown client '$c' (crosstalk, gatling, artillery)" ;;
  esac
done

# ---- build what the clients need, before anything is measured ---------------------------------------------
(cd "$ROOT" && ./crosstalk --version >/dev/null) || die "crosstalk did not build"
export CROSSTALK_SKIP_BUILD=1
if [[ " $CLIENTS " == *" gatling "* && ! -s $PEERWORK/gatling-cp.txt ]]; then
  echo "building the Gatling kit (once) ..."
  (cd "$HERE/gatling" && mvn -q -B -Dpeers.buildDir="$PEERWORK/gatling-target" test-compile \
     dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PEERWORK/gatling-cp.txt") \
     > "$OUT/gatling-build.log" 2>&1 || die "the Gatling kit did not build: $OUT/gatling-build.log"
fi
# The JVM options gatling-maven-plugin 4.21.12 gives its forked JVM on Java 17.
GJVM=(-Xmx1G -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12
      --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED)

# ---- the server ------------------------------------------------------------------------------------------
# The subshell and ./crosstalk both exec, so $SERVER is the server's JVM itself.
(cd "$ROOT" && exec ./crosstalk serve --manager ssot --port "$PORT" --jwt-secret "$SECRET") > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.2; done
(exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null || die "crosstalk serve did not listen on 127.0.0.1:$PORT: $OUT/server.log"
server_ticks() { awk '{print $14+$15}' "/proc/$SERVER/stat"; }

ct_load() {  # DIR USERS RAMP_S [options]
  local dir=$1 users=$2 ramp=$3; shift 3
  (cd "$ROOT" && exec ./crosstalk load --target "ws://127.0.0.1:$PORT/ws" --jwt-secret "$SECRET" --users "$users" \
     --sessions-per-user 1 --runs-per-session "$RUNS" --ramp-up "${ramp}s" --out "$dir" --quiet "$@")
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1)"
echo "server: crosstalk serve --manager ssot on 127.0.0.1:$PORT (pid $SERVER); warming it with $WARMUPS loads of 1000 x $RUNS"
for w in $(seq "$WARMUPS"); do
  ct_load "$OUT/warmup-$w" 1000 3 >/dev/null 2>&1 || echo "  warm-up $w: exit $?"
done

# ---- the clients -------------------------------------------------------------------------------------------
# Each times its client into $OUT/<name>.time ("wall user sys maxrss") and writes "completed p50_ms p99_ms
# failures" into $OUT/<name>.figures.
TIMED=(/usr/bin/time -f "%e %U %S %M" -o)
run_crosstalk() {
  local d=$OUT/$1
  "${TIMED[@]}" "$d.time" bash -c "$(declare -f ct_load); ROOT='$ROOT' PORT='$PORT' SECRET='$SECRET' RUNS='$RUNS' \
    ct_load '$d' '$USERS' '$RAMP_S' ${CT_OPTS:-}" > "$d.log" 2>&1
  echo $? > "$d.rc"
  python3 - "$d/summary.json" > "$d.figures" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
f = s["findings"]; r = s["latency"]["run"]
fail = sum(v for v in f.values() if isinstance(v, (int, float))) + sum(s.get("errors", {}).values())
print(s["runs"]["completed"], r["p50_us"] / 1000, r["p99_us"] / 1000, fail)
PY
}
run_gatling() {
  local d=$OUT/$1 cp; cp="$PEERWORK/gatling-target/test-classes:$(cat "$PEERWORK/gatling-cp.txt")"
  mkdir -p "$d"
  "${TIMED[@]}" "$d.time" java "${GJVM[@]}" -Dhost=127.0.0.1 -Dport="$PORT" -Dusers="$USERS" -DsessionsPerUser=1 -DrunsPerSession="$RUNS" \
    -Dsecret="$SECRET" -DrampSeconds="$RAMP_S" -DawaitSeconds=10 -DmaxDurationSeconds=300 -cp "$cp" \
    io.gatling.app.Gatling -s peers.golden.GoldenPathSimulation -rf "$d" -nr > "$d.log" 2>&1
  echo $? > "$d.rc"
  # The HTML report (timed apart: a user may skip it) is where the per-request percentiles are.
  local run; run=$(ls -d "$d"/*/ | head -1)
  /usr/bin/time -f "%e %U %S %M" -o "$d.report-time" java "${GJVM[@]}" -cp "$cp" io.gatling.app.Gatling \
    -rf "$d" -ro "$(basename "$run")" > "$d.report.log" 2>&1
  python3 "$HERE/gatling/gatling-stats.py" "$run" --json | python3 -c '
import json, sys
rows = {r["request"]: r for r in json.load(sys.stdin)["rows"]}
done = rows["agent_completed"]
print(done["ok"], done["p50"], done["p99"], rows["All Requests"]["ko"])' > "$d.figures"
}
run_artillery() {
  local d=$OUT/$1
  (cd "$HERE/artillery" && exec "${TIMED[@]}" "$d.time" env QUEUE_FRAMES=1 AUTH_MODE=header PORT="$PORT" JWT_SECRET="$SECRET" USERS="$USERS" \
     RAMP_S="$RAMP_S" RUNS="$RUNS" ARTILLERY_HOME="$NODE_MODULES/artillery" ARTILLERY_DISABLE_TELEMETRY=true \
     "$NODE_MODULES/.bin/artillery" run --output "$d.json" golden-path.yml) > "$d.log" 2>&1
  echo $? > "$d.rc"
  python3 - "$d.json" > "$d.figures" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["aggregate"]
c = a["counters"]; r = a["summaries"]["golden.run_ms"]
print(c.get("golden.runs_completed", 0), r["p50"], r["p99"], c.get("vusers.failed", 0))
PY
}

printf '\n%-10s %3s %7s %7s %7s %9s %8s %8s %5s %9s %3s\n' client rep wall_s cpu_s runs ms/run p50_ms p99_ms fail server_s rc \
  | tee "$OUT/table.txt"
read -r -a order <<< "$CLIENTS"
for rep in $(seq "$REPS"); do
  for c in "${order[@]}"; do
    name=$c-$rep
    before=$(server_ticks)
    "run_$c" "$name"
    rc=$(cat "$OUT/$name.rc" 2>/dev/null || echo "?")
    after=$(server_ticks)
    read -r wall user sys _ < <(tail -1 "$OUT/$name.time")
    read -r done p50 p99 fail < <(tail -1 "$OUT/$name.figures" 2>/dev/null || echo "0 - - -")
    python3 - "$c" "$rep" "$wall" "$user" "$sys" "$done" "$p50" "$p99" "$fail" "$before" "$after" "$HZ" "$rc" <<'PY' \
      | tee -a "$OUT/table.txt"
import sys
c, rep, wall, user, sys_, done, p50, p99, fail, b, a, hz, rc = sys.argv[1:]
cpu = float(user) + float(sys_)
per = "%.3f" % (cpu * 1000 / int(done)) if int(done) > 0 else "-"
def ms(v):
    try:
        return "%.1f" % float(v)
    except ValueError:
        return v
print("%-10s %3s %7.2f %7.2f %7s %9s %8s %8s %5s %9.2f %3s" % (c, rep, float(wall), cpu, done, per, ms(p50), ms(p99), fail,
      (int(a) - int(b)) / int(hz), rc))
PY
  done
  order=("${order[@]:1}" "${order[0]}")   # rotate, so that no client is always first after the warm-up
done
echo
echo "CPU = user+sys of the client's whole process tree (Gatling: the simulation JVM; its report JVM apart in"
echo "$OUT/gatling-*.report-time); runs = completed runs; latencies as each tool measures a run (crosstalk: the"
echo "measured phase, after its warm-up; Gatling: agent_completed, integer ms; Artillery: golden.run_ms)."
echo "results: $OUT"
