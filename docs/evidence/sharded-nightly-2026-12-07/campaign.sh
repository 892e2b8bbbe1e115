#!/bin/bash
# Issue 15 must-show: nightly as 4 shards one after another, then unsharded, merge, compare, report.
cd /tmp/n15
OUT=/work/n15-out
./crosstalk --version > $OUT/version.log 2>&1
for i in 0 1 2 3; do
  s=$(date +%s)
  ./crosstalk run --profile nightly --shard $i/4 --out $OUT/shard-$i > $OUT/run-$i.log 2>&1
  echo "shard $i exit $? seconds $(( $(date +%s) - s )) ended $(date -u +%H:%M:%S)" >> $OUT/times.txt
done
s=$(date +%s)
./crosstalk run --profile nightly --out $OUT/whole > $OUT/run-whole.log 2>&1
echo "whole exit $? seconds $(( $(date +%s) - s )) ended $(date -u +%H:%M:%S)" >> $OUT/times.txt
./crosstalk merge $OUT/shard-*/*.zip -o $OUT/merged > $OUT/merge.log 2>&1; echo "merge exit $?" >> $OUT/times.txt
echo done >> $OUT/times.txt
