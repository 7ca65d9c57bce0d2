#include "service/redaction_service.h"

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <tuple>

#include "case/json_reader.h"
#include "common/sha256.h"
#include "detect/detector.h"
#include "pdf/pdf_document.h"
#include "pdf/pdf_redact.h"
#include "redact/file_redaction.h"
#include "redact/plan.h"
#include "redact/word_spans.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

// Pages detected at once: a person introduced on one page is known on the
// next pages of the same chunk (as `sardesk redact` does, with more pages).
constexpr int kPagesPerDetectionChunk = 64;
constexpr char kPageBreak[] = "\n\n";
constexpr std::int64_t kMaxPdfBytes = 512ll << 20;

std::string Fold(const std::string& s) { return pdf::FoldForSearch(s); }

bool UsableDocument(const store::DocumentRow& d) {
  return d.status == "ready" && !d.excluded && !d.pdf_sha256.empty();
}

std::vector<redact::PageWord> ParseWords(const store::PageRow& page) {
  std::vector<redact::PageWord> words;
  auto parsed = casework::ParseJsonText(page.words_json, 256u << 20);
  if (!parsed.ok() || !parsed->is_array()) return words;
  for (const auto& w : *parsed) {
    if (!w.is_array() || w.size() < 5 || !w[0].is_string()) continue;
    bool numbers = true;
    for (size_t i = 1; i < 5; ++i) numbers = numbers && w[i].is_number();
    if (!numbers) continue;
    words.push_back({w[0].get<std::string>(),
                     {w[1].get<float>(), w[2].get<float>(), w[3].get<float>(), w[4].get<float>()}});
  }
  redact::LocateWords(page.text, &words);
  return words;
}

double Tenth(float v) { return std::round(static_cast<double>(v) * 10) / 10; }

std::string BoxesJson(const std::vector<pdf::Rect>& boxes) {
  json out = json::array();
  for (const auto& b : boxes) out.push_back({Tenth(b.x0), Tenth(b.y0), Tenth(b.x1), Tenth(b.y1)});
  return out.dump();
}

std::vector<pdf::Rect> ParseBoxes(const std::string& text) {
  std::vector<pdf::Rect> out;
  auto parsed = casework::ParseJsonText(text, 16u << 20);
  if (!parsed.ok() || !parsed->is_array()) return out;
  for (const auto& b : *parsed)
    if (b.is_array() && b.size() == 4 && b[0].is_number() && b[1].is_number() && b[2].is_number() && b[3].is_number())
      out.push_back({b[0].get<float>(), b[1].get<float>(), b[2].get<float>(), b[3].get<float>()});
  return out;
}

// The stored boxes as JSON (an empty list should the column be unreadable).
json BoxesValue(const std::string& text) {
  json boxes = json::parse(text, nullptr, false);
  return boxes.is_array() ? boxes : json::array();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads {"x0","y0","x1","y1"}: numbers in points from the page's top-left.
Status ReadBox(const json& j, pdf::Rect* out) {
  if (!j.is_object()) return Status::Invalid("box: give {\"x0\", \"y0\", \"x1\", \"y1\"} in points from the page's top-left");
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "x0" && it.key() != "y0" && it.key() != "x1" && it.key() != "y1")
      return Status::Invalid("box." + it.key().substr(0, 40) + ": unknown field");
  float v[4];
  const char* keys[4] = {"x0", "y0", "x1", "y1"};
  for (int i = 0; i < 4; ++i) {
    if (!j.contains(keys[i]) || !j[keys[i]].is_number())
      return Status::Invalid(std::string("box.") + keys[i] + ": a number of points is required");
    double d = j[keys[i]].get<double>();
    if (!std::isfinite(d) || d < -100000 || d > 100000) return Status::Invalid(std::string("box.") + keys[i] + ": out of range");
    v[i] = static_cast<float>(d);
  }
  if (!(v[2] > v[0] && v[3] > v[1])) return Status::Invalid("box: has no area; give x0 < x1 and y0 < y1");
  *out = {v[0], v[1], v[2], v[3]};
  return Status::Ok();
}

// The box must overlap the page.
Status CheckBoxOnPage(const pdf::Rect& b, const store::PageRow& page) {
  if (b.x1 <= 0 || b.y1 <= 0 || b.x0 >= page.width || b.y0 >= page.height)
    return Status::Invalid("box: lies outside the page (" + std::to_string(static_cast<int>(page.width)) + " x " +
                           std::to_string(static_cast<int>(page.height)) + " points, origin at the top-left)");
  return Status::Ok();
}

Status Audit(store::Transaction& tx, const TimeSource& time, const std::string& actor, const std::string& action,
             const std::string& entity, const std::string& entity_id, const json& before, const json& after) {
  audit::AuditEntry a;
  a.at = time.NowIso();
  a.actor = actor;
  a.action = action;
  a.entity = entity;
  a.entity_id = entity_id;
  a.before = before.dump(-1, ' ', false, json::error_handler_t::replace);
  a.after = after.dump(-1, ' ', false, json::error_handler_t::replace);
  auto appended = tx.AppendAudit(a);
  return appended.ok() ? Status::Ok() : appended.status();
}

// What the audit keeps of a redaction: everything but the text it covers
// (personal data stays in its row, not copied into the append-only log).
json AuditOf(const store::RedactionRow& r) {
  return {{"id", r.id}, {"document_id", r.document_id}, {"page", r.page_index < 0 ? json(nullptr) : json(r.page_index + 1)},
          {"scope", r.scope}, {"boxes", BoxesValue(r.boxes_json)}, {"category", r.category},
          {"party", r.party}, {"exemption", r.exemption}, {"reason", r.reason}, {"source", r.source},
          {"status", r.status}, {"rule_id", r.rule_id}, {"note", r.note}};
}

// A case's documents and the pages of those in the bundle, with their words
// parsed on first use.
class CasePages {
 public:
  static Result<CasePages> Load(store::Transaction& tx, const std::string& reference) {
    CasePages out;
    SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
    for (auto& d : docs) out.docs_[d.id] = std::move(d);
    store::PageQuery q;
    q.case_ref = reference;
    q.with_text = true;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    for (auto& p : pages) {
      auto it = out.docs_.find(p.document_id);
      if (it == out.docs_.end() || !UsableDocument(it->second)) continue;
      out.pages_[{p.document_id, p.page_index}] = std::move(p);
    }
    return out;
  }

  const std::map<std::int64_t, store::DocumentRow>& docs() const { return docs_; }
  const std::map<std::pair<std::int64_t, int>, store::PageRow>& pages() const { return pages_; }
  const store::PageRow* Page(std::int64_t doc, int index) const {
    auto it = pages_.find({doc, index});
    return it == pages_.end() ? nullptr : &it->second;
  }
  const std::vector<redact::PageWord>& Words(const store::PageRow& page) {
    auto key = std::make_pair(page.document_id, page.page_index);
    auto it = words_.find(key);
    if (it == words_.end()) it = words_.emplace(key, ParseWords(page)).first;
    return it->second;
  }

 private:
  std::map<std::int64_t, store::DocumentRow> docs_;
  std::map<std::pair<std::int64_t, int>, store::PageRow> pages_;
  std::map<std::pair<std::int64_t, int>, std::vector<redact::PageWord>> words_;
};

