#!/usr/bin/env python3
"""cmp-matrices.py A.zip B.zip: the stress and load sensitivity matrices of two archives, cell by cell."""
import json, sys, zipfile
def load(z, p):
    with zipfile.ZipFile(z) as f:
        return json.loads(f.read(p)) if p in f.namelist() else None
ok = True
for p in ["stress/sensitivity.json", "load/matrix.json"]:
    a, b = load(sys.argv[1], p), load(sys.argv[2], p)
    if a is None or b is None:
        print(p, "missing in", "A" if a is None else "B"); ok = False; continue
    ra = [(r.get("manager") or r.get("provider"), r) for r in a["rows"]]
    rb = [(r.get("manager") or r.get("provider"), r) for r in b["rows"]]
    print("%s: probes A %d B %d, rows A %d B %d, holds A %s B %s" % (p, len(a["probes"]), len(b["probes"]), len(ra), len(rb), a["holds"], b["holds"]))
    if [n for n, _ in ra] != [n for n, _ in rb] or a["probes"] != b["probes"]:
        print("  row or column order differs"); ok = False
    diff = 0
    for (n, x), (_, y) in zip(ra, rb):
        cx = x.get("cells") or x.get("outcomes"); cy = y.get("cells") or y.get("outcomes")
        vx = json.dumps({k: (v.get("verdict") if isinstance(v, dict) else v) for k, v in (cx or {}).items()} if isinstance(cx, dict) else [c.get("verdict", c) if isinstance(c, dict) else c for c in cx], sort_keys=True)
        vy = json.dumps({k: (v.get("verdict") if isinstance(v, dict) else v) for k, v in (cy or {}).items()} if isinstance(cy, dict) else [c.get("verdict", c) if isinstance(c, dict) else c for c in cy], sort_keys=True)
        if vx != vy or x.get("verdict") != y.get("verdict"):
            diff += 1; ok = False
            print("  %s:\n    A %s %s\n    B %s %s" % (n, x.get("verdict"), vx, y.get("verdict"), vy))
    print("  rows differing: %d" % diff)
print("EQUAL" if ok else "DIFFERENT")
