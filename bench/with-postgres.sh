#!/bin/bash
# with-postgres.sh COMMAND [ARGS…] — runs COMMAND against a PostgreSQL
# started for it: initdb in a temporary directory (as the postgres user
# when run as root, since initdb refuses root), the server listening on a
# Unix socket in that directory only, RAPPORTEUR_DB and
# RAPPORTEUR_TEST_POSTGRES set to its URL. The server is stopped and the
# directory removed when COMMAND ends, unless RAPPORTEUR_PG_DATA names a
# directory to keep the cluster in across runs. Needs the server binaries
# (Debian: apt-get install postgresql).
#
#   bench/with-postgres.sh go run ./cmd/rapporteur serve --demo
#   RAPPORTEUR_PG_DATA=$HOME/rapporteur-pg bench/with-postgres.sh go run ./cmd/rapporteur serve
set -eu
[ $# -gt 0 ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || pgbin=$(dirname "$(command -v initdb 2>/dev/null || command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")
if [ ! -x "$pgbin/initdb" ]; then
	echo "with-postgres.sh: no PostgreSQL server binaries found (Debian: apt-get install postgresql)" >&2
	exit 1
fi
keep=${RAPPORTEUR_PG_DATA:-}
if [ -n "$keep" ]; then
	dir=$(mkdir -p "$keep" && cd "$keep" && pwd)
else
	dir=$(mktemp -d /tmp/rapporteur-pg.XXXXXX)
fi
as_pg=()
if [ "$(id -u)" = 0 ]; then
	id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
	chown postgres "$dir"
	as_pg=(runuser -u postgres --)
fi
stop() {
	"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
	[ -n "$keep" ] || rm -rf "$dir"
}
trap stop EXIT
if [ ! -d "$dir/data" ]; then
	"${as_pg[@]}" "$pgbin/initdb" -D "$dir/data" -A trust -U rapporteur -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
fi
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-c listen_addresses='' -k $dir" start >/dev/null ||
	{ cat "$dir/server.log" >&2; exit 1; }
export RAPPORTEUR_DB="postgres://rapporteur@/postgres?host=$dir&sslmode=disable"
export RAPPORTEUR_TEST_POSTGRES=$RAPPORTEUR_DB
echo "with-postgres.sh: PostgreSQL in $dir, RAPPORTEUR_DB=$RAPPORTEUR_DB" >&2
"$@"
