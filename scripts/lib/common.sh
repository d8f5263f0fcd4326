# shellcheck shell=bash
# Shared by scripts/backup.sh and scripts/restore.sh, which set TOOL (their name without .sh) and
# define usage() before sourcing this file. Not meant to be run on its own.

# Read by the scripts that source this file.
# shellcheck disable=SC2034
readonly DEFAULT_DATABASE_URL="postgresql://postgres@127.0.0.1:5432/ops_portal" \
	DUMP_FILE="database.dump" \
	MANIFEST_FILE="manifest.json" \
	EXIT_FAILED=1 \
	EXIT_USAGE=2

log() {
	printf '%s [%s] %s\n' "$(date '+%Y-%m-%dT%H:%M:%S%z')" "$TOOL" "$*"
}

error() {
	printf '%s [%s] ERROR: %s\n' "$(date '+%Y-%m-%dT%H:%M:%S%z')" "$TOOL" "$*" >&2
}

# fail <exit status> <message...>
fail() {
	local status="$1"
	shift
	error "$@"
	exit "$status"
}

usage_error() {
	printf '%s.sh: %s\n\n' "$TOOL" "$1" >&2
	usage >&2
	exit "$EXIT_USAGE"
}

# Prisma URLs may carry ?schema=public, which libpq rejects as an unknown URI parameter. Another
# schema is refused: the row counts and the emptiness check cover the public schema only.
libpq_url() {
	local url="$1" query param kept=""
	local -a params
	if [[ "$url" != *\?* ]]; then
		printf '%s' "$url"
		return
	fi
	query="${url#*\?}"
	IFS='&' read -ra params <<<"$query"
	for param in "${params[@]}"; do
		[[ -z "$param" || "$param" == schema=public ]] && continue
		if [[ "$param" == schema=* ]]; then
			printf '%s.sh: only the public schema is supported (the URL has %s)\n' "$TOOL" "$param" >&2
			return 1
		fi
		kept+="${kept:+&}$param"
	done
	printf '%s%s' "${url%%\?*}" "${kept:+?$kept}"
}

# Passwords must never reach logs.
redact_url() {
	sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"
}