bool Overlaps(const store::RedactionRow& r, redact::TextSpan s) {
  return r.span_start >= 0 && r.span_start < s.end && r.span_end > s.start;
}
bool Within(const store::RedactionRow& r, redact::TextSpan s) {
  return r.span_start >= 0 && r.span_start >= s.start && r.span_end <= s.end;
}
bool Contains(const store::RedactionRow& r, redact::TextSpan s) {
  return r.span_start >= 0 && r.span_start <= s.start && r.span_end >= s.end;
}

std::string SpanKey(const std::string& prefix, std::int64_t doc, int page, redact::TextSpan s) {
  return prefix + "/" + std::to_string(doc) + "/" + std::to_string(page) + "/" + std::to_string(s.start) + "-" +
         std::to_string(s.end);
}

// Applies one rule to the case's candidates (`rows`, updated in place, new
// ones appended). With only_undecided, candidates a person already decided
// are left alone (a rule re-applied when new candidates are proposed).
Status ApplyRule(store::Transaction& tx, const store::RedactionRuleRow& rule, CasePages& pages,
                 std::vector<store::RedactionRow>* rows, bool only_undecided, const std::string& now,
                 RuleOutcome* outcome) {
  const std::string folded_rule = Fold(rule.text);
  const bool redact = rule.action == "redact";
  std::set<std::string> keys;
  for (const auto& r : *rows)
    if (!r.dedupe_key.empty()) keys.insert(r.dedupe_key);
  auto decide = [&](store::RedactionRow& r) -> Status {
    if (only_undecided && r.status != "proposed") return Status::Ok();
    const std::string status = redact ? "accepted" : "rejected";
    if (r.status == status && r.rule_id == rule.id) return Status::Ok();
    r.status = status;
    if (redact) r.exemption = rule.exemption;
    r.rule_id = rule.id;
    r.decided_by = rule.created_by;
    r.decided_at = now;
    r.note = (redact ? "redacted by rule " : "kept by rule ") + std::to_string(rule.id);
    SARDESK_RETURN_IF_ERROR(tx.UpdateRedaction(r));
    (redact ? outcome->accepted : outcome->rejected).push_back(r.id);
    return Status::Ok();
  };
  // Index the box candidates by page.
  std::map<std::pair<std::int64_t, int>, std::vector<size_t>> by_page;
  for (size_t i = 0; i < rows->size(); ++i)
    if ((*rows)[i].scope == "box") by_page[{(*rows)[i].document_id, (*rows)[i].page_index}].push_back(i);

  for (const auto& [key, page] : pages.pages()) {
    if (page.excluded) continue;
    auto found = by_page.find(key);
    std::vector<size_t> here = found == by_page.end() ? std::vector<size_t>() : found->second;
    // Candidates with exactly the rule's text (a drawn box over the name too).
    for (size_t i : here)
      if (Fold((*rows)[i].text) == folded_rule) SARDESK_RETURN_IF_ERROR(decide((*rows)[i]));
    const auto spans = redact::FindTerm(page.text, rule.text);
    if (spans.empty()) continue;
    const auto& words = pages.Words(page);
    for (const auto& found_span : spans) {
      auto covered = redact::CoverWords(page.text, words, found_span);
      if (!covered) continue;
      bool whole = false;
      for (size_t i : here) {
        auto& r = (*rows)[i];
        if (redact ? Overlaps(r, covered->span) : Within(r, covered->span)) SARDESK_RETURN_IF_ERROR(decide(r));
        if (redact && r.status == "accepted" && Contains(r, covered->span)) whole = true;
      }
      if (!redact || whole) continue;
      store::RedactionRow r;
      r.case_ref = rule.case_ref;
      r.document_id = page.document_id;
      r.page_index = page.page_index;
      r.scope = "box";
      r.boxes_json = BoxesJson(covered->boxes);
      r.span_start = covered->span.start;
      r.span_end = covered->span.end;
      r.text = covered->text;
      r.category = "term";
      r.exemption = rule.exemption;
      r.reason = rule.reason.empty() ? "redacted wherever it occurs (rule " + std::to_string(rule.id) + ")" : rule.reason;
      r.source = "rule";
      r.status = "accepted";
      r.rule_id = rule.id;
      r.proposed_by = rule.created_by;
      r.proposed_at = now;
      r.decided_by = rule.created_by;
      r.decided_at = now;
      r.dedupe_key = SpanKey("rule" + std::to_string(rule.id), page.document_id, page.page_index, covered->span);
      if (keys.count(r.dedupe_key)) continue;
      SARDESK_ASSIGN_OR_RETURN(r.id, tx.InsertRedaction(r));
      keys.insert(r.dedupe_key);
      outcome->added.push_back(r.id);
      rows->push_back(r);
      here.push_back(rows->size() - 1);
    }
  }
  return Status::Ok();
}

Result<std::vector<store::RedactionRow>> CaseRedactions(store::Transaction& tx, const std::string& reference) {
  store::RedactionQuery q;
  q.case_ref = reference;
  return tx.ListRedactions(q);
}

// Identifies the accepted redactions burned into a document's copy, with
// the labels drawn for them (a label edited in the catalogue is redrawn).
std::string Fingerprint(const std::string& source_sha256, const std::vector<store::RedactionRow>& accepted,
                        const std::vector<redact::Exemption>& catalogue) {
  json items = json::array();
  for (const auto& r : accepted) {
    auto ex = redact::FindExemption(catalogue, r.exemption);
    items.push_back({r.id, r.page_index, r.scope, r.boxes_json, r.exemption, ex ? ex->label : "",
                     ex ? ex->short_label : ""});
  }
  return Sha256Hex(json{{"source", source_sha256}, {"redactions", items}}.dump());
}

std::map<std::int64_t, std::vector<store::RedactionRow>> AcceptedByDocument(
    const std::vector<store::RedactionRow>& rows, const std::map<std::int64_t, store::DocumentRow>& docs) {
  std::map<std::int64_t, std::vector<store::RedactionRow>> out;
  for (const auto& r : rows) {
    if (r.status != "accepted") continue;
    auto d = docs.find(r.document_id);
    if (d == docs.end() || !UsableDocument(d->second)) continue;
    out[r.document_id].push_back(r);
  }
  for (auto& [doc, list] : out)
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

// A temporary folder removed when this goes out of scope.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk-apply-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct BurnResult {
  std::vector<pdf::PageRedaction> pages;
  std::vector<pdf::VerificationFailure> failures;  // empty when verified
  std::string out_path;
};

