#!/usr/bin/env bash
# Target killed mid-load: serve in one process, load it, kill -9 the server once runs complete, time the load's exit.
# Run from the repository root: examples/faults/kill-target.sh [PORT] [DIR]
set -u
P=${1:-28931}; D=${2:-${TMPDIR:-/tmp}/crosstalk-kill-target}
rm -rf "$D"; mkdir -p "$D"
export CROSSTALK_JWT_SECRET=kill-target-demo-secret-0123456789ab
./crosstalk serve --manager ssot --port "$P" > "$D/serve.log" 2>&1 & SERVE=$!
until grep -q "ws://" "$D/serve.log"; do sleep 0.2; done
( ./crosstalk load --target "ws://127.0.0.1:$P/ws" --users 100 --sessions-per-user 2 --duration 60s \
    --out "$D/out" > "$D/load.out" 2> "$D/load.err"; echo $? > "$D/load.rc"; date +%s.%N > "$D/load.end" ) &
until grep -qE "runs [1-9][0-9]{3,} done" "$D/load.err" 2>/dev/null; do sleep 0.2; done
date +%s.%N > "$D/kill.time"; kill -9 "$SERVE"
wait
echo "load exit $(cat "$D/load.rc"); $(python3 -c "print('%.2f s' % (float(open('$D/load.end').read())-float(open('$D/kill.time').read())))") from kill -9 to exit"
