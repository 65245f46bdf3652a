#!/usr/bin/env bash
# Mints a token for the local stack and prints it (contract §3).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/cli.sh
source "$REPO_ROOT/scripts/lib/cli.sh"

usage() {
  cat <<'USAGE'
Usage: scripts/token.sh --facilitator ID | --classroom ID | --service [--ttl DURATION]

Mints a JWT signed with the issuer's private key and prints it: the PKCS#8 PEM file HEROES_JWT_PRIVATE_KEY_FILE
(EC P-256 for ES256, or RSA for RS256), its key id HEROES_JWT_KID, the issuer HEROES_JWT_ISSUER (default
heroes-local). Without HEROES_JWT_PRIVATE_KEY_FILE in the environment, the running local stack's key is used
(scripts/stack.sh env). The services verify with the public JWK set only.

  --facilitator ID   a facilitator's dashboard token (aud heroes-query, scope analytics:read)
  --classroom ID     a client app's token for one classroom (aud heroes-ingest, scope events:write)
  --service          the main app's token (aud heroes-ingest, scope "roster:write events:write")
  --ttl DURATION     lifetime as ISO-8601; default, and most, the kind's longest: PT12H for a facilitator,
                     PT720H (30 days) for a client app, PT1H for the service
  -h, --help         this text
USAGE
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
esac

load_stack_env
heroes_cli token "$@"
