#!/usr/bin/env bash
# End-to-end tests of the command line: exit codes, --help, --json, and the
# rules that must be checkable from outside. Usage: cli_test.sh PATH/TO/sardesk
set -uo pipefail
BIN="$1"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/config"  # the default encryption key is made here (docs/storage.md)
unset SARDESK_KEY SARDESK_KEY_FILE
D="$WORK/data"
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
json_get() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }
S() { "$BIN" --data "$D" --today 2025-09-10 --as ava "$@"; }

# --help on every subcommand exits 0 and says what it does.
for cmd in "" serve "case" "case new" "case show" "case list" "case update" "case history" \
           "case transition" "case evidence" "case competence" "case clarify" "case clarified" \
           "case extend" "case fee" "case communicate" "case assign" "case conflict" "case split" \
           "case refuse" "case release" "case complaint" "case complaint-update" \
           "case search" "case search-answer" "case search-cancel" "case messages" "service-area" \
           "service-area add" "service-area list" mail "mail send" ingest documents page \
           "audit" "audit verify" deadline holiday "holiday add" "holiday list" user "user add" \
           "user list" reference settings "settings show" "settings set" timers "timers run" demo "demo load" \
           redact detect redaction "redaction propose" "redaction list" "redaction decide" "redaction add" \
           "redaction rule" "redaction apply" "redaction documents" "redaction export" "redaction schedule" \
           qa "qa show" "qa sample" "qa add-page" "qa redact" "qa pass" "qa send-back" \
           consent "consent list" "consent record" staff-concern "staff-concern list" "staff-concern record" \
           "staff-concern withdraw" safeguarding "safeguarding show" "safeguarding meeting" \
           exemption "exemption list" "exemption set" "exemption remove"; do
  # shellcheck disable=SC2086
  expect_code 0 "sardesk $cmd --help" "$BIN" $cmd --help
  grep -qi "usage" "$WORK/out" || bad "sardesk $cmd --help prints no usage"
done

# Usage errors exit 2; user errors exit 1 with one line.
expect_code 2 "unknown option" "$BIN" deadline --received 2025-01-01 --bogus
expect_code 2 "missing required option" "$BIN" deadline
expect_code 2 "no subcommand" "$BIN"
expect_code 1 "impossible date" "$BIN" --data "$D" deadline --received 2025-02-30
expect_eq "$(wc -l <"$WORK/err")" "1" "a user error prints one line"
grep -q "not a real date" "$WORK/err" || bad "impossible date message: $(cat "$WORK/err")"

# The statutory clock from outside (ICO examples and working-day rules).
due() { "$BIN" --data "$D" deadline --json "$@" | json_get '["due"]'; }
expect_eq "$(due --received 2025-09-03)" "2025-10-03" "3 Sep -> 3 Oct"
expect_eq "$(due --received 2025-01-31)" "2025-02-28" "31 Jan -> 28 Feb"
expect_eq "$(due --received 2024-01-31)" "2024-02-29" "31 Jan 2024 -> 29 Feb (leap year)"
expect_eq "$(due --received 2025-03-31)" "2025-04-30" "31 Mar -> 30 Apr"
expect_eq "$(due --received 2025-09-06)" "2025-10-06" "due on a Monday when the date falls on a Monday"
expect_eq "$(due --received 2025-10-04)" "2025-11-04" "4 Oct -> 4 Nov"
expect_eq "$(due --received 2025-11-25)" "2025-12-29" "25 Dec -> Christmas and Boxing Day and weekend"
expect_eq "$(due --received 2025-12-02 --region england-and-wales)" "2026-01-02" "2 Jan is a working day in England"
expect_eq "$(due --received 2025-12-02 --region scotland)" "2026-01-05" "2 Jan is a holiday in Scotland"
expect_eq "$(due --received 2025-09-03 --extension-months 2)" "2025-12-03" "extension of two months"
expect_eq "$(due --received 2025-09-03 --paused-days 4)" "2025-10-07" "paused days added"
expect_code 1 "extension of three months" "$BIN" --data "$D" deadline --received 2025-09-03 --extension-months 3
expect_code 1 "unknown region" "$BIN" --data "$D" deadline --received 2025-09-03 --region wales

expect_eq "$("$BIN" --data "$D" reference --json | json_get '["enums"]["route"][0]["value"]')" "sar" "reference data lists routes"

