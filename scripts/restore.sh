#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into a PostgreSQL database:
#   1. verifies database.dump against the sha256 and size in manifest.json (before touching
#      any database);
#   2. refuses a target database that already has objects in the public schema, unless --force;
#   3. creates the target database if it does not exist;
#   4. pg_restore --no-owner --exit-on-error --single-transaction (all or nothing);
#   5. compares the exact row count of every table with the manifest.
# runbooks/04-procedimento-de-restore.md describes its use in an emergency.
set -euo pipefail

readonly TOOL="restore"
# Exit statuses, documented in usage() and in the runbooks (1 and 2 come from lib/common.sh).
readonly EXIT_INTEGRITY=3 EXIT_NOT_EMPTY=4 EXIT_MISMATCH=5

usage() {
	cat <<'EOF'
Usage: scripts/restore.sh <backup-dir> [target-url] [--force]

Restores <backup-dir>/database.dump (made by scripts/backup.sh) into target-url, default
$DATABASE_URL (postgresql://postgres@127.0.0.1:5432/ops_portal when unset).

  1. verifies the sha256 and size of database.dump against manifest.json; refuses if the
     manifest is missing or does not match;
  2. refuses a target database that has tables, views, sequences, types or functions in the
     public schema, unless --force (which drops and recreates the public schema);
  3. creates the target database if it does not exist;
  4. pg_restore --no-owner --exit-on-error --single-transaction (nothing is kept on error);
  5. compares the row count of every table with the manifest.

Arguments:
  <backup-dir>  a directory made by scripts/backup.sh, e.g. backups/prod-20261125-030000
  target-url    database to restore into (postgresql://user[:password]@host:port/database)
  --force       replace the contents of a non-empty target database
  -h, --help    show this help

Exit status: 0 restored and verified, 1 restore failed, 2 bad arguments,
3 backup failed verification (nothing touched), 4 target not empty (nothing touched),
5 restored but row counts differ from the manifest.
EOF
}

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# The manifest is written by backup.sh pretty-printed, one key per line; reading a value with
# sed keeps restore.sh free of a JSON tool on the database host. Exactly one match is required.
manifest_value() {
	local key="$1" pattern="$2" values
	values="$(sed -n -E "s/^[[:space:]]*\"$key\":[[:space:]]*\"?($pattern)\"?,?[[:space:]]*\$/\\1/p" "$manifest")"
	[[ -n "$values" && "$values" != *$'\n'* ]] || return 1
	printf '%s' "$values"
}

backup_dir=""
target=""
force=0
while (($# > 0)); do
	case "$1" in
	-h | --help)
		usage
		exit 0
		;;
	--force)
		force=1
		shift
		;;
	-*) usage_error "unknown option: $1" ;;
	*)
		if [[ -z "$backup_dir" ]]; then
			backup_dir="$1"
		elif [[ -z "$target" ]]; then
			target="$1"
		else
			usage_error "unexpected argument: $1"
		fi
		shift
		;;
	esac
done

[[ -n "$backup_dir" ]] || usage_error "missing <backup-dir>"
[[ -d "$backup_dir" ]] || usage_error "not a directory: $backup_dir"
backup_dir="${backup_dir%/}"
target_url="$(libpq_url "${target:-${DATABASE_URL:-$DEFAULT_DATABASE_URL}}")" || exit "$EXIT_USAGE"

