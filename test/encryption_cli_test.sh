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

for cmd in key "key generate" store "store encrypt" "store export" "store rotate-key" retention "retention run"; do
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

# Key rotation: afterwards only the new key opens the folder, and every
# stored file and page reads with it (an interrupted rotation is tested in
# src/store/key_rotation_test.cc).
R="$WORK/rotate"
"$BIN" key generate --out "$WORK/keys/new.key" >/dev/null
RS() { "$BIN" --data "$R" --key-file "$1" --today 2025-09-10 --as ava "${@:2}"; }
RS "$WORK/keys/a.key" case new --subject "Ellie Carter" --dob 2009-03-14 --received 2025-09-01 --json > "$WORK/r.json" || bad "case new (rotate)"
RREF=$(json_get '["reference"]' < "$WORK/r.json")
RS "$WORK/keys/a.key" ingest --case "$RREF" "$WORK/note.txt" >/dev/null || bad "ingest (rotate)"
BLOB=$(ls "$R"/blobs/*/* | head -1)
SHA="$(basename "$(dirname "$BLOB")")$(basename "$BLOB")"
RS "$WORK/keys/a.key" store export "$SHA" --out "$WORK/before.bin" >/dev/null || bad "export before rotation"
expect_code 1 "rotate to a key inside the data folder" RS "$WORK/keys/a.key" store rotate-key --new-key-file "$D/inside.key"
one_line "new key inside"
expect_code 1 "rotate to the same key" RS "$WORK/keys/a.key" store rotate-key --new-key-file "$WORK/keys/a.key"
one_line "same key"
expect_code 2 "rotate-key without --new-key-file" RS "$WORK/keys/a.key" store rotate-key
# Not while a server runs on the folder (it would write under the old key).
"$BIN" --data "$R" --key-file "$WORK/keys/a.key" --today 2025-09-10 serve --port 0 > "$WORK/serve.out" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 100); do [ -e "$R/sardesk.lock" ] && grep -q "listening\|http://" "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
expect_code 1 "rotate-key while serve runs" RS "$WORK/keys/a.key" store rotate-key --new-key-file "$WORK/keys/new.key"
one_line "serve running"
grep -q "stop it before rotating the key" "$WORK/err" && ok || bad "the message says to stop the server: $(cat "$WORK/err")"
expect_code 1 "a second serve on the same folder" RS "$WORK/keys/a.key" serve --port 0
grep -q "another sardesk serve" "$WORK/err" && ok || bad "the second server says why: $(cat "$WORK/err")"
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null
expect_code 0 "rotate-key" RS "$WORK/keys/a.key" store rotate-key --new-key-file "$WORK/keys/new.key" --json
expect_eq "$(json_get '["rotated"]' < "$WORK/out")" "True" "rotated"
expect_eq "$(json_get '["files_resealed"]' < "$WORK/out")" "$(ls "$R"/blobs/*/* | wc -l | tr -d ' ')" "every stored file re-encrypted"
expect_code 1 "the old key is refused" RS "$WORK/keys/a.key" case list
grep -q "does not open this data folder" "$WORK/err" || bad "old key message: $(cat "$WORK/err")"
one_line "old key after rotation"
expect_code 0 "the new key opens it" RS "$WORK/keys/new.key" case list
expect_code 0 "the new key reads a stored file" RS "$WORK/keys/new.key" store export "$SHA" --out "$WORK/after.bin"
cmp -s "$WORK/before.bin" "$WORK/after.bin" || bad "the stored file changed in the rotation"
DOC=$(RS "$WORK/keys/new.key" documents --case "$RREF" --json | json_get '["documents"][0]["id"]')
RS "$WORK/keys/new.key" page "$DOC" 1 --json > "$WORK/page.json" || bad "the new key reads the page"
grep -q "Acacia" "$WORK/page.json" || bad "the page's text after rotation: $(head -c 300 "$WORK/page.json")"
expect_code 0 "the new key renders the page" RS "$WORK/keys/new.key" page "$DOC" 1 --png "$WORK/page.png"
expect_code 0 "audit verifies after rotation" RS "$WORK/keys/new.key" audit verify
grep -rl "Acacia" "$R" >/dev/null && bad "plaintext after rotation: $(grep -rl Acacia "$R")"
expect_code 1 "rotating again to the same new key" RS "$WORK/keys/a.key" store rotate-key --new-key-file "$WORK/keys/new.key"
grep -q "already encrypted with the new key" "$WORK/err" || bad "again message: $(cat "$WORK/err")"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
