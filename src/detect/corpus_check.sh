#!/usr/bin/env bash
# Scores `sardesk detect` with the shared corpus scorer on a held-out generated
# corpus (a seed the engine was not tuned on) and fails below issue 4's targets.
# Usage: corpus_check.sh SARDESK SHARED_DIR   (exit 77: skipped, shared/ absent)
set -euo pipefail
sardesk=$1
shared=$2
if [ ! -f "$shared/corpus/score.js" ] || [ ! -f "$shared/corpus/dev.js" ] || ! command -v node >/dev/null; then
  echo "skipped: $shared/corpus or node not available"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node "$shared/corpus/dev.js" 9041 400 > "$work/generated.jsonl"
status=0
# The held-out generated corpus, then the records written by hand in other styles.
for gold in "$work/generated.jsonl" "$(dirname "$0")/testdata/handwritten.jsonl"; do
echo "== $(basename "$gold")"
"$sardesk" detect --batch "$gold" --out "$work/pred.jsonl"
node "$shared/corpus/score.js" "$gold" "$work/pred.jsonl"
node "$shared/corpus/score.js" "$gold" "$work/pred.jsonl" --json > "$work/score.json"
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const names = s.by_label.PERSON || { recall: 1 };
let structured = 0, found = 0;
for (const [label, v] of Object.entries(s.by_label)) {
  if (label === "PERSON") continue;
  structured += v.redact_spans; found += v.recall * v.redact_spans;
}
const checks = [
  ["name recall", names.recall, ">=", 0.97],
  ["structured identifier recall", structured ? found / structured : 1, ">=", 0.99],
  ["precision", s.precision, ">=", 0.90],
  ["wrongful redaction", s.wrongful_redaction_rate, "<", 0.02],
  ["flag recall", s.flag_recall, ">=", 0.95],
];
let failed = 0;
for (const [what, v, op, t] of checks) {
  const ok = op === ">=" ? v >= t : v < t;
  console.log(`${ok ? "ok  " : "FAIL"} ${what} ${(100 * v).toFixed(1)}% (target ${op} ${100 * t}%)`);
  if (!ok) failed++;
}
process.exit(failed ? 1 : 0);
' "$work/score.json" || status=1
done
exit $status