# A request from receipt to release through the command line.
S user add --username ava --name "Ava Okafor" --role ig_officer >/dev/null || bad "user add"
S user add --username cara --name "Cara Singh" --role ig_manager >/dev/null || bad "user add manager"
REF=$(S case new --subject "Kay O'Brien" --dob 2001-02-03 --received 2025-09-03 --json | json_get '["reference"]')
expect_eq "$REF" "SAR-2025-000001" "first reference"
expect_eq "$(S case show "$REF" --json | json_get '["status"]')" "received" "new case status"
expect_code 1 "illegal move" S case transition "$REF" --to qa
grep -q "cannot move to qa" "$WORK/err" || bad "illegal move message: $(cat "$WORK/err")"
expect_code 1 "validate without ID" S case transition "$REF" --to validated
grep -q "identity not verified" "$WORK/err" || bad "validation blocker message: $(cat "$WORK/err")"
S case evidence "$REF" --purpose photo_id --type passport --seen-on 2025-09-05 >/dev/null || bad "add passport"
OLD=$(S case evidence "$REF" --purpose proof_of_address --type utility_bill --document-date 2025-04-01 --seen-on 2025-09-05 --json)
expect_eq "$(echo "$OLD" | json_get '["evidence"][1]["accepted"]')" "False" "old utility bill rejected"
echo "$OLD" | grep -q "older than three months" || bad "old bill reason"
S case evidence "$REF" --purpose proof_of_address --type council_tax_bill --document-date 2025-08-01 --seen-on 2025-09-05 >/dev/null || bad "add council tax bill"
expect_code 0 "validate" S case transition "$REF" --to validated --on 2025-09-05
V=$(S case show "$REF" --json)
expect_eq "$(echo "$V" | json_get '["clock"]["start"]')" "2025-09-05" "clock starts when ID verified"
expect_eq "$(echo "$V" | json_get '["clock"]["due"]')" "2025-10-06" "due a month after ID, rolled past Sunday"
expect_code 1 "search without officer" S case transition "$REF" --to searching
S case assign "$REF" --officer ava >/dev/null || bad "assign"
expect_code 0 "searching" S case transition "$REF" --to searching
expect_code 1 "bad enum in body" S case update "$REF" --body '{"channel":"pigeon"}'
grep -q "use one of" "$WORK/err" || bad "enum message lists values"
expect_code 1 "malformed json body" S case update "$REF" --body '{"channel":'
expect_code 1 "status is not editable" S case update "$REF" --body '{"status":"closed"}'
expect_eq "$(S case show "$REF" --json | json_get '["version"]')" "7" "bad input changed nothing"
# Looking at a request from the command line is audited like the API's views.
cli_views() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM audit_log WHERE action = 'case.view' AND entity_id = ? AND after LIKE '%cli: case show%'\", (sys.argv[2],)).fetchone()[0])" "$D/sardesk.db" "$REF"; }
VIEWS_BEFORE=$(cli_views)
S case show "$REF" >/dev/null || bad "case show"
expect_eq "$(cli_views)" "$((VIEWS_BEFORE + 1))" "case show is audited as a view"
expect_code 1 "case show of a missing request" S case show SAR-1999-000001
expect_eq "$(cli_views)" "$((VIEWS_BEFORE + 1))" "nothing audited for a missing request"
expect_code 0 "audit verify after views" S audit verify
expect_code 0 "extend within the first month" S case extend "$REF" --months 2 --reasons "Large volume of unstructured paper records" --requester-told-on 2025-09-10
expect_eq "$(S case show "$REF" --json | json_get '["clock"]["due"]')" "2025-12-05" "extended to three months from the start"
# Searches by service areas: SAR1 to the single point of contact, reminder, escalation.
S settings set --body '{"mail_from":"sar@council.example","ig_manager_email":"igm@council.example","head_of_compliance_email":"hoc@council.example"}' >/dev/null || bad "mail settings"
S service-area add --id childrens --name "Children's social care" --contact-name "Pat Jones" \
  --contact-email pat@council.example --director-email dcs@council.example --systems "Mosaic,Archive" >/dev/null || bad "service-area add"
