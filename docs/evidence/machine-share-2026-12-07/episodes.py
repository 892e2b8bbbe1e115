"""Are the slow iterations of a bench-only nightly archive clustered in TIME, across JVMs? The nightly runs its forks
in rounds: round r runs fork r of every benchmark, in the archive's row order, one JVM after another. Each measured
iteration is scored against its row's fastest fork median; slow = more than 15 % above it. If slowness belonged to a
JVM (a fork's GC, JIT or heap), the first iteration of the next fork -- a different benchmark in a new JVM -- would be
slow no more often than any iteration. If it belongs to the machine's moment, it follows the previous fork's last."""
import glob, json, random, statistics, sys, zipfile
def seq(zp):
    z = zipfile.ZipFile(zp); n = [x for x in z.namelist() if x.endswith("jmh.json")][0]
    rows = json.loads(z.read(n))
    rounds = len(rows[0]["primaryMetric"]["rawData"])
    out = []   # per round: list of forks (each a list of slow flags)
    for r in range(rounds):
        forks = []
        for row in rows:
            raw = row["primaryMetric"]["rawData"]
            lo = min(statistics.median(f) for f in raw)
            forks.append([v > 1.15 * lo for v in raw[r]])
        out.append(forks)
    return out
base = [0, 0]; after_slow = [0, 0]; after_fast = [0, 0]
for zp in sys.argv[1:]:
    for forks in seq(zp):
        for a, b in zip(forks, forks[1:]):
            first = b[0]
            base[0] += first; base[1] += 1
            (after_slow if a[-1] else after_fast)[0] += first
            (after_slow if a[-1] else after_fast)[1] += 1
print(f"{len(sys.argv)-1} archives; first iteration of a fork slow: {base[0]}/{base[1]} = {base[0]/base[1]:.2f}")
print(f"  when the previous fork (another benchmark, another JVM) ended slow: {after_slow[0]}/{after_slow[1]} = {after_slow[0]/max(1,after_slow[1]):.2f}")
print(f"  when it ended fast: {after_fast[0]}/{after_fast[1]} = {after_fast[0]/max(1,after_fast[1]):.2f}")
try:
    from scipy.stats import fisher_exact
    print("  Fisher exact p =", fisher_exact([[after_slow[0], after_slow[1]-after_slow[0]], [after_fast[0], after_fast[1]-after_fast[0]]])[1])
except ImportError:
    pass
