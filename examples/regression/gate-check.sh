#!/usr/bin/env bash
# Does `crosstalk compare` gate honestly on THIS machine? Before a pipeline fails a build on a benchmark regression,
# measure the gate itself, the way benchstat users check their noise: run the nightly benchmarks of one build again
# and again and compare them.
#
#   A/A    three pairs of bench-only nightly archives of identical code: every finding is a false alarm (issue 13:
#          0 in total, or at most 1 across the three with its interval shown)
#   power  the system under test made slower by a known, fixed amount (-Dcrosstalk.sut.extra-work-tokens, see
#          manager/.../ssot/ExtraWork.java): 10 % and 25 % more time per coldCreate, three archives each, each
#          compared with a plain one (the 25 % one should be flagged 3 of 3, the 10 % one at least 2 of 3, with
#          intervals that contain the true ratio)
#   trend  the six plain archives then the three 25 % ones, in time order: one change point, at the first 25 % one
#
# Usage: examples/regression/gate-check.sh OUT [PHASE...]
#   PHASES (default: all, in this order): calibrate plain p25 p10 report
#   calibrate measures coldCreate plain and with 2000 tokens (the cost of a token), then with the tokens it chose for
#   +10 % and +25 % (the true ratios, calibration/truth.txt); measure it on the machine of the power archives
#   Each phase keeps what is already in OUT (archives, calibration) and only adds what is missing, so a campaign
#   (about 12 bench-only nightly runs of ~17 min on 2 cores, 3.5 h) can be split over several sittings on machines
#   of one kind, and an interrupted one resumed. Run it on a quiet machine: it measures the machine as much as the
#   code. Every archive records its commit; `report` refuses a mix of commits.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
ct="$here/crosstalk"
out="${1:?usage: gate-check.sh OUT [calibrate|plain|p25|p10|report]...}"
shift
phases=("$@")
[ ${#phases[@]} -eq 0 ] && phases=(calibrate plain p25 p10 report)
mkdir -p "$out"/{plain,p10,p25,calibration}

count() { ls "$1"/*.zip 2>/dev/null | wc -l; }

# ns/op of CreationBenchmark.coldCreate over ssot with $1 extra-work tokens: the median of its forks' medians (the
# fork is the sample, as compare takes it; a mean over forks would carry one slow fork's JIT luck into the tokens)
cold_create() {
  local dir="$out/calibration/tokens-$1" opts=()
  [ "$1" -gt 0 ] && opts=(env "JAVA_TOOL_OPTIONS=-Dcrosstalk.sut.extra-work-tokens=$1")
  if [ ! -s "$dir/jmh.json" ]; then
    "${opts[@]}" "$ct" bench --profile nightly --quiet \
      --benchmarks 'CreationBenchmark\.coldCreate$' --manager ssot --out "$dir" >&2
  fi
  python3 - "$dir/jmh.json" <<'EOF'
import json, statistics, sys
rows = [r for r in json.load(open(sys.argv[1])) if r.get("params", {}).get("manager") == "ssot"]
forks = [statistics.median(f) for f in rows[0]["primaryMetric"]["rawData"]]
print(statistics.median(forks))
EOF
}

calibrate() {
  # The added work is linear in its tokens (JMH's consumeCPU): two points give the tokens for +10 % and +25 %.
  local probe=2000 t0 t1
  t0=$(cold_create 0)
  t1=$(cold_create $probe)
  python3 - "$t0" "$t1" "$probe" > "$out/calibration/tokens.env" <<'EOF'
import sys
t0, t1, probe = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
per_token = (t1 - t0) / probe
if per_token <= 0:
    sys.exit(f"calibration failed: coldCreate {t0} ns/op plain, {t1} ns/op with {probe} tokens")
print(f"# coldCreate over ssot: {t0:.1f} ns/op plain, {t1:.1f} with {probe} tokens: {per_token:.4f} ns a token")
print(f"N10={round(0.10 * t0 / per_token)}")
print(f"N25={round(0.25 * t0 / per_token)}")
EOF
  cat "$out/calibration/tokens.env"
  # The work is linear in the tokens only roughly at a handful of them (loop set-up, the call itself), and at a
  # 37 ns creation one token is ~7 %: the ratio each level really adds is measured, not extrapolated. These are
  # the "true ratios" the power pairs' intervals must contain (the same 5-fork run as a nightly's coldCreate).
  # shellcheck disable=SC1091
  . "$out/calibration/tokens.env"
  local r10 r25
  r10=$(cold_create "$N10"); r25=$(cold_create "$N25")
  python3 - "$t0" "$r10" "$r25" "$N10" "$N25" <<'EOF2' | tee "$out/calibration/truth.txt"
import sys
t0, r10, r25, n10, n25 = map(float, sys.argv[1:])
print(f"coldCreate over ssot, median of 5 fork medians: plain {t0:.2f} ns/op; {int(n10)} tokens {r10:.2f} (x{r10 / t0:.3f});"
      f" {int(n25)} tokens {r25:.2f} (x{r25 / t0:.3f})")
# A campaign on levels that are not what they claim measures nothing: measured 2026-12-06, 1 and 4 tokens gave
# x1.040 and x1.435 where the linear calibration promised 1.10 and 1.25 (docs/results.md, "The power's knob").
if abs(r10 / t0 - 1.10) > 0.04 or abs(r25 / t0 - 1.25) > 0.07:
    sys.exit(f"gate-check: the chosen tokens do not give +10 % and +25 % here (x{r10 / t0:.3f}, x{r25 / t0:.3f});"
             " the work is not linear at this size: no power campaign on these levels")
EOF2
}

# Bench-only nightly archives into $1 until it holds $2, with $3 extra-work tokens.
archives() {
  local dir="$out/$1" want=$2 tokens=$3
  while [ "$(count "$dir")" -lt "$want" ]; do
    echo "gate-check: $1 archive $(( $(count "$dir") + 1 )) of $want ($(date -u +%H:%M:%S) UTC, tokens $tokens)" >&2
    local opts=()
    [ "$tokens" -gt 0 ] && opts=(env "JAVA_TOOL_OPTIONS=-Dcrosstalk.sut.extra-work-tokens=$tokens")
    "${opts[@]}" "$ct" run --profile nightly --parts bench --quiet --out "$dir" >&2
  done
}

tokens() {
  [ -s "$out/calibration/tokens.env" ] || { echo "gate-check: calibrate first" >&2; exit 2; }
  # shellcheck disable=SC1091
  . "$out/calibration/tokens.env"
  eval "echo \$$1"
}

report() {
  local plain=("$out"/plain/*.zip) p10=("$out"/p10/*.zip) p25=("$out"/p25/*.zip) i code
  echo "== A/A: identical code, every finding false"
  for i in 0 2 4; do
    [ -e "${plain[$((i + 1))]:-}" ] || break
    code=0; "$ct" compare "${plain[$i]}" "${plain[$((i + 1))]}" > "$out/aa-$((i / 2 + 1)).txt" || code=$?
    echo "pair $((i / 2 + 1)): exit $code; $(grep -c '  REGRESSION' "$out/aa-$((i / 2 + 1)).txt" || true) benchmarks flagged as a regression ($out/aa-$((i / 2 + 1)).txt)"
    grep -E '  REGRESSION|MULTI-MODAL' "$out/aa-$((i / 2 + 1)).txt" || true
  done
  for level in p25 p10; do
    local -n cands=$level
    echo "== power: $level against plain"
    for i in 0 1 2; do
      [ -e "${cands[$i]:-}" ] || break
      code=0; "$ct" compare "${plain[$i]}" "${cands[$i]}" > "$out/$level-$((i + 1)).txt" || code=$?
      echo "pair $((i + 1)): exit $code ($out/$level-$((i + 1)).txt)"
      grep -E 'coldCreate' "$out/$level-$((i + 1)).txt" || true
    done
  done
  echo "== trend: the plain archives, then the 25 % ones"
  local t="$out/trend"
  rm -rf "$t"; mkdir -p "$t"
  cp "$out"/plain/*.zip "$out"/p25/*.zip "$t"/
  "$ct" trend "$t" --metric 'bench:.*coldCreate' || true
}

for phase in "${phases[@]}"; do
  case "$phase" in
    calibrate) calibrate ;;
    plain) archives plain 6 0 ;;
    p25) archives p25 3 "$(tokens N25)" ;;
    p10) archives p10 3 "$(tokens N10)" ;;
    report) report ;;
    *) echo "gate-check: unknown phase '$phase' (calibrate, plain, p25, p10, report)" >&2; exit 2 ;;
  esac
done
