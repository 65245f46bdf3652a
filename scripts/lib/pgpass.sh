# shellcheck shell=bash
# Passwords reach libpq's tools (psql, pg_dump, pg_restore, pg_dumpall) through a password file, never
# through their command lines: `ps` shows every argument of every process to every user of the machine.
#
#   pgpass_begin "$work"                         # once: $work/pgpass (mode 600), exported as PGPASSFILE
#   uri=$(pgpass_uri "$HEROES_PG_BACKUP_URI")     # records the password, prints the URI without it
#   pg_dump --dbname="$uri" ...                   # libpq finds the password in PGPASSFILE
#
# The file lives in a folder the caller owns and removes (its own trap); entries match any database of
# that host, port and user, so a URI rewritten to another database of the same server still finds its
# password. Needs common.sh.

# pgpass_begin DIR: creates DIR/pgpass, readable by this user only, and exports PGPASSFILE. libpq reads one password
# file only, so the lines of the one in effect before ($PGPASSFILE, else ~/.pgpass) are carried over: a URI without a
# password (its password kept in ~/.pgpass, as docs/operations.md advises) still finds it.
pgpass_begin() {
  local file="$1/pgpass" inherited=${PGPASSFILE:-${HOME:-/nonexistent}/.pgpass}
  (umask 077 && : >"$file")
  if [[ $inherited != "$file" && -f $inherited && -r $inherited ]]; then
    cat "$inherited" >>"$file"
  fi
  export PGPASSFILE=$file
}

# pgpass_uri URI: puts URI's password first in $PGPASSFILE (host:port:*:user:password; libpq takes the first line
# that matches, so it wins over a carried-over one) and prints URI without it. A URI without a password is printed
# unchanged.
pgpass_uri() {
  local uri=$1
  [[ -n ${PGPASSFILE:-} && -f $PGPASSFILE ]] || die "pgpass_uri: call pgpass_begin first"
  local pattern='^(postgres(ql)?://)([^:@/]+):([^@]*)@([^/?]+)(.*)$'
  if [[ ! $uri =~ $pattern ]]; then
    printf '%s' "$uri"
    return 0
  fi
  local scheme=${BASH_REMATCH[1]} user=${BASH_REMATCH[3]} password=${BASH_REMATCH[4]}
  local hostport=${BASH_REMATCH[5]} rest=${BASH_REMATCH[6]} host port=5432
  host=$hostport
  if [[ $hostport =~ ^(.*):([0-9]+)$ ]]; then
    host=${BASH_REMATCH[1]}
    port=${BASH_REMATCH[2]}
  fi
  (
    umask 077
    {
      printf '%s:%s:*:%s:%s\n' "$(pgpass_field "$host")" "$port" "$(pgpass_field "$(pgpass_decode "$user")")" \
        "$(pgpass_field "$(pgpass_decode "$password")")"
      cat "$PGPASSFILE"
    } >"$PGPASSFILE.new"
  )
  mv "$PGPASSFILE.new" "$PGPASSFILE"
  printf '%s%s@%s%s' "$scheme" "$user" "$hostport" "$rest"
}

# pgpass_decode TEXT: percent-decoding, as libpq applies to a URI's user and password.
pgpass_decode() { printf '%b' "${1//%/\\x}"; }

# pgpass_field TEXT: a .pgpass field, its backslashes and colons escaped.
pgpass_field() {
  local text=${1//\\/\\\\}
  printf '%s' "${text//:/\\:}"
}