// Burns `accepted` into a copy of the PDF at in_path, verifies it every way
// pdf::VerifyRedactedPdf knows, and flattens and checks again the pages that
// fail (as RedactFile does).
Result<BurnResult> BurnIn(const std::string& in_path, const std::string& out_path,
                          const std::vector<store::RedactionRow>& accepted,
                          const std::vector<redact::Exemption>& catalogue) {
  SARDESK_ASSIGN_OR_RETURN(auto reader, pdf::LayoutReader::Open(in_path));
  const int page_count = reader->page_count();
  std::map<int, pdf::PageLayout> layouts;
  auto layout_of = [&](int page) -> Result<const pdf::PageLayout*> {
    auto it = layouts.find(page);
    if (it == layouts.end()) {
      SARDESK_ASSIGN_OR_RETURN(auto layout, reader->Read(page));
      it = layouts.emplace(page, std::move(layout)).first;
    }
    return &it->second;
  };

  pdf::RedactionOptions options;
  options.check_pages = false;  // the written file is verified below, and failing pages flattened
  std::map<int, pdf::PageExpectation> expect;
  std::map<int, std::map<std::string, int>> marked;  // page -> folded text -> occurrences marked
  std::set<int> whole_pages;
  for (const auto& r : accepted) {
    auto ex = redact::FindExemption(catalogue, r.exemption);
    if (!ex) return Status::Invalid("redaction " + std::to_string(r.id) + " rests on \"" + r.exemption +
                                    "\", which is not in the exemption catalogue: choose another");
    std::vector<int> on_pages;
    if (r.scope == "document") {
      for (int p = 0; p < page_count; ++p) on_pages.push_back(p);
    } else {
      if (r.page_index < 0 || r.page_index >= page_count)
        return Status::Invalid("redaction " + std::to_string(r.id) + " is on page " + std::to_string(r.page_index + 1) +
                               " but the document has " + std::to_string(page_count) + " pages");
      on_pages.push_back(r.page_index);
    }
    for (int p : on_pages) {
      SARDESK_ASSIGN_OR_RETURN(const pdf::PageLayout* layout, layout_of(p));
      std::vector<pdf::Rect> boxes =
          r.scope == "box" ? ParseBoxes(r.boxes_json) : std::vector<pdf::Rect>{{0, 0, layout->width, layout->height}};
      if (r.scope != "box") {
        // Text drawn outside the page (hidden text) is withheld with the page.
        pdf::Rect all = boxes[0];
        for (const auto& c : layout->chars) {
          all.x0 = std::min(all.x0, c.box.x0);
          all.y0 = std::min(all.y0, c.box.y0);
          all.x1 = std::max(all.x1, c.box.x1);
          all.y1 = std::max(all.y1, c.box.y1);
        }
        if (all.x0 < boxes[0].x0 || all.y0 < boxes[0].y0 || all.x1 > boxes[0].x1 || all.y1 > boxes[0].y1)
          boxes.push_back(redact::RoundOut(all));
      }
      auto& e = expect[p];
      e.page = p;
      for (const auto& b : boxes) {
        options.marks.push_back({p, b, ex->label, ex->short_label});
        e.boxes.push_back(b);
      }
      e.labels.push_back(ex->label);
      e.labels.push_back(ex->short_label);
      if (r.scope == "box") {
        std::string folded = Fold(r.text);
        if (folded.size() >= 2) marked[p][folded]++;
      } else {
        whole_pages.insert(p);
      }
    }
  }
  for (auto& [page, e] : expect) {
    const pdf::PageLayout& layout = layouts.at(page);
    const std::string page_text = Fold(layout.text);
    for (const auto& [folded, count] : marked[page]) {
      e.removed.push_back(folded);
      e.allowed.push_back(std::max(0, pdf::CountFolded(page_text, folded) - count));
    }
    if (!whole_pages.count(page)) continue;
    // A whole page: every line of it must be gone (the characters-under-box
    // check covers the rest). Lines a label could contain are not checked.
    std::set<std::string> seen;
    std::istringstream lines(layout.text);
    for (std::string line; std::getline(lines, line);) {
      std::string folded = Fold(line);
      if (folded.size() < 4 || !seen.insert(folded).second) continue;
      bool in_label = false;
      for (const auto& l : e.labels) in_label = in_label || Fold(l).find(folded) != std::string::npos;
      if (in_label) continue;
      e.removed.push_back(folded);
      e.allowed.push_back(0);
    }
  }
  // Pages drawing images (scans, photographs) are also read back by OCR,
  // whole and image by image.
  std::vector<pdf::PageExpectation> ocr_expectations;
  for (const auto& [page, e] : expect)
    if (layouts.at(page).has_images && !e.removed.empty()) ocr_expectations.push_back(e);
  std::vector<pdf::PageExpectation> expectations;
  for (auto& [page, e] : expect) expectations.push_back(std::move(e));
  reader.reset();

  BurnResult result;
  result.out_path = out_path;
  for (int attempt = 0; attempt < 2; ++attempt) {
    SARDESK_ASSIGN_OR_RETURN(auto outcome, pdf::RedactPdf(in_path, out_path, options));
    result.pages = outcome.pages;
    SARDESK_ASSIGN_OR_RETURN(result.failures, pdf::VerifyRedactedPdf(out_path, expectations, 2));
    SARDESK_ASSIGN_OR_RETURN(auto by_ocr, redact::VerifyByOcr(out_path, ocr_expectations, 2));
    result.failures.insert(result.failures.end(), by_ocr.begin(), by_ocr.end());
    if (result.failures.empty()) return result;
    bool more = false;
    for (const auto& f : result.failures)
      if (f.page >= 0 && options.flatten_pages.insert(f.page).second) more = true;
    if (!more) break;
  }
  return result;
}

json PagesChangedJson(const std::vector<pdf::PageRedaction>& pages) {
  json out = json::array();
  for (const auto& p : pages) out.push_back({{"page", p.page + 1}, {"method", p.method}, {"why", p.why}, {"boxes", p.marks}});
  return out;
}

std::string CsvCell(const std::string& v) {
  std::string s = v;
  // A cell starting like a formula would run in a spreadsheet.
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    s = "'" + s;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

json RedactionJson(const store::RedactionRow& r, const std::vector<redact::Exemption>& catalogue) {
  auto ex = redact::FindExemption(catalogue, r.exemption);
  return {{"id", r.id},
          {"case_ref", r.case_ref},
          {"document_id", r.document_id},
          {"page", r.page_index < 0 ? json(nullptr) : json(r.page_index + 1)},
          {"scope", r.scope},
          {"boxes", BoxesValue(r.boxes_json)},
          {"text", r.text},
          {"category", r.category},
          {"party", r.party},
          {"exemption", r.exemption},
          {"exemption_label", ex ? ex->label : std::string()},
          {"reason", r.reason},
          {"source", r.source},
          {"status", r.status},
          {"rule_id", r.rule_id},
          {"proposed_by", r.proposed_by},
          {"proposed_at", r.proposed_at},
          {"decided_by", r.decided_by},
          {"decided_at", r.decided_at},
          {"note", r.note}};
}

Result<std::set<std::string>> RedactionDeciders(store::Transaction& tx, const std::string& reference) {
  std::set<std::string> out;
  SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, reference));
  for (const auto& r : rows)
    if (r.source != "qa" && !r.decided_by.empty()) out.insert(r.decided_by);
  SARDESK_ASSIGN_OR_RETURN(auto rules, tx.ListRedactionRules(reference));
  for (const auto& r : rules) out.insert(r.created_by);
  // Their rules may be gone (superseded, withdrawn); the decisions were theirs.
  SARDESK_ASSIGN_OR_RETURN(auto consents, tx.ListConsents(reference));
  for (const auto& c : consents) out.insert(c.recorded_by);
  SARDESK_ASSIGN_OR_RETURN(auto concerns, tx.ListStaffConcerns(reference));
  for (const auto& c : concerns) out.insert(c.recorded_by);
  return out;
}

Result<RuleOutcome> AddRuleIn(store::Transaction& tx, store::RedactionRuleRow* rule, const std::string& now) {
  RuleOutcome outcome;
  SARDESK_ASSIGN_OR_RETURN(rule->id, tx.InsertRedactionRule(*rule));
  SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, rule->case_ref));
  SARDESK_ASSIGN_OR_RETURN(auto pages, CasePages::Load(tx, rule->case_ref));
  SARDESK_RETURN_IF_ERROR(ApplyRule(tx, *rule, pages, &rows, false, now, &outcome));
  return outcome;
}

