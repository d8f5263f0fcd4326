#!/usr/bin/env bash
# Backs up the portal's PostgreSQL database into backups/<instance>-<YYYYMMDD-HHMMSS>/:
#   database.dump  pg_dump --format=custom
#   manifest.json  sha256 and size of the dump, migration level, exact row counts per table,
#                  pg_dump and server versions, instance, created_at
# scripts/restore.sh verifies a backup against its manifest before and after restoring it, and
# runbooks/04-procedimento-de-restore.md and runbooks/28-backup-e-restore.md describe its use.
set -euo pipefail

readonly TOOL="backup"
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT_DIR

usage() {
	cat <<'EOF'
Usage: scripts/backup.sh <instance> [--keep N]

Dumps the portal database (pg_dump --format=custom) into
$BACKUP_DIR/<instance>-<YYYYMMDD-HHMMSS>/database.dump and writes manifest.json beside it
(sha256 and size of the dump, migration level, row counts per table, tool versions).

Arguments:
  <instance>   name of the environment being backed up: letters, digits, - and _
  --keep N     after a successful backup, delete this instance's older backups beyond the
               newest N (N >= 1); other instances' backups are never touched
  -h, --help   show this help

Environment:
  DATABASE_URL  database to back up (default postgresql://postgres@127.0.0.1:5432/ops_portal)
  BACKUP_DIR    root directory of the backups (default: backups/ at the repository root)
  TZ            time zone of the <YYYYMMDD-HHMMSS> in the directory name

Exit status: 0 success, 1 backup failed (nothing is left behind), 2 bad arguments.
EOF
}

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

instance=""
keep=""
while (($# > 0)); do
	case "$1" in
	-h | --help)
		usage
		exit 0
		;;
	--keep)
		(($# >= 2)) || usage_error "--keep needs a number"
		keep="$2"
		shift 2
		;;
	--keep=*)
		keep="${1#--keep=}"
		shift
		;;
	-*) usage_error "unknown option: $1" ;;
	*)
		[[ -z "$instance" ]] || usage_error "unexpected argument: $1"
		instance="$1"
		shift
		;;
	esac
done

[[ -n "$instance" ]] || usage_error "missing <instance>"
# The name becomes part of a path and of the retention pattern, so nothing that could escape
# the backup directory or match another instance's backups.
[[ "$instance" =~ ^[A-Za-z0-9_-]{1,64}$ ]] ||
	usage_error "invalid instance name '$instance': use 1-64 letters, digits, - or _"
if [[ -n "$keep" && ! "$keep" =~ ^[1-9][0-9]{0,5}$ ]]; then
	usage_error "--keep must be a whole number >= 1 (got '$keep')"
fi

for tool in pg_dump psql sha256sum; do
	command -v "$tool" >/dev/null || fail "$EXIT_FAILED" "$tool not found in PATH (install the PostgreSQL client tools)"
done

database_url="$(libpq_url "${DATABASE_URL:-$DEFAULT_DATABASE_URL}")" || exit "$EXIT_USAGE"
backup_root="${BACKUP_DIR:-$ROOT_DIR/backups}"

# Dumps hold password hashes and audit data: readable by the operator's account only.
umask 077
mkdir -p -- "$backup_root" || fail "$EXIT_FAILED" "cannot create backup directory $backup_root"

# The directory name has a one-second resolution: a second backup of the same instance within
# that second waits for the next one instead of failing.
for attempt in 1 2 3; do
	# One clock reading for both names, so the directory name and created_at never disagree.
	epoch="$(date +%s)"
	stamp="$(date -d "@$epoch" +%Y%m%d-%H%M%S)"
	created_at="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
	name="$instance-$stamp"
	final_dir="$backup_root/$name"
	# The backup is built under a hidden name and renamed when complete, so a backup directory
	# that restore.sh, retention or `ls backups/<instance>-*` can see is never a half-written one.
	work_dir="$backup_root/.$name.partial"
	if [[ ! -e "$final_dir" ]] && mkdir -- "$work_dir" 2>/dev/null; then
		break
	fi
	((attempt < 3)) || fail "$EXIT_FAILED" "cannot create $work_dir: $final_dir or a backup in progress already exists"
	sleep 1
