#!/bin/bash
# Records what one already-built Postfix `postconf` says, as raw text facts.
#
#   extract.sh POSTCONF CONF_DIR OUT_DIR
#
# POSTCONF  the postconf binary of one Postfix build (not built by this script)
# CONF_DIR  that build's stock configuration directory (holds main.cf and master.cf)
# OUT_DIR   where the outputs go, e.g. data/postfix-facts/3.11.6
#
# Outputs (all plain postconf output, sorted as postconf sorts it):
#   mail_version         the release the binary reports
#   postconf-d.txt       postconf -d, read with the stock master.cf (service-derived names appear);
#                        process_id (the PID of the run) is written as 0
#   names.txt            the built-in parameter names: postconf -d with an empty master.cf
#   compat.txt           per compatibility_level: "LEVEL<TAB>name = value" from postconf -x, only
#                        for names whose evaluated default differs between the levels
#   deprecated.txt       postconf's warnings for main.cf setting each name of sample-deprecated.cf
#
# Every run uses a private temporary configuration directory; nothing is installed.
set -eu
PCF=$1; CONF=$2; OUT=$3
LEVELS="0 1 2 3.6 3.11"
HERE=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C
unset MAIL_CONFIG || true
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
cp "$CONF/master.cf" "$TMP/master.cf"
cp "$CONF/main.cf" "$TMP/main.cf"
past() { touch -d '1 hour ago' "$TMP/main.cf" "$TMP/master.cf"; }
past
# process_id is the PID of this very postconf run: recorded as 0 so that outputs are reproducible.
"$PCF" -c "$TMP" -d | sed 's/^process_id = [0-9]*$/process_id = 0/' > "$OUT/postconf-d.txt"
"$PCF" -c "$TMP" -d -h mail_version > "$OUT/mail_version"
# Built-in names: postconf -d with an empty master.cf (no service-derived names).
: > "$TMP/master.cf"; past
"$PCF" -c "$TMP" -d | sed 's/ =.*//' > "$OUT/names.txt"
cp "$CONF/master.cf" "$TMP/master.cf"

# Defaults that depend on compatibility_level: evaluate every name at each level.
: > "$TMP/compat.raw"
for L in $LEVELS; do
  printf 'compatibility_level = %s\n' "$L" > "$TMP/main.cf"; past
  "$PCF" -c "$TMP" -x 2>/dev/null | grep -v -e "^config_directory = " -e "^process_id = " -e "^compatibility_level = " | sed "s/^/$L\t/" >> "$TMP/compat.raw" || true
done
# Keep the names whose evaluated value is not the same at all levels.
awk -F'\t' '{ n=$2; sub(/ =.*/, "", n); v[n]=v[n] "\x01" $2; c[n]++ }
  END { for (n in v) { k=split(v[n], p, "\x01"); same=1; for (i=3;i<=k;i++) if (p[i]!=p[2]) same=0; if (!same) print n } }' \
  "$TMP/compat.raw" | sort > "$TMP/varying"
: > "$OUT/compat.txt"
if [ -s "$TMP/varying" ]; then
  awk -F'\t' 'NR==FNR { want[$1]=1; next } { n=$2; sub(/ =.*/, "", n); if (n in want) print }' "$TMP/varying" "$TMP/compat.raw" > "$OUT/compat.txt"
fi

# Deprecation warnings: a main.cf setting each sample name (with the stock master.cf).
cp "$HERE/sample-deprecated.cf" "$TMP/main.cf"; past
"$PCF" -c "$TMP" -n > /dev/null 2> "$TMP/warn" || true
# postconf walks a hash table (randomized order): the warnings are sorted.
sed "s#$TMP/#CONFIG_DIR/#g; s#^[^:]*postconf: #postconf: #" "$TMP/warn" | LC_ALL=C sort > "$OUT/deprecated.txt"