Result<RuleOutcome> RemoveRuleIn(store::Transaction& tx, const store::RedactionRuleRow& rule) {
  RuleOutcome outcome;
  SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, rule.case_ref));
  for (auto& r : rows) {
    if (r.rule_id != rule.id) continue;
    if (r.source == "rule") {
      SARDESK_RETURN_IF_ERROR(tx.DeleteRedaction(r.id));
      outcome.removed.push_back(r.id);
      continue;
    }
    r.status = "proposed";
    r.rule_id = 0;
    r.decided_by.clear();
    r.decided_at.clear();
    r.note = "rule " + std::to_string(rule.id) + " was removed: decide again";
    SARDESK_RETURN_IF_ERROR(tx.UpdateRedaction(r));
    outcome.reopened.push_back(r.id);
  }
  SARDESK_RETURN_IF_ERROR(tx.DeleteRedactionRule(rule.id));
  return outcome;
}

json RuleJson(const store::RedactionRuleRow& r) {
  return {{"id", r.id},         {"text", r.text},           {"action", r.action},
          {"exemption", r.exemption}, {"reason", r.reason}, {"created_by", r.created_by},
          {"created_at", r.created_at}};
}

Result<std::string> DecisionsFingerprintIn(store::Transaction& tx, const std::string& reference) {
  SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
  std::map<std::int64_t, store::DocumentRow> by_id;
  for (auto& d : docs) by_id[d.id] = d;
  SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, reference));
  json items = json::array();
  for (const auto& [doc, accepted] : AcceptedByDocument(rows, by_id))
    for (const auto& r : accepted) items.push_back({r.id, doc, r.page_index, r.scope, r.boxes_json, r.exemption});
  return Sha256Hex(items.dump());
}

Result<RedactionReadiness> ReadinessIn(store::Transaction& tx, const std::string& reference,
                                       const std::vector<redact::Exemption>& catalogue) {
  RedactionReadiness out;
  SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
  std::map<std::int64_t, store::DocumentRow> by_id;
  for (auto& d : docs) by_id[d.id] = d;
  SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, reference));
  for (const auto& r : rows) {
    auto d = by_id.find(r.document_id);
    if (r.status == "proposed" && d != by_id.end() && UsableDocument(d->second)) ++out.undecided;
  }
  auto accepted = AcceptedByDocument(rows, by_id);
  SARDESK_ASSIGN_OR_RETURN(auto redacted, tx.ListRedactedDocuments(reference));
  std::map<std::int64_t, store::RedactedDocumentRow> copies;
  for (auto& c : redacted) copies[c.document_id] = c;
  for (const auto& [id, doc] : by_id) {
    if (!UsableDocument(doc)) continue;
    auto a = accepted.find(id);
    auto c = copies.find(id);
    if (a == accepted.end()) {
      if (c != copies.end()) out.documents_to_apply.push_back(id);  // its copy is out of date: back to the original
      continue;
    }
    if (c == copies.end() || c->second.fingerprint != Fingerprint(doc.pdf_sha256, a->second, catalogue))
      out.documents_to_apply.push_back(id);
  }
  return out;
}

json ScheduleJson(const RedactionSchedule& s) {
  json rows = json::array();
  for (const auto& r : s.rows) {
    rows.push_back({{"redaction_id", r.redaction_id},
                    {"document_id", r.document_id},
                    {"filename", r.filename},
                    {"page", r.page > 0 ? json(r.page) : json(nullptr)},
                    {"scope", r.scope},
                    {"boxes", BoxesValue(r.boxes_json)},
                    {"category", r.category},
                    {"exemption", r.exemption},
                    {"exemption_label", r.exemption_label},
                    {"basis", r.basis},
                    {"reason", r.reason},
                    {"source", r.source},
                    {"origin", r.origin},
                    {"proposed_by", r.proposed_by},
                    {"proposed_at", r.proposed_at},
                    {"decided_by", r.decided_by},
                    {"decided_at", r.decided_at}});
  }
  return {{"reference", s.reference}, {"count", s.rows.size()}, {"rows", rows}};
}

