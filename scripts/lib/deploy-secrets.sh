#!/usr/bin/env bash
# The secrets of the container stack (docker-compose.yml, docs/adr/0027), generated on first use into a directory
# that is never committed (default <repo>/.stack-compose/secrets, git-ignored):
#
#   ca.crt, ca.key                    the deployment's own certificate authority (EC P-256, 10 years); ca.key never
#                                     leaves this directory (mode 600, root only)
#   <name>.crt, <name>.key            a server certificate per component, signed by that CA, valid for its compose
#                                     name, localhost and 127.0.0.1: postgres, pgbouncer, kafka-1, kafka-2, kafka-3
#   <name>.pem                        key and certificate in one file (Kafka's PEM key store): kafka-1..3
#   HEROES_PG_*_PASSWORD              the database roles' passwords, one value a file
#   jwt/                              the token issuer's key pair (scripts/lib/jwt-keys.sh); the services get only
#                                     jwt/jwk-set.json
#
# Files containers read are owned by root, group 10000 (heroes-secrets in every image), mode 0640; compose mounts
# them read-only under /run/secrets. Idempotent: what exists is kept.
#
#   scripts/lib/deploy-secrets.sh DIR              generate what is missing in DIR
#   scripts/lib/deploy-secrets.sh DIR --rotate-ca  a new CA and new certificates (passwords and token keys kept);
#                                                  then recreate the containers (docs/deployment.md)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=common.sh
source "$REPO_ROOT/scripts/lib/common.sh"
# shellcheck source=jwt-keys.sh
source "$REPO_ROOT/scripts/lib/jwt-keys.sh"

SECRETS_GID=10000
SERVERS=(postgres pgbouncer kafka-1 kafka-2 kafka-3)
PASSWORDS=(HEROES_PG_SUPERUSER_PASSWORD HEROES_PG_OWNER_PASSWORD HEROES_PG_WRITER_PASSWORD HEROES_PG_READER_PASSWORD
  HEROES_PG_BACKUP_PASSWORD)
CERT_DAYS=825

# readable DIR/FILE...: the files containers mount, for group heroes-secrets
readable() {
  chgrp "$SECRETS_GID" "$@"
  chmod 0640 "$@"
}

make_ca() {
  local dir=$1
  [[ -f $dir/ca.crt && -f $dir/ca.key ]] && return 0
  log "secrets: a new certificate authority in $dir"
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ca.key")
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 3650 -subj "/CN=Heroes Analytics deployment CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.crt" 2>/dev/null
  readable "$dir/ca.crt"
}

# make_server DIR NAME: NAME's key and certificate for its compose name, localhost and 127.0.0.1
make_server() {
  local dir=$1 name=$2
  [[ -f $dir/$name.crt && -f $dir/$name.key ]] && return 0
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$name.key")
  openssl req -new -key "$dir/$name.key" -subj "/CN=$name" -out "$dir/$name.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n%s\n' "$name" \
    'extendedKeyUsage=serverAuth,clientAuth' >"$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -sha256 \
    -days "$CERT_DAYS" -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$name.ext"
  cat "$dir/$name.key" "$dir/$name.crt" >"$dir/$name.pem"
  readable "$dir/$name.crt" "$dir/$name.key" "$dir/$name.pem"
}

generate() {
  local dir=$1 name
  command -v openssl >/dev/null || die "secrets: openssl is needed"
  mkdir -p "$dir"
  chmod 0750 "$dir"
  chgrp "$SECRETS_GID" "$dir"
  make_ca "$dir"
  for name in "${SERVERS[@]}"; do
    make_server "$dir" "$name"
  done
  for name in "${PASSWORDS[@]}"; do
    if [[ ! -s $dir/$name ]]; then
      (umask 077 && random_secret 32 | tr -d '\n' >"$dir/$name")
      readable "$dir/$name"
    fi
  done
  if [[ ! -f $dir/jwt/private-key.pem ]]; then
    log "secrets: the token issuer's key pair into $dir/jwt"
    jwt_keys_generate "$dir/jwt" || die "secrets: could not make the token signing key"
  fi
  # the services read the public JWK set; the private key stays root's (scripts/token.sh, the CLI)
  chmod 0750 "$dir/jwt"
  chgrp "$SECRETS_GID" "$dir/jwt"
  readable "$dir/jwt/jwk-set.json"
}

rotate_ca() {
  local dir=$1 name
  log "secrets: rotating the CA and every certificate in $dir"
  rm -f "$dir/ca.crt" "$dir/ca.key" "$dir/ca.srl"
  for name in "${SERVERS[@]}"; do
    rm -f "$dir/$name.crt" "$dir/$name.key" "$dir/$name.pem"
  done
  generate "$dir"
}

case "${1:-}" in
  "" | -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [[ -n ${1:-} ]] ;;
  *)
    dir=$1
    case "${2:-}" in
      "") generate "$dir" ;;
      --rotate-ca) rotate_ca "$dir" ;;
      *) die "secrets: unknown option $2 (see --help)" ;;
    esac
    ;;
esac