# postgresql://authority/database?query: the database is created through the server's
# "postgres" database, so both URLs are needed.
if [[ ! "$target_url" =~ ^(postgres(ql)?://[^/?#]*)/([^?#]+)(\?[^#]*)?$ ]]; then
	usage_error "target must be a URL such as postgresql://user@host:5432/database (got '$(redact_url "$target_url")')"
fi
server_url="${BASH_REMATCH[1]}"
query="${BASH_REMATCH[4]}"
encoded_name="${BASH_REMATCH[3]}"
target_db="$(printf '%b' "${encoded_name//%/\\x}")"
admin_url="$server_url/postgres$query"

for tool in pg_restore psql sha256sum; do
	command -v "$tool" >/dev/null || fail "$EXIT_FAILED" "$tool not found in PATH (install the PostgreSQL client tools)"
done

manifest="$backup_dir/$MANIFEST_FILE"
dump="$backup_dir/$DUMP_FILE"

log "backup: $backup_dir"
log "target: $(redact_url "$target_url")"

# 1. Integrity, before any database is touched.
[[ -f "$manifest" ]] || fail "$EXIT_INTEGRITY" "$manifest not found: refusing a backup that cannot be verified"
[[ -f "$dump" ]] || fail "$EXIT_INTEGRITY" "$dump not found"
expected_sha256="$(manifest_value sha256 '[0-9a-f]{64}')" ||
	fail "$EXIT_INTEGRITY" "$manifest has no single valid \"sha256\": refusing a backup that cannot be verified"
expected_size="$(manifest_value size_bytes '[0-9]+')" ||
	fail "$EXIT_INTEGRITY" "$manifest has no single valid \"size_bytes\""
actual_size="$(stat -c %s -- "$dump")"
actual_sha256="$(sha256sum -- "$dump")"
actual_sha256="${actual_sha256%% *}"
if [[ "$actual_sha256" != "$expected_sha256" || "$actual_size" != "$expected_size" ]]; then
	error "checksum mismatch for $dump: the backup is corrupted or was modified"
	error "  manifest: sha256 $expected_sha256, $expected_size bytes"
	error "  file:     sha256 $actual_sha256, $actual_size bytes"
	fail "$EXIT_INTEGRITY" "refusing to restore; nothing was changed"
fi
log "checksum OK: sha256 $actual_sha256, $actual_size bytes"
toc_error="$(pg_restore --list -- "$dump" 2>&1 >/dev/null)" ||
	fail "$EXIT_INTEGRITY" "pg_restore cannot read $dump: $toc_error"
latest_migration="$(manifest_value latest '[^"]*|null' || echo unknown)"
log "backup of instance '$(manifest_value instance '[A-Za-z0-9_-]+' || echo unknown)'," \
	"created at $(manifest_value created_at '[^"]+' || echo unknown), migration level: $latest_migration"

psql_run() {
	psql -X -q -At -v ON_ERROR_STOP=1 "$@"
}

# 2. and 3. The target database: created when missing, otherwise it must be empty (or --force).
exists="$(
	psql_run --dbname="$admin_url" -v db="$target_db" 2>&1 <<'SQL'
SELECT count(*) FROM pg_database WHERE datname = :'db';
SQL
)" || fail "$EXIT_FAILED" "cannot connect to the server: $exists"

clean_args=()
if [[ "$exists" == 0 ]]; then
	psql_run --dbname="$admin_url" -v db="$target_db" <<'SQL' || fail "$EXIT_FAILED" "cannot create database $target_db"
CREATE DATABASE :"db" TEMPLATE template0;
SQL
	log "created database $target_db"
else
	# Anything of the application's in public makes the target non-empty: restoring over it
	# would fail half-way (--exit-on-error) or mix two states of the data.
	objects="$(
		psql_run --dbname="$target_url" 2>&1 <<'SQL'
SELECT kind || ' ' || name FROM (
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'
           WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
         c.relname::text AS name
    FROM pg_class c
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  UNION ALL
  SELECT 'type', t.typname::text FROM pg_type t
   WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r', 'm')
      OR (t.typnamespace = 'public'::regnamespace AND t.typtype = 'c'
          AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
  UNION ALL
  SELECT 'function', p.proname::text FROM pg_proc p
   WHERE p.pronamespace = 'public'::regnamespace
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
) AS o ORDER BY kind <> 'table', kind, name;
SQL
	)" || fail "$EXIT_FAILED" "cannot inspect $target_db: $objects"
	if [[ -n "$objects" ]]; then
		count="$(wc -l <<<"$objects")"
		if ((force == 0)); then
			error "target database $target_db is not empty ($count objects in schema public):"
			head -n 10 <<<"$objects" | sed 's/^/  /' >&2
			((count <= 10)) || error "  ... and $((count - 10)) more"
			fail "$EXIT_NOT_EMPTY" "refusing to restore over existing data; nothing was changed." \
				"Take a backup of it first (scripts/backup.sh), then re-run with --force to replace it."
		fi
		others="$(psql_run --dbname="$target_url" -c \
			"SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")" || others=0
		if ((others > 0)); then
			log "warning: $others other session(s) are connected to $target_db (stop the portal and workers)"
		fi
		log "--force: dropping and recreating schema public of $target_db ($count objects)"
		# The lock timeout turns a wait behind a busy session into a clear failure instead of a
		# hang; the schema is recreated as PostgreSQL 15 creates it in a new database.
		psql_run --dbname="$target_url" <<'SQL' || fail "$EXIT_FAILED" "cannot drop schema public of $target_db (sessions still using it? stop the portal and workers)"
SET lock_timeout = '30s';
SET client_min_messages = warning;
BEGIN;
DROP SCHEMA public CASCADE;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
COMMIT;
SQL
		# Objects of the dump outside public (none in the portal today) are replaced too.
		clean_args=(--clean --if-exists)
	else
		log "target database $target_db exists and is empty"
	fi
fi

# 4. All or nothing: with --single-transaction an error leaves the target as it was just before.
log "running pg_restore --no-owner --exit-on-error --single-transaction"
pg_restore --no-owner --exit-on-error --single-transaction "${clean_args[@]}" \
	--dbname="$target_url" -- "$dump" ||
	fail "$EXIT_FAILED" "pg_restore failed; its transaction was rolled back, nothing was restored into $target_db"
log "pg_restore finished"

# Statistics are not part of a dump; without them the first queries would get poor plans.
psql_run --dbname="$target_url" -c "ANALYZE" || log "warning: ANALYZE failed (restore itself is complete)"

# 5. Every table of the manifest must exist with the same number of rows, and no other table.
report="$(
	psql_run --dbname="$target_url" -v manifest="$(cat -- "$manifest")" 2>&1 <<'SQL'
WITH expected AS (
  SELECT key AS name, value::text::bigint AS n FROM jsonb_each((:'manifest'::jsonb)->'tables')
), actual AS (
  SELECT c.relname::text AS name, (xpath('/row/n/text()', query_to_xml(
           format('SELECT count(*) AS n FROM public.%I', c.relname), false, true, '')))[1]::text::bigint AS n
    FROM pg_class c
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
)
SELECT concat_ws(E'\t', CASE WHEN e.n IS NOT DISTINCT FROM a.n THEN 'ok' ELSE 'diff' END,
         COALESCE(e.name, a.name), COALESCE(e.n::text, 'absent'), COALESCE(a.n::text, 'absent'))
  FROM expected e FULL JOIN actual a ON a.name = e.name
 ORDER BY COALESCE(e.name, a.name);
SQL
)" || fail "$EXIT_FAILED" "cannot count the restored rows: $report"

differences=0
tables=0
rows=0
while IFS=$'\t' read -r status table expected actual; do
	[[ -n "$status" ]] || continue
	tables=$((tables + 1))
	if [[ "$status" == ok ]]; then
		rows=$((rows + actual))
		log "  $table: $actual rows (manifest $expected)"
	else
		differences=$((differences + 1))
		error "  $table: manifest $expected, restored $actual"
	fi
done <<<"$report"

restored_level="$(psql_run --dbname="$target_url" -c \
	"SELECT CASE WHEN to_regclass('public._prisma_migrations') IS NULL THEN 'null'
	  ELSE (xpath('/row/m/text()', query_to_xml('SELECT max(migration_name) AS m FROM public._prisma_migrations
	        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL', false, true, '')))[1]::text END" 2>/dev/null || echo unknown)"
log "migration level of the restored database: ${restored_level:-null} (manifest: $latest_migration)"

if ((differences > 0)); then
	fail "$EXIT_MISMATCH" "$differences of $tables tables differ from the manifest (listed above)"
fi
log "restore complete and verified: $tables tables, $rows rows match the manifest"