std::string ScheduleCsv(const RedactionSchedule& s) {
  std::string out =
      "redaction_id,document_id,filename,page,scope,boxes,category,exemption,exemption_label,basis,reason,source,"
      "origin,proposed_by,proposed_at,decided_by,decided_at\r\n";
  for (const auto& r : s.rows) {
    std::string boxes;
    for (const auto& b : ParseBoxes(r.boxes_json)) {
      if (!boxes.empty()) boxes += "; ";
      std::ostringstream one;
      one.imbue(std::locale::classic());
      one << Tenth(b.x0) << ' ' << Tenth(b.y0) << ' ' << Tenth(b.x1) << ' ' << Tenth(b.y1);
      boxes += one.str();
    }
    const std::string cells[] = {std::to_string(r.redaction_id), std::to_string(r.document_id), r.filename,
                                 r.page > 0 ? std::to_string(r.page) : std::string(), r.scope, boxes, r.category,
                                 r.exemption, r.exemption_label, r.basis, r.reason, r.source, r.origin,
                                 r.proposed_by, r.proposed_at, r.decided_by, r.decided_at};
    bool first = true;
    for (const auto& c : cells) {
      if (!first) out += ',';
      out += CsvCell(c);
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

Result<std::string> SchedulePdf(const RedactionSchedule& s, const std::string& organisation) {
  // One block per row, each field labelled: the PDF writer sets one
  // proportional font, so columns would not line up.
  auto or_dash = [](const std::string& v) { return v.empty() ? std::string("-") : v; };
  auto day = [](const std::string& at) { return at.size() >= 10 ? at.substr(0, 10) : at; };
  std::string text = "Redaction schedule: " + s.reference + "\n" + organisation + "\n" +
                     std::to_string(s.rows.size()) + (s.rows.size() == 1 ? " redaction" : " redactions") +
                     ". The schedule lists what was withheld and why; it names no redacted words.\n";
  int n = 0;
  for (const auto& r : s.rows) {
    text += "\n" + std::to_string(++n) + ". " + r.filename + ", " +
            (r.page > 0 ? "page " + std::to_string(r.page) : std::string("whole document")) +
            (r.scope == "page" ? " (whole page)" : "") + "\n";
    text += "Category: " + or_dash(r.category) + "\n";
    text += "Exemption: " + or_dash(r.exemption_label) + " (" + r.exemption + ")\n";
    if (!r.basis.empty()) text += "Basis: " + r.basis + "\n";
    text += "Reason: " + or_dash(r.reason) + "\n";
    text += "Proposed by: " +
            (r.origin == "detection" ? "detection, run by " + or_dash(r.proposed_by) : or_dash(r.proposed_by)) + ", " +
            or_dash(day(r.proposed_at)) + "\n";
    text += "Decided by: " + or_dash(r.decided_by) + ", " + or_dash(r.decided_at) + "\n";
  }
  TempDir tmp;
  if (tmp.path().empty()) return Status::Internal("cannot make a temporary folder for the schedule");
  const std::string path = tmp.path() + "/schedule.pdf";
  SARDESK_RETURN_IF_ERROR(pdf::WriteTextPdf(path, {text}));
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Status::Internal("cannot read the schedule PDF back");
  return bytes;
}

RedactionService::RedactionService(ServiceContext* ctx, CaseService* cases, store::BlobStore* blobs)
    : ctx_(ctx), cases_(cases), blobs_(blobs) {}

Result<CaseView> RedactionService::LoadCase(const std::string& reference) { return cases_->Get(reference, false); }

Result<json> RedactionService::Propose(const std::string& reference, const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::vector<detect::StaffMember> staff;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.ObjectList<detect::StaffMember>("staff", &staff, [](casework::JsonReader& item, detect::StaffMember& m) {
      item.Str("name", &m.name, casework::kMaxName, true);
      item.Str("role", &m.role);
    });
  }));
  SARDESK_ASSIGN_OR_RETURN(CaseView view, LoadCase(reference));
  // Progress for the screens (issue 7), until this returns.
  WorkProgress::Run progress_run(&progress_, reference, "reading");
  const auto& subject = view.record.subject;
  detect::CaseContext context;
  context.subject.name = subject.name;
  context.subject.aliases = subject.aliases;
  context.subject.aliases.insert(context.subject.aliases.end(), subject.former_names.begin(), subject.former_names.end());
  if (subject.dob) context.subject.dob = subject.dob->ToString();
  if (!subject.addresses.empty()) {
    context.subject.address = subject.addresses[0].lines;
    if (!subject.addresses[0].postcode.empty()) context.subject.address += ", " + subject.addresses[0].postcode;
  }
  context.staff = staff;
  context.current_year = ctx_->time->Today().year();

  // Detection runs outside the transaction: it reads a snapshot of the pages.
  std::optional<CasePages> pages;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto loaded, CasePages::Load(tx, reference));
    pages.emplace(std::move(loaded));
    return Status::Ok();
  }));
  const std::string now = ctx_->time->NowIso();
  const detect::Detector detector;
  std::vector<store::RedactionRow> found;
  json flags = json::array();
  // (document, page, flag) -> sentences that raised it: kept for the release gate.
  std::map<std::tuple<std::int64_t, int, std::string>, std::int64_t> flag_sentences;
  std::vector<std::int64_t> checked;
  int documents = 0, unmapped = 0;
  {
    std::int64_t total = 0;
    for (const auto& [key, page] : pages->pages())
      if (!page.excluded && pages->docs().count(key.first) && UsableDocument(pages->docs().at(key.first))) ++total;
    progress_.SetTotal(reference, total);
    progress_.SetStage(reference, "detecting");
  }
  std::int64_t pages_done = 0;
  for (const auto& [doc_id, doc] : pages->docs()) {
    if (!UsableDocument(doc)) continue;
    ++documents;
    checked.push_back(doc_id);
    std::vector<const store::PageRow*> doc_pages;
    for (auto it = pages->pages().lower_bound({doc_id, 0}); it != pages->pages().end() && it->first.first == doc_id; ++it)
      if (!it->second.excluded) doc_pages.push_back(&it->second);
    for (size_t first = 0; first < doc_pages.size(); first += kPagesPerDetectionChunk) {
      const size_t last = std::min(doc_pages.size(), first + kPagesPerDetectionChunk);
      std::string text;
      std::vector<std::uint32_t> starts;
      for (size_t k = first; k < last; ++k) {
        starts.push_back(static_cast<std::uint32_t>(text.size()));
        text += doc_pages[k]->text;
        text += kPageBreak;
      }
      auto page_of = [&](std::uint32_t offset) {
        auto it = std::upper_bound(starts.begin(), starts.end(), offset);
        return static_cast<size_t>(it - starts.begin()) - 1;
      };
      auto detection = detector.Detect(text, context);
      pages_done += static_cast<std::int64_t>(last - first);
      progress_.SetDone(reference, pages_done);
      for (const auto& p : detection.proposals) {
        if (p.action == detect::Action::kKeep) continue;
        // A proposal is cut at page ends; each piece covers whole words.
        for (size_t k = page_of(p.start); k < starts.size() && starts[k] < p.end; ++k) {
          const store::PageRow& page = *doc_pages[first + k];
          const std::uint32_t base = starts[k];
          const std::uint32_t page_len = static_cast<std::uint32_t>(page.text.size());
          redact::TextSpan span{p.start > base ? p.start - base : 0, std::min(p.end - base, page_len)};
          if (span.end <= span.start) continue;
          auto covered = redact::CoverWords(page.text, pages->Words(page), span);
          if (!covered) {
            ++unmapped;
            continue;
          }
          store::RedactionRow r;
          r.case_ref = reference;
          r.document_id = doc_id;
          r.page_index = page.page_index;
          r.scope = "box";
          r.boxes_json = BoxesJson(covered->boxes);
          r.span_start = covered->span.start;
          r.span_end = covered->span.end;
          r.text = covered->text;
          r.category = Lower(detect::LabelName(p.label));
          r.party = std::string(detect::PartyName(p.party));
          r.exemption = p.exemption == detect::Exemption::kSeriousHarm ? "serious_harm" : "third_party";
          r.reason = p.action == detect::Action::kReview ? "review: " + p.reason : p.reason;
          r.source = "detection";
          r.status = "proposed";
          r.proposed_by = actor;
          r.proposed_at = now;
          r.dedupe_key = SpanKey("detection", doc_id, page.page_index, covered->span);
          found.push_back(std::move(r));
        }
      }
      for (const auto& f : detection.flags) {
        std::set<size_t> seen;
        for (const auto& s : f.sentences) {
          size_t k = page_of(s.start);
          flag_sentences[{doc_id, doc_pages[first + k]->page_index, std::string(detect::FlagName(f.kind))}]++;
          if (seen.insert(k).second)
            flags.push_back({{"flag", std::string(detect::FlagName(f.kind))},
                             {"document_id", doc_id},
                             {"page", doc_pages[first + k]->page_index + 1}});
        }
      }
    }
  }

  json added = json::array();
  int existing = 0, review = 0;
  RuleOutcome by_rules;
  progress_.SetStage(reference, "saving");
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    added = json::array();
    existing = review = 0;
    by_rules = {};
    SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, reference));
    std::set<std::string> keys;
    for (const auto& r : rows)
      if (!r.dedupe_key.empty()) keys.insert(r.dedupe_key);
    for (auto r : found) {
      if (!keys.insert(r.dedupe_key).second) {
        ++existing;
        continue;
      }
      SARDESK_ASSIGN_OR_RETURN(r.id, tx.InsertRedaction(r));
      if (r.reason.rfind("review: ", 0) == 0) ++review;
      added.push_back(r.id);
      rows.push_back(std::move(r));
    }
    // The case rules decide what is new (never what a person already decided).
    SARDESK_ASSIGN_OR_RETURN(auto rules, tx.ListRedactionRules(reference));
    if (!rules.empty()) {
      SARDESK_ASSIGN_OR_RETURN(auto fresh, CasePages::Load(tx, reference));
      for (const auto& rule : rules) SARDESK_RETURN_IF_ERROR(ApplyRule(tx, rule, fresh, &rows, true, now, &by_rules));
    }
    // Safeguarding flags hold release until a meeting (SafeguardingService);
    // a document detection has read is known to be checked.
    json flagged = json::array();
    for (const auto& [key, sentences] : flag_sentences) {
      const auto& [doc_id, page_index, flag] = key;
      SARDESK_RETURN_IF_ERROR(tx.PutSafeguardingFlag({reference, doc_id, page_index, flag, sentences, actor, now}));
      flagged.push_back({{"document_id", doc_id}, {"page", page_index + 1}, {"flag", flag}, {"sentences", sentences}});
    }
    for (std::int64_t doc_id : checked) SARDESK_RETURN_IF_ERROR(tx.PutSafeguardingCheck({doc_id, reference, actor, now}));
    return Audit(tx, *ctx_->time, actor, "redaction.propose", "case_redactions", reference, json::object(),
                 {{"added", added}, {"already_proposed", existing}, {"documents", documents},
                  {"decided_by_rules", {{"accepted", by_rules.accepted}, {"rejected", by_rules.rejected}}},
                  {"safeguarding_flags", flagged}});
  }));
  progress_run.Succeeded();
  return json{{"reference", reference},
              {"documents", documents},
              {"added", added.size()},
              {"review", review},
              {"already_proposed", existing},
              {"not_placed", unmapped},
              {"decided_by_rules",
               {{"accepted", by_rules.accepted.size()}, {"rejected", by_rules.rejected.size()}, {"added", by_rules.added.size()}}},
              {"flags", flags}};
}

