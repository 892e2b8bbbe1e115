"""Per archive (bench-only nightly of the ssot shard): how far its creation rows' five forks spread, how many of
their 30 forks sit more than 15 % above their row's fastest, and emitRun's spread and median.
Usage: python3 sgcsum.py ARCHIVE.zip..."""
import os, statistics, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from forks import forks
rows = ["coldCreate manager=ssot", "coldCreate_2threads manager=ssot", "hotUser manager=ssot",
        "hotUser_2threads manager=ssot", "warmLookup manager=ssot", "warmLookup_2threads manager=ssot",
        "emitRun connections=1,manager=ssot", "emitRun connections=4,manager=ssot"]
for z in sys.argv[1:]:
    f = forks(z)
    cs = [max(f[k]) / min(f[k]) - 1 for k in rows[:6]]
    slow = sum(1 for k in rows[:6] for v in f[k] if v > 1.15 * min(f[k]))
    print(f"{os.path.basename(z)}: creation spread mean {100 * statistics.mean(cs):4.1f} % worst {100 * max(cs):4.1f} %;"
          f" slow forks {slow:2d}/30; coldCreate {f[rows[0]]}; emitRun c=1 spread"
          f" {100 * (max(f[rows[6]]) / min(f[rows[6]]) - 1):4.1f} %, c=4 median {statistics.median(f[rows[7]])}")