expect_code 1 "service area with a bad email" S service-area add --id x --name X --contact-name Y --contact-email nope
expect_code 1 "search an unknown area" S case search "$REF" --areas housing
SEARCH=$(S case search "$REF" --areas childrens --json)
expect_eq "$(echo "$SEARCH" | json_get '["search_tasks"][0]["due"]')" "2025-09-17" "search due in five working days"
expect_eq "$(ls "$D/outbox" | wc -l)" "1" "search request written to the outbox"
grep -q "Do not redact anything" "$D"/outbox/*.eml || bad "SAR1 instructions in the message"
expect_eq "$("$BIN" --data "$D" --today 2025-09-18 timers run --json | json_get '["search_steps"][0]["action"]')" "reminded" "reminder after the deadline"
expect_eq "$("$BIN" --data "$D" --today 2025-09-23 timers run --json | json_get '["search_steps"][0]["action"]')" "escalated" "escalation after an ignored reminder"
expect_eq "$(S case messages "$REF" --json | json_get '["messages"].__len__()')" "3" "three messages on the case"
TASK=$(echo "$SEARCH" | json_get '["search_tasks"][0]["id"]')
expect_code 0 "record no records found" S case search-answer "$REF" --id "$TASK" --outcome no_records --note "Searched Mosaic"

# Ingestion: every file stored with its provenance; a bad one fails alone.
printf 'Case note\nVisited the family at home.\n' > "$WORK/note.txt"
: > "$WORK/empty.pdf"
expect_code 1 "ingest with one bad file" S ingest --case "$REF" --service-area childrens "$WORK/note.txt" "$WORK/empty.pdf"
grep -q "empty" "$WORK/out" || bad "ingest reports the empty file: $(cat "$WORK/out")"
grep -q "1 of 2 files could not be used" "$WORK/err" || bad "ingest error line: $(cat "$WORK/err")"
DOCS=$(S documents --case "$REF" --json)
expect_eq "$(echo "$DOCS" | json_get '["volume"]["pages"]')" "1" "one page ingested"
DOC=$(echo "$DOCS" | json_get '["documents"][0]["id"]')
expect_eq "$(echo "$DOCS" | json_get '["documents"][0]["service_area"]')" "childrens" "provenance kept"
S page "$DOC" 1 | grep -q "Visited the family" || bad "page text"
expect_code 0 "page as png" S page "$DOC" 1 --png "$WORK/p1.png" --dpi 40
expect_eq "$(head -c 4 "$WORK/p1.png" | tail -c 3)" "PNG" "png written"
expect_code 1 "exclude needs a reason" S documents --case "$REF" --exclude "$DOC"
expect_eq "$(S documents --case "$REF" --exclude "$DOC" --reason "Out of scope" --json | json_get '["volume"]["excluded_pages"]')" "1" "excluded pages counted"
S documents --case "$REF" --include "$DOC" >/dev/null || bad "include the document again"
# A single page: excluded with a reason (the request must be named), then put back.
expect_code 2 "page exclude needs --case" S page "$DOC" 1 --exclude --reason "x"
expect_code 1 "page exclude needs a reason" S page "$DOC" 1 --exclude --case "$REF"
expect_eq "$(S page "$DOC" 1 --exclude --case "$REF" --reason "Police report" --json | json_get '["documents"][0]["excluded_pages"][0]["reason"]')" "Police report" "page excluded with its reason"
S page "$DOC" 1 | grep -q "EXCLUDED: Police report" || bad "page shows its exclusion"
expect_eq "$(S page "$DOC" 1 --include --case "$REF" --json | json_get '["volume"]["excluded_pages"]')" "0" "page included again"
# An image is read by OCR: the picture of the note's page, uploaded as a PNG.
S page "$DOC" 1 --png "$WORK/note.png" --dpi 150 >/dev/null || bad "page as a 150 dpi png"
expect_code 0 "ingest an image" S ingest --case "$REF" "$WORK/note.png"
IMG=$(S documents --case "$REF" --json | json_get '["documents"][-1]["id"]')
S page "$IMG" 1 | grep -q "read by OCR" || bad "image page read by OCR: $(S page "$IMG" 1)"
S page "$IMG" 1 | grep -q "Visited the family" || bad "OCR text of the image: $(S page "$IMG" 1)"

expect_code 0 "list json" S case list --json
expect_eq "$(S case list --json | json_get '["count"]')" "1" "one case listed"

# Timers: ID requested, then a month and three months of silence.
REF2=$(S case new --subject "Morgan Lee" --dob 1988-11-02 --received 2025-09-10 --json | json_get '["reference"]')
S case transition "$REF2" --to id_requested >/dev/null || bad "id requested"
expect_eq "$("$BIN" --data "$D" --today 2025-10-09 timers run --json | json_get '["moves"].__len__()')" "0" "no move before a month"
expect_eq "$("$BIN" --data "$D" --today 2025-10-10 timers run --json | json_get '["moves"][0]["to"]')" "on_hold" "on hold after a month"
expect_eq "$("$BIN" --data "$D" --today 2025-12-10 timers run --json | json_get '["moves"][0]["to"]')" "closed" "closed after three months"

# The audit trail verifies, and detects tampering.
expect_code 0 "audit verify" S audit verify
cp "$D/sardesk.db" "$WORK/tampered.db"
sqlite3 "$D/sardesk.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor='mallory' WHERE seq=3;"
expect_code 1 "audit verify detects an edited entry" S audit verify
grep -q "tampered" "$WORK/err" || bad "tamper message"
grep -q "entry 3" "$WORK/out" || bad "names the edited entry: $(cat "$WORK/out")"

# Upload limits are settings: a file over the limit fails with the reason, the rest go ahead.
LD="$WORK/limits-data"
L() { "$BIN" --data "$LD" --today 2025-09-10 --as ava "$@"; }
L settings set --body '{"upload_limits": {"max_file_mib": 1}}' >/dev/null || bad "set upload limits"
LREF=$(L case new --subject "Lee Hart" --dob 1990-01-01 --received 2025-09-10 --json | json_get '["reference"]')
head -c 2000000 /dev/zero | tr '\0' 'a' > "$WORK/big.txt"
echo "small note" > "$WORK/small.txt"
L ingest --case "$LREF" "$WORK/big.txt" "$WORK/small.txt" --json > "$WORK/lim.json" 2>/dev/null
grep -q "larger than the limit of 1 MiB" "$WORK/lim.json" || bad "the upload limit setting applies: $(head -c 300 "$WORK/lim.json")"
expect_eq "$(L documents --case "$LREF" --json | json_get '["volume"]["pages"]')" "1" "the small file was ingested"

# Redacting one PDF outside any case: terms, boxes, context; verified output; errors.
printf 'Case note\nMum Kelly Morgan phoned about Ellie Carter.\nThe next line stays.\n' > "$WORK/note.txt"
RD="$WORK/redact-data"  # a data folder of its own: its only PDF is the note's
R() { "$BIN" --data "$RD" --today 2025-09-10 --as ava "$@"; }
R case new --subject "Ellie Carter" --dob 2009-03-14 --received 2025-09-10 --json > "$WORK/c.json"
RREF=$(json_get '["reference"]' < "$WORK/c.json")
R ingest --case "$RREF" "$WORK/note.txt" >/dev/null || bad "ingest a text file to get a PDF"
# Stored files are encrypted (docs/storage.md): export each, keep the PDF.
NOTE_PDF=""
for f in "$RD"/blobs/*/*; do
  sha="$(basename "$(dirname "$f")")$(basename "$f")"
  R store export "$sha" --out "$WORK/blob-$sha" >/dev/null || bad "export stored file $sha"
  if [ -z "$NOTE_PDF" ] && head -c 5 "$WORK/blob-$sha" | grep -q '%PDF-'; then NOTE_PDF="$WORK/blob-$sha"; fi