Result<json> RedactionService::List(const std::string& reference, const RedactionFilter& filter) {
  if (filter.page < 0) return Status::Invalid("page: pages are numbered from 1");
  if (!filter.status.empty() && filter.status != "proposed" && filter.status != "accepted" && filter.status != "rejected")
    return Status::Invalid("status: use proposed, accepted or rejected");
  if (!filter.source.empty() && filter.source != "detection" && filter.source != "officer" && filter.source != "rule" &&
      filter.source != "qa" && filter.source != "adviser")
    return Status::Invalid("source: use detection, officer, rule, qa or adviser");
  SARDESK_RETURN_IF_ERROR(LoadCase(reference).status());
  store::RedactionQuery q;
  q.case_ref = reference;
  q.document_id = filter.document_id;
  if (filter.page > 0) q.page_index = filter.page - 1;
  q.status = filter.status;
  q.party = filter.party;
  q.category = filter.category;
  q.source = filter.source;
  std::vector<store::RedactionRow> rows;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(rows, tx.ListRedactions(q));
    return Status::Ok();
  }));
  json items = json::array();
  json counts = {{"proposed", 0}, {"accepted", 0}, {"rejected", 0}};
  const auto catalogue = ctx_->exemptions.Get();
  for (const auto& r : rows) {
    items.push_back(RedactionJson(r, *catalogue));
    if (counts.contains(r.status)) counts[r.status] = counts[r.status].get<int>() + 1;
  }
  return json{{"reference", reference}, {"count", items.size()}, {"by_status", counts}, {"redactions", items}};
}

Result<json> RedactionService::Decide(const std::string& reference, std::int64_t id, const json& body,
                                      const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::string decision, exemption, note;
  std::optional<pdf::Rect> box;
  Status read = casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.Str("decision", &decision, 20, true);
    r.Str("exemption", &exemption, 60);
    r.Text("note", &note);
    r.Allow("box");
  });
  SARDESK_RETURN_IF_ERROR(read);
  if (decision != "accept" && decision != "reject") return Status::Invalid("decision: use accept or reject");
  if (body.contains("box")) {
    pdf::Rect b;
    SARDESK_RETURN_IF_ERROR(ReadBox(body["box"], &b));
    box = b;
  }
  const auto catalogue = ctx_->exemptions.Get();
  if (!exemption.empty() && !redact::FindExemption(*catalogue, exemption))
    return Status::Invalid("exemption: \"" + exemption + "\" is not in the exemption catalogue");
  std::optional<store::RedactionRow> row;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(row, tx.FindRedaction(id));
    if (!row || row->case_ref != reference)
      return Status::NotFound("no redaction " + std::to_string(id) + " on " + reference.substr(0, 40));
    json before = AuditOf(*row);
    if (box) {
      if (row->scope != "box") return Status::Invalid("box: a whole-" + row->scope + " redaction has no box to change");
      store::PageQuery q;
      q.document_id = row->document_id;
      q.page_index = row->page_index;
      q.with_text = true;
      SARDESK_ASSIGN_OR_RETURN(auto page, tx.ListPages(q));
      if (page.empty()) return Status::NotFound("the page of redaction " + std::to_string(id) + " is gone");
      SARDESK_RETURN_IF_ERROR(CheckBoxOnPage(*box, page[0]));
      row->boxes_json = BoxesJson({*box});
      row->text = redact::WordsUnder(ParseWords(page[0]), *box);
      row->span_start = row->span_end = -1;
    }
    row->status = decision == "accept" ? "accepted" : "rejected";
    if (!exemption.empty()) row->exemption = exemption;
    row->note = note;
    row->rule_id = 0;
    row->decided_by = actor;
    row->decided_at = ctx_->time->NowIso();
    SARDESK_RETURN_IF_ERROR(tx.UpdateRedaction(*row));
    return Audit(tx, *ctx_->time, actor, decision == "accept" ? "redaction.accept" : "redaction.reject", "redaction",
                 std::to_string(id), before, AuditOf(*row));
  }));
  return RedactionJson(*row, *catalogue);
}

Result<json> RedactionService::Add(const std::string& reference, const json& body, const std::string& actor) {
  return AddAs(reference, body, actor, "officer");
}

Result<json> RedactionService::AddInQa(const std::string& reference, const json& body, const std::string& actor) {
  return AddAs(reference, body, actor, "qa");
}

Result<json> RedactionService::Progress(const std::string& reference) {
  SARDESK_RETURN_IF_ERROR(LoadCase(reference).status());
  return progress_.Json(reference);
}

Result<json> RedactionService::Suggest(const std::string& reference, const json& body, const std::string& actor) {
  if (body.is_object() && body.value("scope", "") == "document")
    return Status::Invalid("scope: suggest a box or a page; withholding a whole document is an IG manager's decision");
  return AddAs(reference, body, actor, "adviser");
}