done

psql_pid=""
completed=0
cleanup() {
	if [[ -n "$psql_pid" ]]; then
		kill "$psql_pid" 2>/dev/null || true
	fi
	if ((completed == 0)); then
		rm -rf -- "$work_dir"
	fi
}
trap cleanup EXIT

log "instance: $instance"
log "database: $(redact_url "$database_url")"
log "destination: $final_dir"

# A plain connection first: its error message is clearer than a failure inside the session below.
server_version="$(psql -X -q -At -v ON_ERROR_STOP=1 --dbname="$database_url" \
	-c "SELECT current_setting('server_version')" 2>&1)" ||
	fail "$EXIT_FAILED" "cannot connect to the database: $server_version"
pg_dump_version="$(pg_dump --version)"
log "server: PostgreSQL $server_version; client: $pg_dump_version"

# The row counts must describe exactly the data in the dump, even while the portal keeps
# writing: one session exports its snapshot, counts inside it and stays open while pg_dump
# reads the same snapshot (--snapshot).
coproc PSQL {
	exec psql -X -q -At -v ON_ERROR_STOP=1 --dbname="$database_url" \
		-v instance="$instance" -v created_at="$created_at" \
		-v pg_dump_version="$pg_dump_version" -v dump_file="$DUMP_FILE" 2>&1
}
# shellcheck disable=SC2153 # PSQL_PID is set by the coproc above.
psql_pid="$PSQL_PID"
# Bash closes a coprocess's own descriptors as soon as it exits, possibly before its last output
# has been read; duplicates stay open until this script closes them.
exec {psql_in}>&"${PSQL[1]}" {psql_out}<&"${PSQL[0]}"

# Sets psql_reply to the session's next output line (empty when it has ended). Not a command
# substitution: the coprocess's descriptors are not available in subshells.
read_psql_line() {
	psql_reply=""
	IFS= read -r psql_reply <&"$psql_out" || true
}

printf '%s\n' \
	'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;' \
	'SELECT pg_export_snapshot();' >&"$psql_in"
read_psql_line
snapshot="$psql_reply"
[[ "$snapshot" =~ ^[0-9A-Fa-f]+-[0-9A-Fa-f]+(-[0-9]+)?$ ]] || fail "$EXIT_FAILED" "cannot open a snapshot: $snapshot"

