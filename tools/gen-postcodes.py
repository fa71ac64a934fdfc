#!/usr/bin/env python3
"""gen-postcodes: the postcode sectors hearth ships (data/postcode-sectors.csv.gz) from the
ONS Postcode Directory as CSV (postcode,la,easting,northing; gzip or plain) and the ONS
local authority list (LTLA21CD -> UTLA21CD). A sector ("ME4 4") is a postcode less its
last two letters: a few hundred homes, about a kilometre across, near enough for the
20-mile and in-area measures at a 150th of the size. Each sector gets the mean grid
reference of its postcodes and the upper-tier authority (the one with children's
services) most of them are in.
Usage: tools/gen-postcodes.py ONSPD.csv[.gz] local-authorities.json > data/postcode-sectors.csv.gz"""
import collections, csv, gzip, io, json, sys

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, las = sys.argv[1], sys.argv[2]
    upper = {r["LTLA21CD"]: r["UTLA21CD"] for r in json.load(open(las, encoding="utf-8"))}
    opener = gzip.open if src.endswith(".gz") else open
    n, e, no = collections.Counter(), collections.Counter(), collections.Counter()
    la = collections.defaultdict(collections.Counter)
    with opener(src, "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["easting"] or not row["northing"]:
                continue
            pc = row["postcode"].replace(" ", "").upper()
            if not 5 <= len(pc) <= 7:
                continue
            s = pc[:-3] + " " + pc[-3]
            n[s] += 1
            e[s] += int(row["easting"])
            no[s] += int(row["northing"])
            la[s][upper.get(row["la"], row["la"])] += 1
    out = io.StringIO()
    out.write("sector,la,easting,northing\n")
    for s in sorted(n):
        code = sorted(la[s].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        out.write("%s,%s,%d,%d\n" % (s, code, round(e[s] / n[s]), round(no[s] / n[s])))
    sys.stdout.buffer.write(gzip.compress(out.getvalue().encode(), 9, mtime=0))

main()