Result<json> RedactionService::AddAs(const std::string& reference, const json& body, const std::string& actor,
                                     const std::string& source) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::int64_t document_id = 0, page = 0;
  std::string scope, exemption, reason, party;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.Int("document_id", &document_id, 1, INT64_MAX, true);
    r.Int("page", &page, 1, 1'000'000);
    r.Str("scope", &scope, 20);
    r.Str("exemption", &exemption, 60, true);
    r.Text("reason", &reason);
    r.Str("party", &party, 40);
    r.Allow("box");
  }));
  if (scope.empty() && !body.contains("box") && !page)
    return Status::Invalid("scope: say what to redact: a box on a page, a page, or scope \"document\" for the whole document");
  if (scope.empty()) scope = body.contains("box") ? "box" : "page";
  if (scope != "box" && scope != "page" && scope != "document") return Status::Invalid("scope: use box, page or document");
  const auto catalogue = ctx_->exemptions.Get();
  if (!redact::FindExemption(*catalogue, exemption)) {
    std::string codes;
    for (const auto& e : *catalogue) codes += (codes.empty() ? "" : ", ") + e.code;
    return Status::Invalid("exemption: \"" + exemption.substr(0, 60) + "\" is not in the exemption catalogue; use one of " + codes);
  }
  if (!party.empty() && party != "subject" && party != "third_party" && party != "professional" && party != "ambiguous")
    return Status::Invalid("party: use subject, third_party, professional or ambiguous");
  pdf::Rect box;
  if (scope == "box") {
    if (!body.contains("box")) return Status::Invalid("box: draw a box ({\"x0\", \"y0\", \"x1\", \"y1\"} in points)");
    SARDESK_RETURN_IF_ERROR(ReadBox(body["box"], &box));
  } else if (body.contains("box")) {
    return Status::Invalid("box: a whole-" + scope + " redaction takes no box");
  }
  if (scope == "document" && page) return Status::Invalid("page: a whole-document redaction covers every page; leave page out");
  if (scope != "document" && !page) return Status::Invalid("page: say which page (from 1)");
  SARDESK_RETURN_IF_ERROR(LoadCase(reference).status());
  store::RedactionRow row;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto doc, tx.FindDocument(document_id));
    if (!doc || doc->case_ref != reference)
      return Status::NotFound("no document " + std::to_string(document_id) + " on " + reference.substr(0, 40));
    if (doc->status != "ready")
      return Status::Refused("document " + std::to_string(document_id) + " is " + doc->status + ": only read documents can be redacted");
    if (scope == "document") {
      // Four eyes (issue 8): withholding a whole document is a manager's decision.
      SARDESK_ASSIGN_OR_RETURN(auto user, tx.FindUser(actor));
      if (!user || !user->active || user->role != "ig_manager")
        return Status::Denied("withholding a whole document needs an IG manager");
    }
    row = {};
    row.case_ref = reference;
    row.document_id = document_id;
    row.scope = scope;
    row.page_index = scope == "document" ? -1 : static_cast<int>(page - 1);
    if (scope != "document") {
      store::PageQuery q;
      q.document_id = document_id;
      q.page_index = row.page_index;
      q.with_text = true;
      SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
      if (pages.empty())
        return Status::NotFound("document " + std::to_string(document_id) + " has no page " + std::to_string(page) +
                                " (it has " + std::to_string(doc->page_count) + ")");
      if (scope == "box") {
        SARDESK_RETURN_IF_ERROR(CheckBoxOnPage(box, pages[0]));
        row.boxes_json = BoxesJson({box});
        row.text = redact::WordsUnder(ParseWords(pages[0]), box);
      }
    }
    row.category = scope == "box" ? "drawn" : scope;
    row.party = party;
    row.exemption = exemption;
    row.reason = reason;
    row.source = source;
    row.proposed_by = actor;
    row.proposed_at = ctx_->time->NowIso();
    if (source == "adviser") {
      // A suggestion waits for an officer's decision like a detected one.
      row.status = "proposed";
    } else {
      row.status = "accepted";
      row.decided_by = actor;
      row.decided_at = row.proposed_at;
    }
    SARDESK_ASSIGN_OR_RETURN(row.id, tx.InsertRedaction(row));
    const char* action = source == "qa" ? "qa.redaction.add" : source == "adviser" ? "redaction.suggest" : "redaction.add";
    return Audit(tx, *ctx_->time, actor, action, "redaction", std::to_string(row.id), json::object(), AuditOf(row));
  }));
  return RedactionJson(row, *catalogue);
}

Result<json> RedactionService::AddRule(const std::string& reference, const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  store::RedactionRuleRow rule;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.Str("text", &rule.text, casework::kMaxName, true);
    r.Str("action", &rule.action, 20, true);
    r.Str("exemption", &rule.exemption, 60);
    r.Text("reason", &rule.reason);
  }));
  if (rule.action != "redact" && rule.action != "keep") return Status::Invalid("action: use redact or keep");
  if (Fold(rule.text).size() < 2) return Status::Invalid("text: give at least two letters or digits to look for");
  if (rule.action == "redact") {
    if (rule.exemption.empty()) rule.exemption = "third_party";
    if (!redact::FindExemption(*ctx_->exemptions.Get(), rule.exemption))
      return Status::Invalid("exemption: \"" + rule.exemption.substr(0, 60) + "\" is not in the exemption catalogue");
  } else if (!rule.exemption.empty()) {
    return Status::Invalid("exemption: text that is kept needs no exemption");
  }
  SARDESK_RETURN_IF_ERROR(LoadCase(reference).status());
  rule.case_ref = reference;
  rule.created_by = actor;
  rule.created_at = ctx_->time->NowIso();
  RuleOutcome outcome;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(outcome, AddRuleIn(tx, &rule, rule.created_at));
    return Audit(tx, *ctx_->time, actor, "redaction.rule.add", "redaction_rule", std::to_string(rule.id), json::object(),
                 {{"case_ref", reference}, {"action", rule.action}, {"exemption", rule.exemption},
                  {"reason", rule.reason}, {"text_sha256", Sha256Hex(Fold(rule.text))},
                  {"accepted", outcome.accepted}, {"added", outcome.added}, {"rejected", outcome.rejected}});
  }));
  return json{{"rule", RuleJson(rule)},
              {"accepted", outcome.accepted.size()},
              {"added", outcome.added.size()},
              {"rejected", outcome.rejected.size()}};
}

Result<json> RedactionService::Rules(const std::string& reference) {
  SARDESK_RETURN_IF_ERROR(LoadCase(reference).status());
  std::vector<store::RedactionRuleRow> rules;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(rules, tx.ListRedactionRules(reference));
    return Status::Ok();
  }));
  json items = json::array();
  for (const auto& r : rules) items.push_back(RuleJson(r));
  return json{{"reference", reference}, {"rules", items}};
}

