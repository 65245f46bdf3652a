# shellcheck shell=bash
# The files of a backup and the checks that scripts/backup.sh and scripts/restore.sh both make
# (docs/operations.md, docs/adr/0022). A backup is a stem heroes_<UTC timestamp> with:
#   .dump.gpg        pg_dump --format=custom, streamed into gpg: encrypted to GPG_RECIPIENT
#   .roles.sql.gpg   the four roles of the design with their attributes (the allow-list below), encrypted likewise
#   .manifest        the sha256 of both, naming them
#   .<each>.sig      a detached signature of each of those three files by the backup signing key
# Needs common.sh.

# The roles a backup carries and a restore may create: no other role, ever.
BACKUP_ROLES=(heroes_owner heroes_writer heroes_reader heroes_backup)
# The files the manifest names, and every file of a backup.
BACKUP_PARTS=(dump.gpg roles.sql.gpg)
BACKUP_FILES=(dump.gpg dump.gpg.sig roles.sql.gpg roles.sql.gpg.sig manifest.sig manifest)
# The forget ledger beside the backups (scripts/forget-student.sh appends to it, restore.sh re-applies it).
LEDGER_NAME=forgotten-students.ledger

# The roles file, as backup.sh writes it: per role, as pg_dumpall writes roles, one CREATE and one ALTER ... WITH its
# attributes. Role settings and memberships are not carried: the bootstrap of a cluster makes them.
ROLES_QUERY="
  SELECT format('CREATE ROLE %s;', rolname) || E'\n' || format('ALTER ROLE %s WITH %s;', rolname, concat_ws(' ',
           CASE WHEN rolsuper THEN 'SUPERUSER' ELSE 'NOSUPERUSER' END,
           CASE WHEN rolinherit THEN 'INHERIT' ELSE 'NOINHERIT' END,
           CASE WHEN rolcreaterole THEN 'CREATEROLE' ELSE 'NOCREATEROLE' END,
           CASE WHEN rolcreatedb THEN 'CREATEDB' ELSE 'NOCREATEDB' END,
           CASE WHEN rolcanlogin THEN 'LOGIN' ELSE 'NOLOGIN' END,
           CASE WHEN rolreplication THEN 'REPLICATION' ELSE 'NOREPLICATION' END,
           CASE WHEN rolbypassrls THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END,
           CASE WHEN rolconnlimit <> -1 THEN 'CONNECTION LIMIT ' || rolconnlimit END))
  FROM pg_roles WHERE rolname IN ('heroes_owner', 'heroes_writer', 'heroes_reader', 'heroes_backup')
  ORDER BY rolname"

# backup_target URI: the URI without its password, for messages.
backup_target() { sed -E 's#//([^:/@]+):[^@]*@#//\1@#' <<<"$1"; }

# write_manifest DIR NAME ENTRIES: the manifest of the backup NAME whose files are in DIR.
write_manifest() {
  local dir=$1 name=$2 entries=$3 part
  printf '# heroes_in_waiting backup, made %s by scripts/backup.sh; %s entries in the dump\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$entries"
  for part in "${BACKUP_PARTS[@]}"; do
    printf '%s  %s\n' "$(sha256sum "$dir/$name.$part" | cut -d' ' -f1)" "$name.$part"
  done
}

# signed_by FILE SIGNER: whether FILE.sig is a detached signature of FILE, good, and made by the key SIGNER (a full
# fingerprint: the primary key's or its signing subkey's). Decided by gpg's machine-readable status lines, not its
# exit code alone: every signature in FILE.sig must be a VALIDSIG of a binary document by SIGNER, and none may be
# bad, expired, revoked or of a key that is missing; a good signature by any other key of the keyring is refused.
signed_by() {
  local file=$1 signer=${2^^} status
  [[ -f $file && -f $file.sig ]] || return 1
  status=$(LC_ALL=C gpg --batch --no-tty --status-fd 1 --verify "$file.sig" "$file" 2>/dev/null) || return 1
  # [GNUPG:] VALIDSIG <signing key fpr> <date> <time> <expires> <version> <reserved> <pk algo> <hash algo>
  #          <signature class> <primary key fpr>
  awk -v signer="$signer" '
    $1 == "[GNUPG:]" && $2 == "NEWSIG" { signatures++ }
    $1 == "[GNUPG:]" && $2 == "VALIDSIG" && $11 == "00" && (toupper($3) == signer || toupper($12) == signer) { good++ }
    $1 == "[GNUPG:]" && $2 ~ /^(BADSIG|ERRSIG|EXPSIG|EXPKEYSIG|REVKEYSIG|NO_PUBKEY|FAILURE)$/ { bad++ }
    END { exit !(signatures >= 1 && good == signatures && bad == 0) }' <<<"$status"
}