# query_to_xml runs a dynamic count(*) per table inside a single statement; the migration level
# is read the same way because _prisma_migrations may not exist (a database never migrated).
cat >&"$psql_in" <<'SQL'
SELECT jsonb_build_object(
  'tables', COALESCE((
    SELECT jsonb_object_agg(c.relname, (xpath('/row/n/text()', query_to_xml(
      format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')), '{}'::jsonb),
  'migrations', CASE WHEN to_regclass('public._prisma_migrations') IS NULL
    THEN jsonb_build_object('latest', NULL, 'applied_count', 0)
    ELSE (SELECT jsonb_build_object(
      'latest', (xpath('/row/latest/text()', x))[1]::text,
      'applied_count', COALESCE((xpath('/row/applied_count/text()', x))[1]::text::int, 0))
      FROM query_to_xml(
        'SELECT max(migration_name) AS latest, count(*) AS applied_count FROM public._prisma_migrations
         WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL', false, true, '') AS x)
  END,
  'database', current_database(),
  'server_version', current_setting('server_version')
)::text AS stats
\gset
SELECT format('ok|%s tables, %s rows; migrations applied: %s, latest: %s',
  (SELECT count(*) FROM jsonb_object_keys((:'stats'::jsonb)->'tables')),
  (SELECT COALESCE(sum(value::text::bigint), 0) FROM jsonb_each((:'stats'::jsonb)->'tables')),
  (:'stats'::jsonb)#>>'{migrations,applied_count}',
  COALESCE((:'stats'::jsonb)#>>'{migrations,latest}', '(none)'));
SQL
read_psql_line
summary="$psql_reply"
[[ "$summary" == ok\|* ]] || fail "$EXIT_FAILED" "cannot count rows: $summary"
log "snapshot $snapshot: ${summary#ok|}"

log "running pg_dump --format=custom"
pg_dump --format=custom --snapshot="$snapshot" --file="$work_dir/$DUMP_FILE" \
	--dbname="$database_url" || fail "$EXIT_FAILED" "pg_dump failed"

dump_sha256="$(sha256sum -- "$work_dir/$DUMP_FILE")"
dump_sha256="${dump_sha256%% *}"
dump_size="$(stat -c %s -- "$work_dir/$DUMP_FILE")"
log "dump: $dump_size bytes, sha256 $dump_sha256"

# The manifest is built by PostgreSQL so that every string is escaped correctly, and it is
# pretty-printed one key per line, which lets restore.sh read the checksum without a JSON tool.
cat >&"$psql_in" <<SQL
\\set dump_sha256 '$dump_sha256'
\\set dump_size $dump_size
SQL
cat >&"$psql_in" <<'SQL'
SELECT jsonb_pretty(jsonb_build_object(
  'format_version', 1,
  'instance', :'instance',
  'created_at', :'created_at',
  'database', (:'stats'::jsonb)->'database',
  'dump', jsonb_build_object('file', :'dump_file', 'format', 'custom',
    'sha256', :'dump_sha256', 'size_bytes', :'dump_size'::bigint),
  'migrations', (:'stats'::jsonb)->'migrations',
  'tables', (:'stats'::jsonb)->'tables',
  'versions', jsonb_build_object('pg_dump', :'pg_dump_version',
    'server', (:'stats'::jsonb)->'server_version')
));
\echo __manifest_end__
COMMIT;
SQL

manifest_done=0
while IFS= read -r line <&"$psql_out"; do
	if [[ "$line" == __manifest_end__ ]]; then
		manifest_done=1
		break
	fi
	printf '%s\n' "$line" >>"$work_dir/$MANIFEST_FILE"
done
((manifest_done == 1)) || fail "$EXIT_FAILED" "cannot write the manifest: $(cat -- "$work_dir/$MANIFEST_FILE" 2>/dev/null)"
printf '%s\n' '\q' >&"$psql_in"
exec {psql_in}>&-
wait "$psql_pid" || fail "$EXIT_FAILED" "the snapshot session ended with an error"
psql_pid=""
exec {psql_out}<&-

mv -- "$work_dir" "$final_dir" || fail "$EXIT_FAILED" "cannot rename $work_dir to $final_dir"
completed=1
log "backup complete: $final_dir"

if [[ -n "$keep" ]]; then
	# Only complete backups of this exact instance count (a hidden .partial directory or a
	# directory without manifest is left alone), ordered by the created_at in their manifests
	# (UTC), which stays right even if TZ changed between backups.
	entries=()
	for dir in "$backup_root/$instance"-*; do
		base="${dir##*/}"
		[[ -d "$dir" && "$base" =~ ^${instance}-[0-9]{8}-[0-9]{6}$ ]] || continue
		if [[ ! -f "$dir/$MANIFEST_FILE" ]]; then
			log "retention: skipping $dir (no $MANIFEST_FILE: incomplete or not made by this script)"
			continue
		fi
		when="$(sed -n -E 's/^[[:space:]]*"created_at":[[:space:]]*"([^"]+)",?[[:space:]]*$/\1/p' "$dir/$MANIFEST_FILE" | head -n 1)"
		entries+=("${when:-0000}|$base")
	done
	mapfile -t ordered < <(printf '%s\n' "${entries[@]}" | sort -r)
	deleted=0
	for ((i = keep; i < ${#ordered[@]}; i++)); do
		old="${ordered[i]#*|}"
		rm -rf -- "${backup_root:?}/$old"
		log "retention: deleted $backup_root/$old"
		deleted=$((deleted + 1))
	done
	log "retention: kept $((${#ordered[@]} - deleted)) backup(s) of '$instance' (--keep $keep), deleted $deleted"
fi
