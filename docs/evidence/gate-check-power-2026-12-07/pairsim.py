# pairsim.py (run in this folder): what a plain pair of n forks a side would flag, simulated from the campaign's own forks.
# Pools: every fork of the 4 plain ssot-shard nightly archives (20 a row) and of the 3 slowed ones (15 a row).
# A pair = n forks drawn without replacement from each pool (A/A: 2n disjoint plain forks). Judged as compare judges:
# rows with a straddled gap (ForkModes: step > max(10 %, 3 x within-fork spread), >= 2 forks each side) are not
# judged; the rest: Mann-Whitney two-sided, Benjamini-Hochberg at 0.05, flagged if q < 0.05 and the Hodges-Lehmann
# ratio > 1.05. Optimistic: the drift between archives is inside the pools, not between the two sides.
import glob, json, math, random, statistics, sys, zipfile
from scipy.stats import mannwhitneyu
def forks(zp):
    z = zipfile.ZipFile(zp); name = [n for n in z.namelist() if n.endswith("jmh.json")][0]; out = {}
    for r in json.loads(z.read(name)):
        lab = r["benchmark"].split(".")[-1] + " " + ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        if "4threads" in lab: continue
        out[lab] = [(statistics.median(f), (max(f) - min(f)) / statistics.median(f)) for f in r["primaryMetric"]["rawData"]]
    return out
def pool(d):
    out = {}
    for z in sorted(glob.glob(d + "/*.zip")):
        for k, v in forks(z).items(): out.setdefault(k, []).extend(v)
    return out
def multimodal(a, b, spread):
    allf = sorted([(x, 0) for x in a] + [(x, 1) for x in b]); th = math.log1p(max(0.10, 3 * spread))
    for i in range(2, len(allf) - 1):
        lo, hi = allf[i - 1][0], allf[i][0]
        if math.log(hi / lo) <= th: continue
        for side in (0, 1):
            if any(s == side for _, s in allf[:i]) and any(s == side for _, s in allf[i:]): return True
    return False
def hl(a, b): return statistics.median(y / x for x in a for y in b)
def bh(ps):
    n = len(ps); order = sorted(range(n), key=lambda i: ps[i]); q = [0.0] * n; prev = 1.0
    for rank in range(n, 0, -1):
        i = order[rank - 1]; prev = min(prev, ps[i] * n / rank); q[i] = prev
    return q
def pair(pa, pb, n, aa):
    flagged = judged = 0; ps = []; ratios = []
    for k in pa:
        if aa:
            s = random.sample(pa[k], 2 * n); A, B = s[:n], s[n:]
        else:
            A, B = random.sample(pa[k], n), random.sample(pb[k], n)
        a = [x for x, _ in A]; b = [x for x, _ in B]
        spread = statistics.median(s for _, s in A + B)
        if multimodal(a, b, spread): continue
        judged += 1
        ps.append(mannwhitneyu(b, a, alternative="two-sided").pvalue); ratios.append(hl(a, b))
    q = bh(ps) if ps else []
    return sum(1 for qi, r in zip(q, ratios) if qi < 0.05 and r > 1.05), judged
plain = pool("plain"); random.seed(7); R = 300
for label, slow, aa in (("A/A", None, True), ("+10 % (4 tokens)", pool("p10"), False), ("+25 % (11 tokens)", pool("p25"), False)):
    for n in (5, 6, 7, 10):
        if (aa and 2 * n > 20) or (not aa and n > 15): continue
        res = [pair(plain, slow, n, aa) for _ in range(R)]
        hit = sum(1 for f, _ in res if f > 0) / R
        print(f"{label:18} n={n:2}: P(pair flags >= 1 row) = {hit:.2f}; rows judged (of 8) median {statistics.median(j for _, j in res)}; rows flagged mean {statistics.mean(f for f, _ in res):.2f}")
