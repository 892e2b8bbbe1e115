#!/usr/bin/env python3
# whatif.py CMP.json... : per comparison, the regressions as compare judged them, and what Benjamini-Hochberg over
# every non-oversubscribed row (multi-modal ones included) would flag (q < alpha, HL ratio worse by > threshold)
import json, sys
def bh(ps):
    n = len(ps); order = sorted(range(n), key=lambda i: ps[i]); q = [0.0] * n; prev = 1.0
    for rank in range(n, 0, -1):
        i = order[rank - 1]; prev = min(prev, ps[i] * n / rank); q[i] = prev
    return q
for f in sys.argv[1:]:
    c = json.load(open(f)); alpha = c["alpha"]
    rows = [r for r in c["bench"] if r.get("verdict") not in ("oversubscribed", None) and r.get("p") is not None]
    q = bh([r["p"] for r in rows])
    judged = [r["label"] for r in rows if r["verdict"] == "regression"]
    wi = [(r["label"], r["ratio"], r["ratio_low"], r["ratio_high"], qi) for r, qi in zip(rows, q)
          if qi < alpha and r["ratio"] > 1 + r["threshold_percent"] / 100]
    mm = sum(1 for r in rows if r["verdict"] == "multi-modal")
    print(f"{f.split('/')[-1]}: compare flags {len(judged)} ({mm} of {len(rows)} rows multi-modal); all rows judged: {len(wi)} flagged")
    for l, ra, lo, hi, qi in wi:
        print(f"    {l:58} x{ra:.3f} [{lo:.3f}, {hi:.3f}] q={qi:.4f}")