Result<json> RedactionService::Apply(const std::string& reference, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  SARDESK_RETURN_IF_ERROR(LoadCase(reference).status());
  std::map<std::int64_t, store::DocumentRow> docs;
  std::map<std::int64_t, std::vector<store::RedactionRow>> accepted;
  std::map<std::int64_t, store::RedactedDocumentRow> copies;
  const auto catalogue = ctx_->exemptions.Get();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto list, tx.ListDocuments(reference));
    for (auto& d : list) docs[d.id] = d;
    SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, reference));
    accepted = AcceptedByDocument(rows, docs);
    SARDESK_ASSIGN_OR_RETURN(auto redacted, tx.ListRedactedDocuments(reference));
    for (auto& c : redacted) copies[c.document_id] = c;
    return Status::Ok();
  }));

  json results = json::array();
  std::string first_failure;
  int redacted_count = 0, unchanged = 0;
  for (const auto& [id, doc] : docs) {
    auto a = accepted.find(id);
    auto c = copies.find(id);
    json item = {{"document_id", id}, {"filename", doc.filename}};
    if (a == accepted.end()) {
      if (c != copies.end()) {
        // No redactions any more (all rejected, or the document left the bundle): the copy goes.
        SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
          SARDESK_RETURN_IF_ERROR(tx.DeleteRedactedDocument(id));
          return Audit(tx, *ctx_->time, actor, "redaction.unapply", "document", std::to_string(id),
                       {{"redacted_sha256", c->second.redacted_sha256}}, {{"redacted_sha256", ""}});
        }));
      }
      if (!UsableDocument(doc)) continue;
      item["state"] = "original";
      results.push_back(item);
      continue;
    }
    const std::string fingerprint = Fingerprint(doc.pdf_sha256, a->second, *catalogue);
    if (c != copies.end() && c->second.fingerprint == fingerprint && blobs_->Contains(c->second.redacted_sha256)) {
      ++unchanged;
      item["state"] = "redacted";
      item["changed"] = false;
      item["redacted_sha256"] = c->second.redacted_sha256;
      item["redactions"] = c->second.redactions;
      results.push_back(item);
      continue;
    }
    SARDESK_ASSIGN_OR_RETURN(store::PlainFile in_file, blobs_->PathOf(doc.pdf_sha256));
    const std::string& in_path = in_file.path();
    TempDir tmp;
    if (tmp.path().empty()) return Status::Internal("cannot make a temporary folder for the redacted copy");
    const std::string out_path = tmp.path() + "/redacted.pdf";
    auto burned = BurnIn(in_path, out_path, a->second, *catalogue);
    if (!burned.ok()) {
      if (burned.status().code() == ErrorCode::kInternal) return burned.status();
      if (first_failure.empty())
        first_failure = "document " + std::to_string(id) + " (" + doc.filename + "): " + burned.status().message();
      item["state"] = "failed";
      item["error"] = burned.status().message();
      results.push_back(item);
      continue;
    }
    if (!burned->failures.empty()) {
      json failures = json::array();
      for (const auto& f : burned->failures)
        failures.push_back({{"page", f.page >= 0 ? json(f.page + 1) : json(nullptr)}, {"method", f.method}, {"detail", f.detail}});
      const auto& f = burned->failures.front();
      if (first_failure.empty())
        first_failure = "document " + std::to_string(id) + " (" + doc.filename + "): verification failed: " +
                        (f.page >= 0 ? "page " + std::to_string(f.page + 1) : std::string("the file")) + ": " +
                        f.method + ": " + f.detail;
      item["state"] = "failed";
      item["failures"] = failures;
      results.push_back(item);
      continue;
    }
    SARDESK_ASSIGN_OR_RETURN(std::string sha, blobs_->PutFile(out_path, kMaxPdfBytes));
    store::RedactedDocumentRow row;
    row.document_id = id;
    row.case_ref = reference;
    row.source_sha256 = doc.pdf_sha256;
    row.redacted_sha256 = sha;
    row.fingerprint = fingerprint;
    row.redactions = static_cast<std::int64_t>(a->second.size());
    row.pages_json = PagesChangedJson(burned->pages).dump();
    row.applied_by = actor;
    row.applied_at = ctx_->time->NowIso();
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
      SARDESK_RETURN_IF_ERROR(tx.PutRedactedDocument(row));
      json ids = json::array();
      for (const auto& r : a->second) ids.push_back(r.id);
      return Audit(tx, *ctx_->time, actor, "redaction.apply", "document", std::to_string(id),
                   {{"redacted_sha256", c == copies.end() ? "" : c->second.redacted_sha256}},
                   {{"redacted_sha256", sha}, {"source_sha256", doc.pdf_sha256}, {"redactions", ids},
                    {"pages", PagesChangedJson(burned->pages)}, {"verified", true}});
    }));
    ++redacted_count;
    item["state"] = "redacted";
    item["changed"] = true;
    item["redacted_sha256"] = sha;
    item["redactions"] = row.redactions;
    item["pages"] = PagesChangedJson(burned->pages);
    results.push_back(item);
  }
  if (!first_failure.empty())
    return Status::Refused(first_failure + "; its redacted copy was not kept: change the redactions on that page or "
                                           "withhold the page, then apply again");
  return json{{"reference", reference}, {"documents", results}, {"redacted", redacted_count}, {"unchanged", unchanged}};
}

Result<json> RedactionService::RedactedDocuments(const std::string& reference) {
  SARDESK_RETURN_IF_ERROR(LoadCase(reference).status());
  std::vector<store::DocumentRow> docs;
  std::map<std::int64_t, store::RedactedDocumentRow> copies;
  RedactionReadiness readiness;
  std::map<std::int64_t, std::int64_t> accepted_count;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(docs, tx.ListDocuments(reference));
    SARDESK_ASSIGN_OR_RETURN(auto redacted, tx.ListRedactedDocuments(reference));
    for (auto& c : redacted) copies[c.document_id] = c;
    SARDESK_ASSIGN_OR_RETURN(readiness, ReadinessIn(tx, reference, *ctx_->exemptions.Get()));
    SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, reference));
    for (const auto& r : rows)
      if (r.status == "accepted") accepted_count[r.document_id]++;
    return Status::Ok();
  }));
  std::set<std::int64_t> to_apply(readiness.documents_to_apply.begin(), readiness.documents_to_apply.end());
  json items = json::array();
  for (const auto& d : docs) {
    if (!UsableDocument(d)) continue;
    auto c = copies.find(d.id);
    json item = {{"document_id", d.id},
                 {"filename", d.filename},
                 {"page_count", d.page_count},
                 {"accepted", accepted_count[d.id]},
                 {"state", to_apply.count(d.id) ? "needs_apply" : c != copies.end() ? "redacted" : "original"},
                 {"redacted_sha256", c != copies.end() ? c->second.redacted_sha256 : ""},
                 {"applied_by", c != copies.end() ? c->second.applied_by : ""},
                 {"applied_at", c != copies.end() ? c->second.applied_at : ""}};
    auto pages = c != copies.end() ? json::parse(c->second.pages_json, nullptr, false) : json::array();
    item["pages"] = pages.is_discarded() ? json::array() : pages;
    items.push_back(std::move(item));
  }
  return json{{"reference", reference}, {"undecided", readiness.undecided}, {"documents", items}};
}

Result<std::string> RedactionService::RedactedPdf(const std::string& reference, std::int64_t document_id) {
  std::optional<store::RedactedDocumentRow> copy;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto redacted, tx.ListRedactedDocuments(reference));
    for (auto& c : redacted)
      if (c.document_id == document_id) copy = c;
    return Status::Ok();
  }));
  if (!copy)
    return Status::NotFound("document " + std::to_string(document_id) + " on " + reference.substr(0, 40) +
                            " has no redacted copy: apply its redactions first");
  return blobs_->Read(copy->redacted_sha256, kMaxPdfBytes);
}

Result<RedactionSchedule> RedactionService::Schedule(const std::string& reference) {
  SARDESK_RETURN_IF_ERROR(LoadCase(reference).status());
  RedactionSchedule schedule;
  schedule.reference = reference;
  const auto catalogue = ctx_->exemptions.Get();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto list, tx.ListDocuments(reference));
    std::map<std::int64_t, store::DocumentRow> docs;
    for (auto& d : list) docs[d.id] = d;
    SARDESK_ASSIGN_OR_RETURN(auto rows, CaseRedactions(tx, reference));
    for (const auto& [doc_id, accepted] : AcceptedByDocument(rows, docs)) {
      for (const auto& r : accepted) {
        ScheduleRow s;
        auto ex = redact::FindExemption(*catalogue, r.exemption);
        s.redaction_id = r.id;
        s.document_id = doc_id;
        s.filename = docs[doc_id].filename;
        s.page = r.page_index >= 0 ? r.page_index + 1 : 0;
        s.scope = r.scope;
        s.boxes_json = r.boxes_json;
        s.category = r.category;
        s.exemption = r.exemption;
        s.exemption_label = ex ? ex->label : "";
        s.basis = ex ? ex->basis : "";
        s.reason = r.reason;
        s.source = r.source == "detection" ? "detection" : "person";
        s.origin = r.source;
        s.proposed_by = r.proposed_by;
        s.proposed_at = r.proposed_at;
        s.decided_by = r.decided_by;
        s.decided_at = r.decided_at;
        schedule.rows.push_back(std::move(s));
      }
    }
    return Status::Ok();
  }));
  std::stable_sort(schedule.rows.begin(), schedule.rows.end(), [](const ScheduleRow& a, const ScheduleRow& b) {
    return std::tie(a.document_id, a.page, a.redaction_id) < std::tie(b.document_id, b.page, b.redaction_id);
  });
  return schedule;
}

Result<RedactionReadiness> RedactionService::Readiness(const std::string& reference) {
  RedactionReadiness out;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(out, ReadinessIn(tx, reference, *ctx_->exemptions.Get()));
    return Status::Ok();
  }));
  return out;
}

}  // namespace sardesk::service