done
head -c 4 "$f" | grep -q '%PDF' && bad "stored files are encrypted on disk"
[ -n "$NOTE_PDF" ] || bad "found the normalised PDF"
printf 'kelly morgan\n' > "$WORK/terms.txt"
expect_code 0 "redact with terms" "$BIN" redact "$NOTE_PDF" --out "$WORK/r1.pdf" --terms "$WORK/terms.txt" --json
expect_eq "$(json_get '["verified"]' < "$WORK/out")" "True" "redaction verified"
expect_eq "$(json_get '["from_terms"]' < "$WORK/out")" "1" "one term occurrence"
pdftotext "$WORK/r1.pdf" - | grep -qi "kelly" && bad "the term is still in pdftotext output"
pdftotext "$WORK/r1.pdf" - | grep -q "The next line stays." || bad "neighbouring text kept"
printf '{"subject": {"name": "Ellie Carter"}, "staff": []}' > "$WORK/ctx.json"
expect_code 0 "redact with context" "$BIN" redact "$NOTE_PDF" --out "$WORK/r2.pdf" --context "$WORK/ctx.json"
pdftotext "$WORK/r2.pdf" - | grep -q "Morgan" && bad "detection left the mother's name"
pdftotext "$WORK/r2.pdf" - | grep -q "Ellie Carter" || bad "detection removed the requester's name"
echo '[{"page": 1, "x0": 0, "y0": 0, "x1": 612, "y1": 792, "reason": "no_such"}]' > "$WORK/boxes.json"
expect_code 1 "unknown box reason" "$BIN" redact "$NOTE_PDF" --out "$WORK/r3.pdf" --boxes "$WORK/boxes.json"
expect_eq "$(wc -l < "$WORK/err")" "1" "one-line error"
[ -e "$WORK/r3.pdf" ] && bad "nothing written on error"
expect_code 1 "missing input" "$BIN" redact "$WORK/nope.pdf" --out "$WORK/r4.pdf"
expect_code 2 "redact without --out" "$BIN" redact "$NOTE_PDF"

# Redacting a request: proposals, decisions, a rule, burn-in, the schedule, and QA by another officer.
ids_where() {  # python condition on r -> ids of the listed redactions
  python3 -c "import json,sys; d=json.load(sys.stdin); print(' '.join(str(r['id']) for r in d['redactions'] if $1))"
}
RDOC=$(R documents --case "$RREF" --json | json_get '["documents"][0]["id"]')
expect_code 0 "redaction propose" R redaction propose --case "$RREF" --json
[ "$(json_get '["added"]' < "$WORK/out")" -ge 1 ] || bad "detection proposed nothing: $(cat "$WORK/out")"
KELLY=$(R redaction list --case "$RREF" --json | ids_where "'Kelly' in r['text']")
[ -n "$KELLY" ] || bad "a proposal covers the mother's name"
KELLY=${KELLY%% *}
expect_code 1 "decide with an unknown exemption" R redaction decide "$KELLY" --case "$RREF" --accept --exemption nope
grep -q "exemption catalogue" "$WORK/err" || bad "unknown exemption message: $(cat "$WORK/err")"
expect_code 2 "decide needs --accept or --reject" R redaction decide "$KELLY" --case "$RREF"
expect_code 0 "accept a proposal" R redaction decide "$KELLY" --case "$RREF" --accept
expect_code 0 "a keep rule" R redaction rule --case "$RREF" --text "Ellie Carter" --action keep --reason "the data subject"
expect_eq "$(R redaction rule --case "$RREF" --json | json_get '["rules"].__len__()')" "1" "the rule is listed"
expect_code 1 "add with an unknown exemption" R redaction add --case "$RREF" --document "$RDOC" --page 1 --whole-page --exemption nope
expect_code 2 "add needs a box, a page or the document" R redaction add --case "$RREF" --document "$RDOC" --exemption third_party
for id in $(R redaction list --case "$RREF" --status proposed --json | ids_where True); do
  R redaction decide "$id" --case "$RREF" --reject >/dev/null || bad "reject $id"
