#!/usr/bin/env bash
# End-to-end tests of encryption at rest and retention (issue 8;
# docs/storage.md) through the real executable on real folders.
# Usage: encryption_cli_test.sh PATH/TO/sardesk
set -uo pipefail
BIN="$1"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/config"
unset SARDESK_KEY SARDESK_KEY_FILE
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_eq() { if [ "$1" == "$2" ]; then ok; else bad "$3: expected '$2', got '$1'"; fi; }
expect_code() {  # expected_code description command...
  local want="$1" what="$2"; shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  if [ "$got" == "$want" ]; then ok; else bad "$what: exit $got, wanted $want; stderr: $(head -c 300 "$WORK/err")"; fi
}
one_line() { expect_eq "$(wc -l < "$WORK/err")" "1" "$1: one-line error"; }
json_get() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }

for cmd in key "key generate" store "store encrypt" "store export" retention "retention run"; do
  # shellcheck disable=SC2086
  expect_code 0 "sardesk $cmd --help" "$BIN" $cmd --help
done

# Keys: generated, private, never overwritten; refused when unsafe.
expect_code 0 "key generate" "$BIN" key generate --out "$WORK/keys/a.key" --json
expect_eq "$(stat -c %a "$WORK/keys/a.key")" "600" "the key file is private"
expect_code 1 "key generate does not overwrite" "$BIN" key generate --out "$WORK/keys/a.key"
one_line "overwrite"
D="$WORK/data"
S() { "$BIN" --data "$D" --key-file "$WORK/keys/a.key" --today 2025-09-10 --as ava "$@"; }
S case new --subject "Ellie Carter" --dob 2009-03-14 --received 2019-01-10 --json > "$WORK/c.json" || bad "case new"
REF=$(json_get '["reference"]' < "$WORK/c.json")
printf 'Case note\nMum Kelly Morgan phoned about Ellie Carter at 12 Acacia Road.\n' > "$WORK/note.txt"
S ingest --case "$REF" "$WORK/note.txt" >/dev/null || bad "ingest"
grep -rl "Acacia" "$D" >/dev/null && bad "a stored file or the database holds the note's text in clear: $(grep -rl Acacia "$D")"
for f in "$D"/blobs/*/*; do head -c 4 "$f" | grep -q '%PDF' && bad "a stored PDF is in clear: $f"; done

# Wrong, missing or unsafe keys.
"$BIN" key generate --out "$WORK/keys/b.key" >/dev/null
expect_code 1 "a wrong key" "$BIN" --data "$D" --key-file "$WORK/keys/b.key" case list
grep -q "does not open this data folder" "$WORK/err" || bad "wrong key message: $(cat "$WORK/err")"
one_line "wrong key"
cp "$WORK/keys/a.key" "$D/inside.key"
expect_code 1 "a key inside the data folder" "$BIN" --data "$D" --key-file "$D/inside.key" case list
grep -q "inside the data folder" "$WORK/err" || bad "inside message: $(cat "$WORK/err")"
one_line "key inside"
cp "$WORK/keys/a.key" "$WORK/keys/open.key"
chmod 644 "$WORK/keys/open.key"
expect_code 1 "a key others can read" "$BIN" --data "$D" --key-file "$WORK/keys/open.key" case list
grep -q "chmod 600" "$WORK/err" || bad "mode message: $(cat "$WORK/err")"
expect_code 0 "SARDESK_KEY (base64)" env SARDESK_KEY="$(cat "$WORK/keys/a.key")" "$BIN" --data "$D" case list
expect_code 0 "SARDESK_KEY_FILE" env SARDESK_KEY_FILE="$WORK/keys/a.key" "$BIN" --data "$D" case list
expect_code 1 "SARDESK_KEY that is not a key" env SARDESK_KEY=nonsense "$BIN" --data "$D" case list

# The default key: made once, outside the data folder, and used from then on.
DD="$WORK/demo"
expect_code 0 "a new folder with the default key" "$BIN" --data "$DD" --today 2025-09-10 demo load
[ -f "$XDG_CONFIG_HOME/sardesk/data.key" ] || bad "the default key was made"
expect_eq "$(stat -c %a "$XDG_CONFIG_HOME/sardesk/data.key")" "600" "the default key is private"
expect_code 0 "the default key opens it again" "$BIN" --data "$DD" case list

# Retention: nothing is due for an open case; a closed one is reduced after the period.
expect_code 0 "retention dry run" S retention run --dry-run --json
expect_eq "$(json_get '["due"]' < "$WORK/out")" "[]" "an open request is not due"
S case transition "$REF" --to withdrawn --reason "requester withdrew" >/dev/null 2>"$WORK/err" || bad "withdraw: $(cat "$WORK/err")"
L() { "$BIN" --data "$D" --key-file "$WORK/keys/a.key" --today "$1" --as ava "${@:2}"; }
expect_code 0 "not due five years on" L 2030-09-09 retention run --json
expect_eq "$(json_get '["due"]' < "$WORK/out")" "[]" "kept for six years"
expect_code 0 "due after six years (dry run)" L 2031-09-11 retention run --dry-run --json
expect_eq "$(json_get '["due"][0]["reference"]' < "$WORK/out")" "$REF" "listed as due"
expect_eq "$(ls "$D"/blobs/*/* | wc -l | tr -d ' ')" "2" "a dry run destroys nothing"
expect_code 0 "destroy" L 2031-09-11 retention run --json
expect_eq "$(json_get '["due"][0]["destroyed"]' < "$WORK/out")" "True" "destroyed"
expect_eq "$(ls "$D"/blobs/*/* 2>/dev/null | wc -l | tr -d ' ')" "0" "its stored files are gone"
L 2031-09-11 case show "$REF" --json > "$WORK/show.json" || bad "the register keeps the request"
grep -q "Ellie" "$WORK/show.json" && bad "the subject's name is still in the record"
expect_eq "$(json_get '["record"]["received"]' < "$WORK/show.json" 2>/dev/null || json_get '["received"]' < "$WORK/show.json")" "2019-01-10" "dates kept"
L 2031-09-11 case history "$REF" --json > "$WORK/hist.json"
grep -q "case.retention_destroy" "$WORK/hist.json" || bad "the destruction is audited"
expect_code 0 "audit still verifies" L 2031-09-11 audit verify
expect_code 0 "a second run finds nothing" L 2031-09-11 retention run --json
expect_eq "$(json_get '["due"]' < "$WORK/out")" "[]" "destroyed once"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
