# shellcheck shell=bash
# The files of a backup (scripts/backup.sh, scripts/restore.sh): a stem heroes_<timestamp> with
# .dump.gpg, .roles.sql.gpg and .manifest. Needs common.sh.

# backup_target URI: the URI without its password, for messages.
backup_target() { sed -E 's#//([^:/@]+):[^@]*@#//\1@#' <<<"$1"; }

# write_manifest STEM ENTRIES: the manifest of a backup whose files are STEM.*.partial.
write_manifest() {
  local stem=$1 entries=$2 name
  printf '# heroes_in_waiting backup, made %s by scripts/backup.sh; %s entries in the dump\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$entries"
  for name in dump.gpg roles.sql.gpg; do
    printf '%s  %s\n' "$(sha256sum "$stem.$name.partial" | cut -d' ' -f1)" "$(basename "$stem.$name")"
  done
}

# check_manifest MANIFEST: the files it names exist beside it with those sha256 sums.
check_manifest() {
  local manifest=$1
  [[ -f $manifest ]] || die "no manifest $manifest"
  (cd "$(dirname "$manifest")" && grep -v '^#' "$(basename "$manifest")" | sha256sum --check --quiet --strict) ||
    die "the backup's files do not match $manifest"
}

# apply_retention DIR KEEP MAX_AGE_DAYS: deletes backups older than MAX_AGE_DAYS, never the newest KEEP.
apply_retention() {
  local dir=$1 keep=$2 max_age=$3 manifest stem n=0
  while IFS= read -r manifest; do
    n=$((n + 1))
    ((n > keep)) || continue
    if [[ -n $(find "$manifest" -mtime +"$max_age") ]]; then
      stem=${manifest%.manifest}
      log "retention: deleting $(basename "$stem") (older than $max_age days, beyond the newest $keep)"
      rm -f "$stem.dump.gpg" "$stem.roles.sql.gpg" "$manifest"
    fi
  done < <(find "$dir" -maxdepth 1 -name 'heroes_*.manifest' -printf '%f\n' | sort -r | sed "s#^#$dir/#")
}