done
expect_code 0 "apply the redactions" R redaction apply --case "$RREF" --json
expect_eq "$(json_get '["redacted"]' < "$WORK/out")" "1" "one document redacted and verified"
expect_code 0 "export the redacted copy" R redaction export --case "$RREF" --document "$RDOC" --out "$WORK/case.pdf"
pdftotext "$WORK/case.pdf" - | grep -qi "kelly" && bad "the accepted redaction is still in pdftotext output"
pdftotext "$WORK/case.pdf" - | grep -q "The next line stays." || bad "the rest of the page is kept"
R redaction schedule --case "$RREF" --csv > "$WORK/schedule.csv" || bad "schedule as CSV"
head -1 "$WORK/schedule.csv" | grep -q "^redaction_id,document_id,filename,page," || bad "schedule CSV header: $(head -1 "$WORK/schedule.csv")"
expect_eq "$(wc -l < "$WORK/schedule.csv")" "2" "one accepted redaction in the schedule"
grep -qi "kelly" "$WORK/schedule.csv" && bad "the schedule names no redacted words"
expect_code 1 "the redacting officer cannot QA their own work" R qa sample --case "$RREF"
grep -q "cannot QA their own work" "$WORK/err" || bad "QA refusal message: $(cat "$WORK/err")"
QB() { "$BIN" --data "$RD" --today 2025-09-10 --as ben "$@"; }
expect_code 0 "QA sample by another officer" QB qa sample --case "$RREF" --json
expect_eq "$(json_get '["sample_size"]' < "$WORK/out")" "1" "one page drawn"
expect_code 2 "send back needs a reason" QB qa send-back --case "$RREF"
expect_code 0 "QA pass" QB qa pass --case "$RREF" --note "checked" --json
expect_eq "$(json_get '["status"]' < "$WORK/out")" "passed" "QA passed"
expect_code 0 "audit still verifies" R audit verify

# The schedule as a PDF; a third party's consent lifts their redactions everywhere.
expect_code 0 "schedule as PDF" R redaction schedule --case "$RREF" --pdf "$WORK/schedule.pdf"
pdftotext "$WORK/schedule.pdf" - | grep -q "Redaction schedule: $RREF" || bad "schedule PDF title: $(pdftotext "$WORK/schedule.pdf" - | head -3)"
pdftotext "$WORK/schedule.pdf" - | grep -q "Third party information (third_party)" || bad "schedule PDF names the exemption"
pdftotext "$WORK/schedule.pdf" - | grep -qi "kelly" && bad "the schedule PDF names no redacted words"
expect_code 2 "schedule --pdf and --csv together" R redaction schedule --case "$RREF" --csv --pdf "$WORK/s2.pdf"
expect_code 2 "consent with an unknown decision" R consent record --case "$RREF" --name "Kelly Morgan" --decision maybe --reason x
expect_code 0 "consent recorded" R consent record --case "$RREF" --name "Kelly Morgan" --decision consented --reason "Signed consent form received" --json
expect_eq "$(json_get '["decision"]' < "$WORK/out")" "consented" "consent decision"
expect_eq "$(R redaction list --case "$RREF" --json | ids_where "'Kelly' in r['text'] and r['status'] == 'accepted'")" "" "consent lifts the redaction"
expect_eq "$(R consent list --case "$RREF" --json | json_get '["consents"].__len__()')" "1" "the consent is listed"

# The exemption catalogue is the council's.
expect_code 0 "exemption set" R exemption set --code health_data --name "Health data" --label "Withheld: health" --short-label HD --basis "DPA 2018 Schedule 3"
expect_eq "$(R exemption list --json | python3 -c "import json,sys; print([e['label'] for e in json.load(sys.stdin)['exemptions'] if e['code']=='health_data'][0])")" "Withheld: health" "exemption added"
expect_code 1 "a new exemption needs a label" R exemption set --code other_thing --name "Other"
expect_code 1 "third_party stays" R exemption remove --code third_party
grep -q "must stay in the catalogue" "$WORK/err" || bad "third_party removal message: $(cat "$WORK/err")"
expect_code 0 "exemption remove" R exemption remove --code health_data

# Release is gated: detection must have read the documents, a flagged
# document needs a safeguarding meeting, and QA must pass on the decisions.
printf 'Visit by Iris Davies, social worker, to the family home.\nEllie said she had taken an overdose in March.\n' > "$WORK/gate.txt"
GREF=$(R case new --subject "Ellie Carter" --dob 2009-03-14 --received 2025-09-10 --body '{"identity_required": false, "identity_waiver_reason": "Known to the allocated worker"}' --json | json_get '["reference"]')
R user add --username ava --name "Ava Okafor" --role ig_officer >/dev/null || bad "user add in the redaction data"
R case assign "$GREF" --officer ava >/dev/null || bad "assign the gated case"
for to in validated searching collating redacting; do R case transition "$GREF" --to $to >/dev/null || bad "move to $to"; done
R ingest --case "$GREF" "$WORK/gate.txt" >/dev/null || bad "ingest the flagged note"
R case transition "$GREF" --to qa >/dev/null || bad "move to qa"
expect_code 1 "release before detection" R case transition "$GREF" --to ready_for_release
grep -q "detection has not read document" "$WORK/err" || bad "unread documents block release: $(cat "$WORK/err")"
expect_code 0 "propose on the flagged note" R redaction propose --case "$GREF" --staff "Iris Davies=Social Worker"
grep -q "safeguarding: self_harm" "$WORK/out" || bad "propose reports the flag: $(cat "$WORK/out")"
expect_code 0 "staff concern" R staff-concern record --case "$GREF" --name "Iris Davies" --kind violence --reason "Assaulted by the requester's partner in 2023" --json
CONCERN=$(json_get '["id"]' < "$WORK/out")
[ -n "$(R redaction list --case "$GREF" --json | ids_where "'Iris Davies' in r['text'] and r['status'] == 'accepted' and r['exemption'] == 'serious_harm'")" ] || bad "the concern redacts the worker's name"
for id in $(R redaction list --case "$GREF" --status proposed --json | ids_where True); do
  R redaction decide "$id" --case "$GREF" --reject >/dev/null || bad "reject $id"