# verify_backup MANIFEST SIGNER: everything restore.sh checks before it decrypts anything, or dies. The manifest and
# each file it names carry a good signature by SIGNER; the manifest names exactly this backup's two files (so a
# genuine backup cannot pose under another's name) and their sha256 sums hold (so no file is swapped for a genuine
# one of another backup).
verify_backup() {
  local manifest=$1 signer=$2 dir name part expected
  [[ -f $manifest ]] || die "no manifest $manifest"
  dir=$(dirname "$manifest")
  name=$(basename "$manifest" .manifest)
  signed_by "$manifest" "$signer" ||
    die "$manifest: no good signature by the pinned signer $signer (HEROES_BACKUP_SIGNER); nothing was decrypted"
  expected=$(for part in "${BACKUP_PARTS[@]}"; do printf '%s\n' "$name.$part"; done)
  [[ $(grep -v '^#' "$manifest" | sed -E 's/^[0-9a-f]{64}  //') == "$expected" &&
    $(grep -v '^#' "$manifest" | grep -cE '^[0-9a-f]{64}  ') -eq ${#BACKUP_PARTS[@]} ]] ||
    die "$manifest does not name exactly the files of $name; nothing was decrypted"
  for part in "${BACKUP_PARTS[@]}"; do
    signed_by "$dir/$name.$part" "$signer" ||
      die "$dir/$name.$part: no good signature by the pinned signer $signer; nothing was decrypted"
  done
  (cd "$dir" && grep -v '^#' "$name.manifest" | sha256sum --check --quiet --strict >/dev/null 2>&1) ||
    die "the files of $name do not match its signed manifest; nothing was decrypted"
}

# roles_parse: reads a roles file on stdin and prints, per role, "ROLE LOGIN|NOLOGIN INHERIT|NOINHERIT
# BYPASSRLS|NOBYPASSRLS LIMIT" (LIMIT -1 for none) — or dies naming the first line outside the allow-list:
# blank lines, "--" comments, and per role of BACKUP_ROLES one "CREATE ROLE <role>;" and one
# "ALTER ROLE <role> WITH <attributes>;" whose attributes are NOSUPERUSER, NOCREATEROLE, NOCREATEDB,
# NOREPLICATION, NOBYPASSRLS (heroes_backup alone may have BYPASSRLS: pg_dump needs it, ADR 0004), LOGIN or
# NOLOGIN, INHERIT or NOINHERIT, and CONNECTION LIMIT <n>. Anything else — SUPERUSER, another role, a membership,
# a setting, a password, any other statement — is refused.
roles_parse() {
  local line n=0 role attributes word login inherit bypass limit
  local -A created=() altered=() parsed=()
  while IFS= read -r line || [[ -n $line ]]; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*(--.*)?$ ]] && continue
    if [[ $line =~ ^CREATE\ ROLE\ ([a-z_]+)\;$ ]]; then
      role=${BASH_REMATCH[1]}
      roles_known "$role" && [[ -z ${created[$role]:-} ]] || roles_refuse "$n" "$line"
      created[$role]=1
    elif [[ $line =~ ^ALTER\ ROLE\ ([a-z_]+)\ WITH\ ([A-Z0-9\ ]+)\;$ ]]; then
      role=${BASH_REMATCH[1]}
      attributes=${BASH_REMATCH[2]}
      roles_known "$role" && [[ -z ${altered[$role]:-} ]] || roles_refuse "$n" "$line"
      altered[$role]=1
      login="" inherit="" bypass="" limit=-1
      attributes=${attributes//CONNECTION LIMIT /CONNECTION_LIMIT=}
      for word in $attributes; do
        case $word in
          NOSUPERUSER | NOCREATEROLE | NOCREATEDB | NOREPLICATION) ;;
          LOGIN | NOLOGIN) [[ -z $login ]] || roles_refuse "$n" "$line"; login=$word ;;
          INHERIT | NOINHERIT) [[ -z $inherit ]] || roles_refuse "$n" "$line"; inherit=$word ;;
          NOBYPASSRLS) [[ -z $bypass ]] || roles_refuse "$n" "$line"; bypass=$word ;;
          BYPASSRLS) [[ -z $bypass && $role == heroes_backup ]] || roles_refuse "$n" "$line"; bypass=$word ;;
          CONNECTION_LIMIT=*)
            limit=${word#CONNECTION_LIMIT=}
            [[ $limit =~ ^[0-9]{1,5}$ ]] || roles_refuse "$n" "$line" ;;
          *) roles_refuse "$n" "$line" ;;
        esac
      done
      parsed[$role]="$role ${login:-NOLOGIN} ${inherit:-INHERIT} ${bypass:-NOBYPASSRLS} $limit"
    else
      roles_refuse "$n" "$line"
    fi
  done
  for role in "${BACKUP_ROLES[@]}"; do
    if [[ -n ${created[$role]:-} && -n ${altered[$role]:-} ]]; then
      printf '%s\n' "${parsed[$role]}"
    elif [[ -n ${created[$role]:-} || -n ${altered[$role]:-} ]]; then
      die "the roles file has a CREATE ROLE or an ALTER ROLE of $role without the other (the roles allow-list)"
    fi
  done
}

roles_known() {
  local role
  for role in "${BACKUP_ROLES[@]}"; do [[ $1 == "$role" ]] && return 0; done
  return 1
}

# roles_refuse N LINE: dies naming line N of the roles file (printable characters only, cut short).
roles_refuse() {
  die "line $1 of the roles file is outside the roles allow-list (the four roles, known attributes, nothing else): $(LC_ALL=C tr -cd '[:print:]' <<<"$2" | cut -c1-120)"
}

# apply_retention DIR KEEP MAX_AGE_DAYS: deletes backups older than MAX_AGE_DAYS, never the newest KEEP.
apply_retention() {
  local dir=$1 keep=$2 max_age=$3 manifest stem file n=0
  while IFS= read -r manifest; do
    n=$((n + 1))
    ((n > keep)) || continue
    if [[ -n $(find "$manifest" -mtime +"$max_age") ]]; then
      stem=${manifest%.manifest}
      log "retention: deleting $(basename "$stem") (older than $max_age days, beyond the newest $keep)"
      for file in "${BACKUP_FILES[@]}"; do rm -f "$stem.$file"; done
    fi
  done < <(find "$dir" -maxdepth 1 -name 'heroes_*.manifest' -printf '%f\n' | sort -r | sed "s#^#$dir/#")
}
