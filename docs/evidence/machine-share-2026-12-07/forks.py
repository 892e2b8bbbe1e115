import json, statistics, sys, zipfile
def forks(zp):
    z = zipfile.ZipFile(zp)
    name = [n for n in z.namelist() if n.endswith("jmh.json")][0]
    out = {}
    for r in json.loads(z.read(name)):
        lab = r["benchmark"].split(".")[-1] + " " + ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        out[lab] = sorted(round(statistics.median(f), 1) for f in r["primaryMetric"]["rawData"])
    return out
if __name__ == "__main__":
    for zp in sys.argv[1:]:
        print(zp.split("/")[-2:])
        for k, v in forks(zp).items():
            if "4threads" not in k: print(f"  {k:40} {v}")