done
expect_code 0 "apply on the gated case" R redaction apply --case "$GREF"
expect_code 1 "release before the safeguarding meeting" R case transition "$GREF" --to ready_for_release
grep -q "safeguarding meeting" "$WORK/err" || bad "meeting blocker message: $(cat "$WORK/err")"
R case show "$GREF" | grep -q "Release blocked: .*safeguarding meeting" || bad "case show lists the blocker"
expect_eq "$(R safeguarding show --case "$GREF" --json | json_get '["flags"][0]["flag"]')" "self_harm" "the flag is recorded"
expect_code 2 "a meeting needs an outcome" R safeguarding meeting --case "$GREF" --held-on 2025-09-10 --attendee "Cara Singh"
expect_code 0 "safeguarding meeting" R safeguarding meeting --case "$GREF" --held-on 2025-09-10 --attendee "Cara Singh" --attendee "Iris Davies" --outcome release_with_support --notes "Release with her support worker present"
expect_code 1 "release before QA" R case transition "$GREF" --to ready_for_release
grep -q "QA has not passed" "$WORK/err" || bad "QA blocker message: $(cat "$WORK/err")"
expect_code 0 "QA sample of the gated case" QB qa sample --case "$GREF"
expect_code 0 "QA pass of the gated case" QB qa pass --case "$GREF" --json
expect_eq "$(json_get '["case_status"]' < "$WORK/out")" "ready_for_release" "the pass moves the case on"
expect_code 0 "withdraw the staff concern" R staff-concern withdraw "$CONCERN" --case "$GREF" --reason "Recorded in error"
expect_code 1 "release after the decisions changed" R case release "$GREF" --outcome disclosed_in_part
grep -q "changed after QA review" "$WORK/err" || bad "changed-after-QA message: $(cat "$WORK/err")"
expect_code 0 "audit verifies after the gate" R audit verify

# Letters (issue 6): preview, send with the case action, the PDF as sent, templates.
LD="$WORK/letters"
L() { "$BIN" --data "$LD" --today 2025-09-10 --as ava "$@"; }
for cmd in letter "letter kinds" "letter fields" "letter preview" "letter send" "letter list" "letter show" \
           "letter template" "letter template list" "letter template show" "letter template set" \
           "letter template reset" "letter letterhead"; do
  # shellcheck disable=SC2086
  expect_code 0 "sardesk $cmd --help" "$BIN" $cmd --help
  grep -qi "usage" "$WORK/out" || bad "sardesk $cmd --help prints no usage"
