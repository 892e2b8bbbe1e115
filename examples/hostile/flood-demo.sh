#!/usr/bin/env bash
# Issue 14's "Must show": a ping flood and an invalid-JSON flood from one authenticated client, 60 s each,
# against `crosstalk serve` at -Xmx512m, while a second set of users runs the golden path with `crosstalk load`.
# Prints, per phase: the victims' run latency (p50/p99), the flooder's connections and disconnects, and the
# server's largest used heap (jstat, every 2 s). Needs the crosstalk jar built (./crosstalk builds it).
#
#   examples/hostile/flood-demo.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-60}"
port=18765
secret="flood-demo-secret-$RANDOM$RANDOM"
out="$(mktemp -d "${TMPDIR:-/tmp}/flood-demo.XXXXXX")"
CROSSTALK_JAVA_OPTS="-Xmx512m" ./crosstalk serve --manager ssot --port "$port" --jwt-secret "$secret" \
  >"$out/server.out" 2>&1 &
server=$!
trap 'kill "$server" "${jstat:-}" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "crosstalk serve:" "$out/server.out" && break; sleep 0.2; done
jstat -gc "$server" 2000 >"$out/jstat.log" &
jstat=$!

# Used heap (S0U+S1U+EU+OU, MB) at its largest since line $1 of the jstat log.
max_heap() { awk -v from="$1" 'NR > from && $1 ~ /^[0-9.]+$/ { u = ($3 + $4 + $6 + $8) / 1024; if (u > m) m = u }
  END { printf "%.0f MB", m }' "$out/jstat.log"; }
load() {
  CROSSTALK_SKIP_BUILD=1 ./crosstalk load --target "ws://127.0.0.1:$port/ws" --jwt-secret "$secret" --users 4 \
    --sessions-per-user 1 --duration "${secs}s" --out "$out/$1" --quiet >"$out/$1.out" 2>&1 || true
  grep -E "^  run +n=|findings|exit" "$out/$1.out" | sed "s/^/  $1: /"
}
for phase in baseline ping invalid-json; do
  from=$(wc -l <"$out/jstat.log")
  echo "== $phase"
  if [[ "$phase" != baseline ]]; then
    java examples/hostile/Flood.java "ws://127.0.0.1:$port/ws" "$secret" "$phase" "$((secs + 2))" \
      >"$out/flood-$phase.out" 2>&1 &
    flood=$!
    sleep 2
  fi
  load "$phase"
  if [[ "$phase" != baseline ]]; then
    wait "$flood" || true
    tail -1 "$out/flood-$phase.out" | sed "s/^/  flooder: /"
  fi
  echo "  server heap used, max: $(max_heap "$from") (cap 512 MB)"
done
echo "server alive: $(kill -0 "$server" 2>/dev/null && echo yes || echo no); files in $out"
