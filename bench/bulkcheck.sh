#!/usr/bin/env bash
# bench/bulkcheck.sh BINARY [N] — the bulk API check of issue 8, as a bulk
# loader's user would run it: N (default 700) distinct Wikinews articles in
# one POST /api/v1/articles JSON Lines request, from three clients (curl,
# curl with Expect: 100-continue, Python's http.client, which sends the
# whole body before reading), each to a fresh server on loopback. For each
# it prints the answer lines, the articles stored, and how many were
# duplicated or spliced (a stored article whose title or URL is not its own
# record's at its answer line), how many texts were not kept verbatim, and
# the rate.
set -euo pipefail
bin=$(realpath "$1")
n=${2:-700}
here=$(cd "$(dirname "$0")" && pwd)
corpus=${CORPUS:-$here/../../shared/data/wikinews-tosca/wikinews_tosca.jsonl}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
head -n "$n" "$corpus" > "$work/in.jsonl"
echo "body: $(wc -l < "$work/in.jsonl") records, $(wc -c < "$work/in.jsonl") bytes; load $(cut -d' ' -f1 /proc/loadavg)"

for client in curl curl-expect python; do
	db="$work/$client.db"
	"$bin" serve --db "$db" --addr 127.0.0.1:0 --no-poll 2> "$work/$client.err" &
	for _ in $(seq 600); do grep -q "serving" "$work/$client.err" && break; sleep 0.1; done
	base=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/$client.err" | head -1)
	token=$(grep -o 'write token is [^ ]*' "$work/$client.err" | cut -d' ' -f4)
	start=$(date +%s.%N)
	case $client in
	curl) curl -sS -H "Authorization: Bearer $token" -H "Content-Type: application/x-ndjson" -H "Expect:" \
		--data-binary @"$work/in.jsonl" "${base}api/v1/articles" > "$work/$client.out" ;;
	curl-expect) curl -sS -H "Authorization: Bearer $token" -H "Content-Type: application/x-ndjson" -H "Expect: 100-continue" \
		--data-binary @"$work/in.jsonl" "${base}api/v1/articles" > "$work/$client.out" ;;
	python) python3 - "$base" "$token" "$work/in.jsonl" > "$work/$client.out" <<'PY'
import http.client, sys, urllib.parse
base, token, path = sys.argv[1:4]
u = urllib.parse.urlsplit(base)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
body = open(path, "rb").read()
c.request("POST", "/api/v1/articles", body=body, headers={"Authorization": "Bearer " + token, "Content-Type": "application/x-ndjson"})
sys.stdout.buffer.write(c.getresponse().read())
PY
	;;
	esac
	end=$(date +%s.%N)
	python3 - "$base" "$work/in.jsonl" "$work/$client.out" "$client" "$start" "$end" <<'PY'
import json, sys, urllib.request
base, inp, out, client, start, end = sys.argv[1:7]
recs = [json.loads(l) for l in open(inp, encoding="utf-8") if l.strip()]
res = [json.loads(l) for l in open(out, encoding="utf-8") if l.strip()]
stats = json.load(urllib.request.urlopen(base + "api/v1/stats"))
spliced = dup = misnumbered = changed = 0
ids = set()
for i, r in enumerate(res):
    if r.get("line") != i + 1:
        misnumbered += 1
    if "error" in r or r.get("line", 0) < 1 or r["line"] > len(recs):
        continue
    if r["id"] in ids:
        dup += 1
    ids.add(r["id"])
    rec = recs[r["line"] - 1]
    a = json.load(urllib.request.urlopen(base + "api/v1/articles/%d" % r["id"]))
    if a["title"] != rec["title"] or a["url"] != rec["url"]:
        spliced += 1
    elif a["text"] != rec["text"]:
        changed += 1
errors = sum(1 for r in res if "error" in r)
secs = float(end) - float(start)
print("%-12s %d answer lines (%d errors, %d misnumbered), %d stored, %d duplicated, %d spliced, %d with a text not verbatim; %.1f s, %.0f articles/s"
      % (client, len(res), errors, misnumbered, stats["articles"], dup, spliced, changed, secs, len(recs) / secs))
PY
	kill %1 2>/dev/null || true
	wait 2>/dev/null || true
done