done
L user add --username ava --name "Ava Okafor" --role ig_officer >/dev/null || bad "letters: user add"
LREF=$(L case new --subject "Jane Doe" --dob 1990-01-01 --received 2025-09-10 --json | json_get '["reference"]')
expect_eq "$(L letter kinds --json | json_get '.__len__()')" "9" "nine letter kinds"
expect_code 0 "acknowledgement before ID" L letter preview --case "$LREF" --kind acknowledgement
grep -q "until we have identity" "$WORK/out" || bad "acknowledgement says what the clock waits for: $(head -c 300 "$WORK/out")"
expect_code 1 "extension before the clock starts" L letter send --case "$LREF" --kind extension --months 1 --reasons "Complex"
grep -q "before the time limit starts" "$WORK/err" || bad "extension refusal reason: $(cat "$WORK/err")"
L case evidence "$LREF" --purpose photo_id --type passport >/dev/null || bad "letters: passport"
L case evidence "$LREF" --purpose proof_of_address --type council_tax_bill --document-date 2025-08-01 >/dev/null || bad "letters: bill"
L case transition "$LREF" --to validated >/dev/null || bad "letters: validate"
L letter letterhead --address "Town Hall\nTownley TN1 1AA" --phone "01234 567890" >/dev/null || bad "letterhead"
expect_code 0 "preview with a PDF" L letter preview --case "$LREF" --kind acknowledgement --pdf "$WORK/ack-preview.pdf"
grep -q "We will reply by 10 October 2025." "$WORK/out" || bad "preview gives the due date"
expect_eq "$(L letter list --case "$LREF" --json | json_get '["letters"].__len__()')" "0" "preview sends nothing"
expect_code 0 "send the acknowledgement" L letter send --case "$LREF" --kind acknowledgement --json
LID=$(json_get '["id"]' < "$WORK/out")
expect_code 0 "show the letter and its PDF" L letter show "$LID" --case "$LREF" --pdf "$WORK/ack.pdf"
qpdf --check "$WORK/ack.pdf" >/dev/null 2>&1 || bad "the letter's PDF passes qpdf --check"
pdftotext "$WORK/ack.pdf" - | tr '\n' ' ' | grep -q "We will reply by 10 October 2025." || bad "pdftotext reads the due date"
pdftotext "$WORK/ack.pdf" - | grep -q "Town Hall" || bad "the letterhead is printed"
LSHOW=$(L case show "$LREF" --json)
echo "$LSHOW" | grep -q "Letter $LID sent by post" || bad "the letter is in the communications"
expect_code 0 "extension letter within the first month" L letter send --case "$LREF" --kind extension --months 2 --reasons "Records from three services run to 4,000 pages."
expect_eq "$(L case show "$LREF" --json | json_get '["clock"]["due"]')" "2025-12-10" "the extension letter records the extension"
LTEXT=$(L letter show 2 --case "$LREF")
echo "$LTEXT" | grep -q "We will now reply by 10 December 2025." || bad "the extension letter gives the new date"
expect_code 1 "complaint letter without a complaint" L letter send --case "$LREF" --kind complaint_ack
expect_eq "$(wc -l <"$WORK/err")" "1" "a letter error is one line"
expect_code 1 "unknown letter kind" L letter send --case "$LREF" --kind poem
expect_code 1 "template with an unknown field" L letter template set acknowledgement --body "Dear {{nmae}}"
grep -q "{{nmae}}" "$WORK/err" || bad "the unknown field is named: $(cat "$WORK/err")"
expect_code 0 "template set" L letter template set acknowledgement --body "Hello {{requester_name}}, due {{due_date}}."
LTEXT=$(L letter preview --case "$LREF" --kind acknowledgement)
echo "$LTEXT" | grep -q "Hello Jane Doe, due 10 December 2025." || bad "the edited template is used"
expect_code 0 "template reset" L letter template reset acknowledgement
expect_code 1 "reset twice" L letter template reset acknowledgement
expect_code 0 "audit verifies after letters" L audit verify

# The disclosure bundle and its encrypted release (issue 6).
for cmd in bundle "bundle build" "bundle show" "bundle list" "bundle export" release "release create" \
           "release deliver" "release list"; do
  # shellcheck disable=SC2086
  expect_code 0 "sardesk $cmd --help" "$BIN" $cmd --help
  grep -qi "usage" "$WORK/out" || bad "sardesk $cmd --help prints no usage"
done
BD="$WORK/bundle-data"
B() { "$BIN" --data "$BD" --today 2025-09-10 --as ava "$@"; }
BB() { "$BIN" --data "$BD" --today 2025-09-10 --as ben "$@"; }
B user add --username ava --name "Ava Okafor" --role ig_officer >/dev/null || bad "bundle: user ava"
B user add --username ben --name "Ben Adeyemi" --role ig_officer >/dev/null || bad "bundle: user ben"
BREF=$(B case new --subject "Ellie Carter" --dob 2009-03-14 --received 2025-09-10 --body '{"identity_required": false, "identity_waiver_reason": "Known to the allocated worker"}' --json | json_get '["reference"]')
B case assign "$BREF" --officer ava >/dev/null || bad "bundle: assign"
for to in validated searching collating redacting; do B case transition "$BREF" --to $to >/dev/null || bad "bundle: move to $to"; done
printf 'Review meeting on 12/03/2019 for Ellie Carter.\nHer mother Kelly Morgan attended.\nThe LAC review was chaired by the IRO.\n' > "$WORK/review.txt"
B ingest --case "$BREF" "$WORK/review.txt" >/dev/null || bad "bundle: ingest"
B redaction propose --case "$BREF" >/dev/null || bad "bundle: propose"
expect_code 1 "bundle refused while proposals are undecided" B bundle build --case "$BREF"
grep -q "undecided" "$WORK/err" || bad "bundle refusal names the undecided proposals: $(cat "$WORK/err")"
expect_eq "$(wc -l <"$WORK/err")" "1" "a bundle error is one line"
for id in $(B redaction list --case "$BREF" --status proposed --json | ids_where True); do
  B redaction decide "$id" --case "$BREF" --accept >/dev/null || bad "bundle: accept $id"
