#!/usr/bin/env bash
# The token issuer's keys (docs/adr/0023): an EC P-256 key pair made with openssl, as files
#   DIR/private-key.pem   the private key, PKCS#8 PEM, mode 600: for whoever mints tokens (scripts/token.sh), never a
#                         service
#   DIR/public-jwk.json   its public half as a JWK, with kid, "use":"sig", "alg":"ES256"
#   DIR/jwk-set.json      a JWK set of that one key: what the services verify with (HEROES_JWT_JWK_SET)
#   DIR/kid               the key id: the RFC 7638 thumbprint of the public key (HEROES_JWT_KID)
# Sourced by scripts/stack.sh (jwt_keys_generate) and scripts/restore.sh; run directly for a district's own keys and
# for rotation (docs/operations.md, "Token keys"). See --help.

# base64url: standard input as unpadded base64url (RFC 4648 §5), one line.
jwt_base64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

# jwt_keys_generate DIR: a new key pair in DIR, unless DIR already holds one (then nothing changes).
jwt_keys_generate() {
  local dir=$1 x y kid
  [[ -f $dir/private-key.pem && -f $dir/kid ]] && return 0
  command -v openssl >/dev/null || { echo "openssl is needed to make the token signing key" >&2; return 1; }
  mkdir -p "$dir"
  chmod 700 "$dir"
  (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/private-key.pem.tmp") ||
    { echo "openssl could not make a P-256 key in $dir" >&2; return 1; }
  # SubjectPublicKeyInfo of a P-256 key ends with the uncompressed point 04 || X || Y, 32 bytes each
  x=$(openssl pkey -in "$dir/private-key.pem.tmp" -pubout -outform DER | tail -c 64 | head -c 32 | jwt_base64url)
  y=$(openssl pkey -in "$dir/private-key.pem.tmp" -pubout -outform DER | tail -c 32 | jwt_base64url)
  [[ ${#x} == 43 && ${#y} == 43 ]] || { echo "unexpected public key from openssl" >&2; return 1; }
  kid=$(printf '{"crv":"P-256","kty":"EC","x":"%s","y":"%s"}' "$x" "$y" | openssl dgst -sha256 -binary |
    jwt_base64url)
  printf '{"kty":"EC","crv":"P-256","x":"%s","y":"%s","kid":"%s","use":"sig","alg":"ES256"}\n' "$x" "$y" "$kid" \
    >"$dir/public-jwk.json"
  jwt_keys_set "$dir/public-jwk.json" >"$dir/jwk-set.json"
  printf '%s\n' "$kid" >"$dir/kid"
  chmod 644 "$dir/public-jwk.json" "$dir/jwk-set.json" "$dir/kid"
  mv "$dir/private-key.pem.tmp" "$dir/private-key.pem"
}

# jwt_keys_set PUBLIC_JWK_FILE...: a JWK set of the given public keys on standard output (rotation: the old and
# the new key at once). Refuses a file that holds a private part ("d").
jwt_keys_set() {
  local file first=1
  printf '{"keys":['
  for file in "$@"; do
    if grep -q '"d"' "$file"; then
      echo "$file holds a private key part: a JWK set for the services takes public keys only" >&2
      return 1
    fi
    ((first)) || printf ','
    first=0
    tr -d '\n' <"$file"
  done
  printf ']}\n'
}

jwt_keys_usage() {
  cat <<'USAGE'
Usage: scripts/lib/jwt-keys.sh generate DIR
       scripts/lib/jwt-keys.sh set PUBLIC_JWK_FILE...

generate  a new EC P-256 key pair in DIR (created mode 700; nothing changes if DIR holds one already):
          private-key.pem (PKCS#8 PEM, mode 600: for the issuer only), public-jwk.json, jwk-set.json (that key
          alone: what the services read through HEROES_JWT_JWK_SET) and kid (HEROES_JWT_KID)
set       prints a JWK set of the given public keys, e.g. the old and the new key during a rotation
          (docs/operations.md, "Token keys")
Needs openssl.
USAGE
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    generate) [[ $# == 2 ]] || { jwt_keys_usage >&2; exit 2; }; jwt_keys_generate "$2"; cat "$2/kid" ;;
    set) shift; (($#)) || { jwt_keys_usage >&2; exit 2; }; jwt_keys_set "$@" ;;
    -h | --help) jwt_keys_usage ;;
    *) jwt_keys_usage >&2; exit 2 ;;
  esac
fi
