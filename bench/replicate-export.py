#!/usr/bin/env python3
"""Replicate an export N times into a larger one, for measuring import and export.

usage: bench/replicate-export.py IN.jsonl N > OUT.jsonl

Copy k of each article gets its ids (id, duplicate_of, a numeric story key)
offset by k times a step above the largest id, "/copyK" appended to its URL
(or " (K)" to the title of an article without one, so its content key
differs) and "#K" to its external id, so every copy is a distinct article
with the links of the original among the copies of the same k.
"""
import json
import sys

src, n = sys.argv[1], int(sys.argv[2])
lines = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
arts = [r for r in lines if "feed" not in r]
step = 10 ** len(str(max(r["id"] for r in arts)))
out = sys.stdout
for r in lines:
    if "feed" in r:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
for k in range(n):
    off = k * step
    for r in arts:
        r = json.loads(json.dumps(r))
        r["id"] += off
        if r.get("duplicate_of"):
            r["duplicate_of"] += off
        st = r.get("story")
        if st and st["key"].isdigit():
            st["key"] = str(int(st["key"]) + off)
        if r.get("url"):
            r["url"] += "/copy%d" % k
            r["canonical_url"] = ""
        else:
            r["title"] = r.get("title", "") + " (%d)" % k
        if r.get("external_id"):
            r["external_id"] += "#%d" % k
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
