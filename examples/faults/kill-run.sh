#!/usr/bin/env bash
# kill -9 of `crosstalk run` during bench: are the JMH children (and their forks) gone 5 s later, is $LOCK free?
set -u
D=${1:-${TMPDIR:-/tmp}/crosstalk-kill-run}; rm -rf "$D"; mkdir -p "$D/tmp"; LOCK=$D/tmp/jmh.lock; touch $LOCK
cd "$(dirname "$0")/../.."
JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$D/tmp" ./crosstalk run --profile smoke --quiet --out "$D/archives" > "$D/run.out" 2> "$D/run.err" & RUN=$!
echo "crosstalk run: pid $RUN"
# wait for JMH's host JVM (benchmarks.jar) among the run's descendants
while :; do
  tree=$(pgrep -P $RUN; for p in $(pgrep -P $RUN); do pgrep -P $p; for q in $(pgrep -P $p); do pgrep -P $q; done; done)
  jmh=$(for p in $tree; do tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null | grep -q benchmarks.jar && echo $p; done | head -1)
  [ -n "$jmh" ] && break
  kill -0 $RUN 2>/dev/null || { echo "run ended before bench"; exit 1; }
  sleep 1
done
sleep 8   # let JMH fork its measurement JVM
tree=$(pgrep -P $RUN; for p in $(pgrep -P $RUN); do pgrep -P $p; for q in $(pgrep -P $p); do pgrep -P $q; done; done)
echo "before kill -9: the run's descendants:"; for p in $tree; do echo "  $p $(tr '\0' ' ' < /proc/$p/cmdline | cut -c1-150)"; done
python3 -c "
import fcntl,os
fd=os.open('$LOCK', os.O_RDWR)
try: fcntl.lockf(fd, fcntl.LOCK_EX|fcntl.LOCK_NB); print('$LOCK: free'); fcntl.lockf(fd, fcntl.LOCK_UN)
except OSError as e: print('$LOCK: held (%s)' % e.strerror)"
kill -9 $RUN; echo "kill -9 $RUN at $(date +%T.%N | cut -c1-12)"
sleep 5
left=$(for p in $tree; do kill -0 $p 2>/dev/null && echo $p; done)
echo "5 s later, still alive: ${left:-none}"
python3 -c "
import fcntl,os
fd=os.open('$LOCK', os.O_RDWR)
try: fcntl.lockf(fd, fcntl.LOCK_EX|fcntl.LOCK_NB); print('$LOCK: free'); fcntl.lockf(fd, fcntl.LOCK_UN)
except OSError as e: print('$LOCK: held (%s)' % e.strerror)"