done
B redaction apply --case "$BREF" >/dev/null || bad "bundle: apply"
expect_code 2 "bundle build with an unknown order" B bundle build --case "$BREF" --order random
expect_code 0 "bundle build" B bundle build --case "$BREF" --chronology --json
BPAGES=$(json_get '["pages"]' < "$WORK/out")
# Bundles are sealed in the blob store (issue 8): no PDF in clear under the case folder.
grep -rlq '^%PDF' "$BD/cases/$BREF/bundles" 2>/dev/null && bad "a bundle is kept in clear"
expect_code 0 "bundle export" B bundle export --case "$BREF" --out "$WORK/bundle-out"
BVOL="$WORK/bundle-out/$BREF-bundle.pdf"
[ -f "$BVOL" ] || bad "the bundle is exported"
qpdf --check "$BVOL" >/dev/null 2>&1 || bad "the bundle passes qpdf --check"
expect_eq "$(qpdf --show-npages "$BVOL")" "$BPAGES" "the bundle's page count"
pdftotext "$BVOL" - | grep -q "Page $BPAGES of $BPAGES" || bad "the last page is numbered"
pdftotext "$BVOL" - | grep -q "LAC: Looked After Child" || bad "the glossary explains LAC"
pdftotext "$BVOL" - | grep -q "MASH:" && bad "the glossary lists only the terms used"
pdftotext "$BVOL" - | grep -qi "kelly" && bad "the redacted name is in the bundle"
pdftotext "$BVOL" - | grep -q "2019-03-12 review" || bad "the chronology lists the review"
expect_code 0 "bundle show" B bundle show --case "$BREF"
grep -q "(current)" "$WORK/out" || bad "the bundle is current: $(cat "$WORK/out")"
expect_code 1 "release before QA" B release create --case "$BREF" --route secure_download
grep -q "QA has not passed" "$WORK/err" || bad "release blocker shown: $(cat "$WORK/err")"
B case transition "$BREF" --to qa >/dev/null || bad "bundle: move to qa"
BB qa sample --case "$BREF" >/dev/null || bad "bundle: QA sample"
BB qa pass --case "$BREF" >/dev/null || bad "bundle: QA pass"
expect_code 1 "post without a tracking reference" B release create --case "$BREF" --route post --medium paper
expect_code 0 "release create" B release create --case "$BREF" --route post --medium paper --tracking RR123456785GB --fee-pence 1000 --json
BPW=$(json_get '["password"]' < "$WORK/out")
BFILE="$BD/cases/$BREF/releases/$(json_get '["file"]' < "$WORK/out")"
qpdf --requires-password "$BFILE" >/dev/null 2>&1 || bad "the release needs a password"
pdftotext "$BFILE" - >/dev/null 2>&1 && bad "pdftotext opens the release without the password"
pdftotext -upw "$BPW" "$BFILE" - | grep -q "Page 1 of $BPAGES" || bad "the password opens the release"
expect_eq "$(B case show "$BREF" --json | json_get '["status"]')" "released" "the case is released"
B release list --case "$BREF" --json | grep -q "RR123456785GB" || bad "the delivery is listed"
B release list --case "$BREF" --json | grep -q "$BPW" && bad "the password is never listed"
expect_code 0 "audit verifies after release" B audit verify

# Accounts (issue 8): passwords come from stdin or a file, never the arguments.
AD="$WORK/accounts"
A() { "$BIN" --data "$AD" --today 2025-09-10 --as admin "$@"; }
expect_code 0 "user password --help" "$BIN" user password --help
A user add --username ava --name "Ava Okafor" --role ig_officer >/dev/null || bad "accounts: user add"
printf '%s\n' 'a long passphrase' | A user password ava >"$WORK/out" 2>"$WORK/err" || bad "user password from stdin: $(cat "$WORK/err")"
grep -q "password set for ava" "$WORK/out" || bad "user password says what it did: $(cat "$WORK/out")"
expect_eq "$(sqlite3 "$AD/sardesk.db" "SELECT substr(password_hash, 1, 10) FROM credentials WHERE username = 'ava'")" '$argon2id$' "the password is an Argon2id hash"
sqlite3 "$AD/sardesk.db" "SELECT before || after FROM audit_log" | grep -q "passphrase" && bad "the password is in the audit trail"
printf 'short\n' >"$WORK/pw"
expect_code 1 "a short password" A user password ava --password-file "$WORK/pw"
grep -q "at least 12" "$WORK/err" || bad "short password message: $(cat "$WORK/err")"
expect_eq "$(wc -l <"$WORK/err")" "1" "a refused password prints one line"
printf 'another long passphrase\n' >"$WORK/pw"
expect_code 0 "user password --password-file" A user password ava --password-file "$WORK/pw" --json
expect_eq "$(json_get '["password_set"]' < "$WORK/out")" "True" "--json says the password is set"
expect_code 2 "a password as an argument is refused" A user password ava 'a long passphrase'
expect_code 1 "an unknown user" A user password nobody --password-file "$WORK/pw"
expect_code 1 "a contact needs a service area" A user add --username priya --name "Priya Shah" --role service_area_contact
expect_code 0 "a contact with a service area" A user add --username priya --name "Priya Shah" --role service_area_contact --service-area childrens
# Demo staff get the demo password.
DD="$WORK/demo"
"$BIN" --data "$DD" --today 2025-09-10 demo load >/dev/null || bad "demo load"
expect_eq "$(sqlite3 "$DD/sardesk.db" "SELECT COUNT(*) FROM credentials")" "$(sqlite3 "$DD/sardesk.db" "SELECT COUNT(*) FROM users")" "every demo user has a password"
expect_code 0 "audit verifies with accounts" A audit verify

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
