#!/bin/bash
# latency.sh BINARY DB [PORT] — latency of search and article pages under
# load from a second process: starts `serve --read-only` on DB, warms up,
# runs wrk for 30 s on each route (4 connections), and prints the
# percentiles and the serve process's peak resident memory. The database
# must not be written meanwhile. Needs wrk (apt-get install wrk).
set -eu
BIN=$1; DB=$2; PORT=${3:-18301}
DIR=$(cd "$(dirname "$0")" && pwd)
ERR=$(mktemp)
echo "== $(date -u +%FT%TZ) load: $(cat /proc/loadavg)"
"$BIN" serve --read-only --no-poll --db "$DB" --addr 127.0.0.1:$PORT 2> "$ERR" &
SPID=$!
trap 'kill -TERM $SPID 2>/dev/null; rm -f "$ERR"' EXIT
for _ in $(seq 1 300); do grep -q serving "$ERR" && break; sleep 1; done
N=$(curl -s http://127.0.0.1:$PORT/api/v1/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
echo "articles: $N"
wrk -t1 -c4 -d5s -s "$DIR/search.lua" http://127.0.0.1:$PORT > /dev/null 2>&1
wrk -t1 -c4 -d5s -s "$DIR/article.lua" http://127.0.0.1:$PORT -- "$N" > /dev/null 2>&1
echo "search UI:    $(wrk -t1 -c4 -d30s -s "$DIR/search.lua" http://127.0.0.1:$PORT 2>&1 | tail -1)"
echo "search API:   $(wrk -t1 -c4 -d30s -s "$DIR/search.lua" http://127.0.0.1:$PORT -- "/api/v1/articles?q=" 2>&1 | tail -1)"
echo "article page: $(wrk -t1 -c4 -d30s -s "$DIR/article.lua" http://127.0.0.1:$PORT -- "$N" 2>&1 | tail -1)"
echo "article API:  $(wrk -t1 -c4 -d30s -s "$DIR/article.lua" http://127.0.0.1:$PORT -- "$N" /api/v1/articles/ 2>&1 | tail -1)"
echo "serve: $(grep -E 'VmRSS|VmHWM|RssAnon|RssFile' /proc/$SPID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
echo "load after: $(cat /proc/loadavg)"
