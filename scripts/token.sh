#!/usr/bin/env bash
# Mints a token for the local stack and prints it (DESIGN §3).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/token.sh --facilitator ID | --classroom ID | --service [--ttl DURATION]

Mints a JWT signed with HEROES_JWT_SECRET (issuer HEROES_JWT_ISSUER, default heroes-local) and prints it.
Without HEROES_JWT_SECRET in the environment, the running local stack's secret is used
(scripts/stack.sh env).

  --facilitator ID   a facilitator's dashboard token (aud heroes-query, scope analytics:read)
  --classroom ID     a client app's token for one classroom (aud heroes-ingest, scope events:write)
  --service          the main app's token (aud heroes-ingest, scope "roster:write events:write")
  --ttl DURATION     lifetime as ISO-8601, default PT12H
  -h, --help         this text
USAGE
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac

load_stack_env
heroes_cli token "$@"
