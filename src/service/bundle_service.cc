#include "service/bundle_service.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>


#include "bundle/bundle_pdf.h"
#include "bundle/dates.h"
#include "bundle/front_matter.h"
#include "bundle/glossary.h"
#include "case/json_reader.h"
#include "common/sha256.h"
#include "office/flat_odt.h"
#include "office/office_converter.h"
#include "pdf/pdf_document.h"
#include "service/redaction_service.h"

namespace sardesk::service {

namespace {
constexpr std::int64_t kMaxVolumeBytes = 16ll << 30;  // far above any volume a bundle makes
}  // namespace

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMaxLetterBytes = 50ll << 20;

bool Usable(const store::DocumentRow& d) {
  return d.status == "ready" && !d.excluded && !d.pdf_sha256.empty() && d.duplicate_of == 0;
}

// A document as it goes into the bundle.
struct Included {
  store::DocumentRow row;
  store::PlainFile source_file;  // the redacted copy, or the normalised PDF
  std::string source_path;       // source_file's path, valid while it lives
  bool redacted = false;
  std::vector<int> pages;                  // 0-based, in order
  std::map<int, std::string> released_text;  // page -> text as released
  std::optional<Date> date;
};

// A run of one document's pages within one volume.
struct Segment {
  size_t doc = 0;
  std::vector<int> pages;
  int volume = 1;
  int first_page = 0;  // in its volume, from 1 (set once the front matter is known)
  bool continued = false;
};

json ParseOr(const std::string& text, json fallback) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}


Status Audit(store::Transaction& tx, const TimeSource& time, const std::string& actor, const std::string& action,
             const std::string& reference, const json& after) {
  audit::AuditEntry a;
  a.at = time.NowIso();
  a.actor = actor;
  a.action = action;
  a.entity = "case";
  a.entity_id = reference;
  a.before = "{}";
  a.after = after.dump(-1, ' ', false, json::error_handler_t::replace);
  auto appended = tx.AppendAudit(a);
  return appended.ok() ? Status::Ok() : appended.status();
}

// Why the redactions are not ready for a bundle, or empty.
std::string NotReady(const RedactionReadiness& r) {
  std::string out;
  if (r.undecided > 0)
    out = std::to_string(r.undecided) + " proposed redaction" + (r.undecided == 1 ? " is" : "s are") +
          " undecided: accept or reject " + (r.undecided == 1 ? "it" : "them");
  if (!r.documents_to_apply.empty()) {
    std::string ids;
    for (auto id : r.documents_to_apply) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    out += (out.empty() ? "" : "; ") + std::string("the redacted copies of documents ") + ids +
           " do not match the decisions: apply the redactions";
  }
  return out;
}

Status WriteSection(const fs::path& path, const bundle::Section& s) {
  return pdf::WriteTextPdf(path.string(), {s.text});
}

// The bundle format the requester's preferred format calls for.
std::string FormatFor(casework::Format preferred) {
  switch (preferred) {
    case casework::Format::kLargePrint:
      return "large_print";
    case casework::Format::kAccessiblePdf:
    case casework::Format::kBraille:  // a tagged PDF is what braille transcription and screen readers start from
    case casework::Format::kAudio:
      return "accessible";
    default:
      return "standard";
  }
}

// The front matter of an accessible or large-print bundle: one tagged PDF
// made by LibreOffice, and the runs (one per section) that take its pages.
struct TaggedFront {
  std::string pdf;
  std::vector<bundle::PageRun> runs;
  int pages = 0;
};

// The first non-empty line of a section: its heading.
std::string FirstLine(const std::string& text) {
  size_t at = text.find_first_not_of("\n\f ");
  if (at == std::string::npos) return "";
  return text.substr(at, text.find_first_of("\n\f", at) - at);
}

std::string Squeezed(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out += c;
  return out;
}

// `sections` (the covering letter's text first when `letter` is set) as one
// tagged PDF at `path`, and where each section starts in it.
Result<TaggedFront> WriteTaggedFront(const std::string& path, const std::vector<bundle::Section>& sections,
                                     bool letter, const std::string& title, bool large_print,
                                     const office::Limits& limits) {
  office::FlatOdtDocument doc;
  doc.title = title;
  doc.font_pt = large_print ? 18 : 12;
  for (size_t i = 0; i < sections.size(); ++i) {
    auto blocks = office::BlocksFromPlainText(sections[i].text, !(letter && i == 0), i > 0);
    doc.blocks.insert(doc.blocks.end(), blocks.begin(), blocks.end());
  }
  SARDESK_RETURN_IF_ERROR(office::ConvertFlatOdt(office::WriteFlatOdt(doc), office::WrittenFormat::kTaggedPdf, path,
                                                 limits));
  TaggedFront out;
  out.pdf = path;
  SARDESK_ASSIGN_OR_RETURN(auto pdf, pdf::PdfDocument::Open(path));
  SARDESK_ASSIGN_OR_RETURN(out.pages, bundle::CountPages(path));
  std::vector<std::string> page_text;
  for (int p = 0; p < out.pages; ++p) {
    SARDESK_ASSIGN_OR_RETURN(auto text, pdf->ExtractText(p));
    page_text.push_back(Squeezed(text.text));
  }
  // Each section starts a page with its heading (spaces ignored: the
  // extracted text may break lines differently).
  std::vector<int> starts;
  int from = 0;
  for (size_t i = 0; i < sections.size(); ++i) {
    if (i == 0) {
      starts.push_back(0);
      continue;
    }
    const std::string heading = Squeezed(FirstLine(sections[i].text));
    int found = -1;
    for (int p = std::max(from, 1); p < out.pages && found < 0; ++p)
      if (page_text[static_cast<size_t>(p)].rfind(heading, 0) == 0) found = p;
    if (found < 0) return Status::Internal("the accessible front matter lost the section \"" + sections[i].title + "\"");
    starts.push_back(found);
    from = found + 1;
  }
  for (size_t i = 0; i < sections.size(); ++i) {
    bundle::PageRun run{sections[i].title, path, {}};
    int end = i + 1 < sections.size() ? starts[i + 1] : out.pages;
    for (int p = starts[i]; p < end; ++p) run.pages.push_back(p);
    out.runs.push_back(std::move(run));
  }
  return out;
}

// Removes a folder when a build fails part-way.
class FolderGuard {
 public:
  explicit FolderGuard(fs::path p) : path_(std::move(p)) {}
  ~FolderGuard() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  void Keep() { path_.clear(); }

 private:
  fs::path path_;
};

}  // namespace

json BundleJson(const store::BundleRow& row) {
  return {{"id", row.id},
          {"reference", row.case_ref},
          {"order", row.sort_order},
          {"pages", row.pages},
          {"volumes", ParseOr(row.volumes_json, json::array())},
          {"documents", ParseOr(row.documents_json, json::array())},
          {"options", ParseOr(row.options_json, json::object())},
          {"fingerprint", row.fingerprint},
          {"built_by", row.built_by},
          {"built_at", row.built_at}};
}

Result<std::optional<store::BundleRow>> LatestBundleIn(store::Transaction& tx, const std::string& reference) {
  SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListBundles(reference));
  if (rows.empty()) return std::optional<store::BundleRow>();
  return std::optional<store::BundleRow>(rows.back());
}

BundleService::BundleService(ServiceContext* ctx, CaseService* cases, store::BlobStore* blobs, std::string data_dir)
    : ctx_(ctx), cases_(cases), blobs_(blobs), data_dir_(std::move(data_dir)) {}

std::string BundleService::CaseFolder(const std::string& reference) const {
  return (fs::path(data_dir_) / "cases" / reference).string();
}

Result<json> BundleService::Build(const std::string& reference, const json& body, const std::string& actor,
                                  const std::string& covering_letter_pdf) {
  // Progress for the screens (issue 7), until this returns.
  WorkProgress::Run progress_run(&progress_, reference, "preparing");
  std::string order = "source";
  bool chronology = false;
  std::int64_t letter_id = 0;
  std::string generate;
  std::string format;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    r.Str("order", &order, 16);
    r.Bool("chronology", &chronology);
    r.Int("covering_letter_id", &letter_id, 1, 1ll << 53);
    r.Str("covering_letter", &generate, 16);
    r.Str("format", &format, 16);
  }));
  if (!format.empty() && format != "standard" && format != "large_print" && format != "accessible")
    return Status::Invalid("format: use standard, large_print (large text, enlarged pages) or accessible (a tagged "
                           "PDF for screen readers)");
  if (!generate.empty() && generate != "generate")
    return Status::Invalid("covering_letter: use \"generate\" to put the release covering letter first");
  if (!generate.empty() && (letter_id != 0 || !covering_letter_pdf.empty()))
    return Status::Invalid("give the covering letter once: generate it, a letter id or a file");
  if (order != "source" && order != "date")
    return Status::Invalid("order: use source (document by document as collected) or date (oldest document first)");
  if (letter_id != 0 && !covering_letter_pdf.empty())
    return Status::Invalid("give the covering letter once: a letter id or a file, not both");
  SARDESK_ASSIGN_OR_RETURN(CaseView view, cases_->Get(reference, false));
  const casework::CaseRecord& rec = view.record;
  if (format.empty()) format = FormatFor(rec.format);
  Settings settings;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    settings = ctx_->settings;
  }
  const auto catalogue = ctx_->exemptions.Get();

  std::vector<store::DocumentRow> docs;
  std::vector<store::PageRow> pages;
  std::map<std::int64_t, std::string> redacted_sha;  // document -> its redacted copy
  std::vector<store::SafeguardingFlagRow> flags;
  std::vector<store::RedactionRow> accepted;
  std::string fingerprint;
  RedactionReadiness readiness;
  std::string letter_sha;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(docs, tx.ListDocuments(reference));
    store::PageQuery q;
    q.case_ref = reference;
    q.with_text = true;
    SARDESK_ASSIGN_OR_RETURN(pages, tx.ListPages(q));
    SARDESK_ASSIGN_OR_RETURN(auto copies, tx.ListRedactedDocuments(reference));
    for (const auto& c : copies) redacted_sha[c.document_id] = c.redacted_sha256;
    SARDESK_ASSIGN_OR_RETURN(flags, tx.ListSafeguardingFlags(reference));
    store::RedactionQuery rq;
    rq.case_ref = reference;
    rq.status = "accepted";
    SARDESK_ASSIGN_OR_RETURN(accepted, tx.ListRedactions(rq));
    SARDESK_ASSIGN_OR_RETURN(readiness, ReadinessIn(tx, reference, *catalogue));
    SARDESK_ASSIGN_OR_RETURN(fingerprint, DecisionsFingerprintIn(tx, reference));
    if (letter_id != 0) {
      SARDESK_ASSIGN_OR_RETURN(auto letter, tx.FindLetter(letter_id));
      if (!letter || letter->case_ref != reference)
        return Status::NotFound("covering_letter_id: no letter " + std::to_string(letter_id) + " on this request");
      letter_sha = letter->pdf_sha256;
    }
    return Status::Ok();
  }));
  if (std::string why = NotReady(readiness); !why.empty())
    return Status::Refused("the bundle cannot be built yet: " + why);

  // What goes in: usable documents, their pages not excluded, and not exact
  // copies of a page that is itself in the bundle.
  std::map<std::int64_t, std::vector<const store::PageRow*>> pages_of;
  for (const auto& p : pages) pages_of[p.document_id].push_back(&p);
  std::set<std::int64_t> usable_ids;
  for (const auto& d : docs)
    if (Usable(d)) usable_ids.insert(d.id);
  std::set<std::pair<std::int64_t, int>> kept;
  for (const auto& p : pages)
    if (usable_ids.count(p.document_id) && !p.excluded) kept.insert({p.document_id, p.page_index});
  std::vector<Included> included;
  for (const auto& d : docs) {
    if (!usable_ids.count(d.id)) continue;
    Included inc;
    inc.row = d;
    auto copy = redacted_sha.find(d.id);
    inc.redacted = copy != redacted_sha.end();
    SARDESK_ASSIGN_OR_RETURN(inc.source_file, blobs_->PathOf(inc.redacted ? copy->second : d.pdf_sha256));
    inc.source_path = inc.source_file.path();
    for (const auto* p : pages_of[d.id]) {
      if (!kept.count({p->document_id, p->page_index})) continue;
      if (p->duplicate_kind == "exact" && kept.count({p->duplicate_of_document, p->duplicate_of_page}) &&
          !(p->duplicate_of_document == p->document_id && p->duplicate_of_page == p->page_index))
        continue;
      inc.pages.push_back(p->page_index);
      inc.released_text[p->page_index] = p->text;
    }
    std::sort(inc.pages.begin(), inc.pages.end());
    if (inc.pages.empty()) continue;
    if (inc.redacted) {  // the text as released, not as collected
      SARDESK_ASSIGN_OR_RETURN(auto pdf, pdf::PdfDocument::Open(inc.source_path));
      for (int page : inc.pages) {
        SARDESK_ASSIGN_OR_RETURN(auto text, pdf->ExtractText(page));
        inc.released_text[page] = text.text;
      }
    }
    for (int page : inc.pages) {
      auto found = bundle::FindDates(inc.released_text[page]);
      if (!found.empty()) {
        inc.date = found.front().date;
        break;
      }
    }
    included.push_back(std::move(inc));
  }
  if (included.empty())
    return Status::Refused("nothing to put in the bundle: no document is ready, included and not a duplicate");
  if (order == "date")
    std::stable_sort(included.begin(), included.end(), [](const Included& a, const Included& b) {
      if (a.date.has_value() != b.date.has_value()) return a.date.has_value();  // undated last
      return a.date.has_value() && *a.date < *b.date;
    });

  // Volumes: documents kept whole where they fit.
  const auto limit = static_cast<size_t>(std::max(1, settings.bundle_volume_pages));
  std::vector<Segment> segments;
  int volume = 1;
  size_t used = 0;
  for (size_t i = 0; i < included.size(); ++i) {
    size_t at = 0;
    const auto& ps = included[i].pages;
    while (at < ps.size()) {
      if (used > 0 && used + (ps.size() - at) > limit && used >= limit / 2) {
        ++volume;
        used = 0;
      }
      if (used >= limit) {
        ++volume;
        used = 0;
      }
      size_t take = std::min(ps.size() - at, limit - used);
      Segment s;
      s.doc = i;
      s.pages.assign(ps.begin() + static_cast<std::ptrdiff_t>(at), ps.begin() + static_cast<std::ptrdiff_t>(at + take));
      s.volume = volume;
      s.continued = at > 0;
      segments.push_back(std::move(s));
      at += take;
      used += take;
    }
  }
  const int volumes = volume;

  // Front matter.
  bundle::FrontMatterInput fm;
  fm.reference = reference;
  fm.organisation = settings.organisation;
  fm.subject_name = rec.subject.name;
  fm.built_on = ctx_->time->Today().ToString();
  fm.volumes = volumes;
  std::set<std::pair<std::int64_t, int>> in_bundle;
  for (const auto& inc : included)
    for (int p : inc.pages) in_bundle.insert({inc.row.id, p});
  for (const auto& f : flags)
    if (in_bundle.count({f.document_id, f.page_index})) fm.safeguarding_flag = true;
  for (auto v : rec.vulnerabilities)
    if (v == casework::Vulnerability::kCareLeaver) fm.care_leaver = true;
  for (const auto& t : rec.search_tasks) {
    if (t.status == casework::SearchStatus::kCancelled) continue;
    fm.searches.push_back({t.service_area_name.empty() ? t.service_area : t.service_area_name,
                           std::string(casework::Label(t.status)),
                           t.answered_on ? t.answered_on->ToString() : "", t.note});
  }
  std::map<std::string, std::int64_t> uses;
  for (const auto& r : accepted)
    if (usable_ids.count(r.document_id) && (r.page_index < 0 || in_bundle.count({r.document_id, r.page_index})))
      ++uses[r.exemption];
  for (const auto& e : *catalogue)
    if (uses.count(e.code)) fm.exemptions.push_back({e.name, e.label, e.explanation, uses[e.code]});
  std::vector<std::string> texts;
  for (const auto& inc : included)
    for (const auto& [page, text] : inc.released_text)
      if (in_bundle.count({inc.row.id, page})) texts.push_back(text);
  fm.glossary = bundle::TermsUsed(bundle::BuiltInGlossary(), texts);

  // Work in a folder of its own; it becomes the bundle's folder when done.
  const fs::path bundles_dir = fs::path(CaseFolder(reference)) / "bundles";
  const fs::path work = bundles_dir / (".building-" + RandomHex(8));
  std::error_code ec;
  fs::create_directories(work, ec);
  if (ec) return Status::Internal("cannot create the bundle folder: " + ec.message());
  FolderGuard guard(work);

  std::vector<bundle::PageRun> front;
  int front_pages = 0;
  std::string letter_bytes = covering_letter_pdf;
  if (!letter_sha.empty()) {
    SARDESK_ASSIGN_OR_RETURN(letter_bytes, blobs_->Read(letter_sha, kMaxLetterBytes));
  }
  if (!generate.empty()) {
    if (!covering_letter_) return Status::Invalid("covering_letter: letters are not available on this server");
    SARDESK_ASSIGN_OR_RETURN(letter_bytes, covering_letter_(reference));
  }
  const bool tagged = format != "standard";
  std::string letter_text;  // accessible bundles re-set the letter with the rest
  if (!letter_bytes.empty()) {
    fs::path letter = work / "letter.pdf";
    std::ofstream(letter, std::ios::binary) << letter_bytes;
    auto n = bundle::CountPages(letter.string());
    if (!n.ok()) return Status::Invalid("the covering letter is not a PDF that can be read: " + n.status().message());
    if (tagged) {
      SARDESK_ASSIGN_OR_RETURN(auto pdf, pdf::PdfDocument::Open(letter.string()));
      for (int p = 0; p < *n; ++p) {
        SARDESK_ASSIGN_OR_RETURN(auto text, pdf->ExtractText(p));
        letter_text += (p > 0 ? "\f" : "") + text.text;
      }
      if (letter_text.find_first_not_of(" \n\f") == std::string::npos)
        return Status::Invalid("the covering letter has no text to set in " +
                               std::string(format == "large_print" ? "large print" : "an accessible PDF") +
                               ": give a letter made by sardesk, or build a standard bundle");
    } else {
      front.push_back({"Covering letter", letter.string(), {}});
      front_pages += *n;
    }
  }
  auto sections = bundle::FrontSections(fm);
  if (!tagged)
    for (size_t i = 0; i < sections.size(); ++i) {
      fs::path p = work / ("front-" + std::to_string(i) + ".pdf");
      SARDESK_RETURN_IF_ERROR(WriteSection(p, sections[i]));
      SARDESK_ASSIGN_OR_RETURN(int n, bundle::CountPages(p.string()));
      front.push_back({sections[i].title, p.string(), {}});
      front_pages += n;
    }

  // The index and chronology give page numbers that depend on their own
  // length: lay out until the numbers settle.
  std::vector<bundle::IndexEntry> entries;
  auto lay_out = [&](int offset_in_volume1, bundle::Section* index, bundle::Section* chronology_section) {
    std::map<int, int> used_in_volume;
    entries.clear();
    std::vector<bundle::ChronologyEntry> events;
    for (auto& s : segments) {
      int& u = used_in_volume[s.volume];
      s.first_page = (s.volume == 1 ? offset_in_volume1 : 0) + u + 1;
      u += static_cast<int>(s.pages.size());
      const auto& inc = included[s.doc];
      entries.push_back({inc.row.filename + (s.continued ? " (continued)" : ""), s.volume, s.first_page,
                         s.first_page + static_cast<int>(s.pages.size()) - 1});
      if (chronology)
        for (size_t k = 0; k < s.pages.size(); ++k)
          for (auto& d : bundle::FindDates(inc.released_text.at(s.pages[k])))
            events.push_back({d.date, inc.row.filename, s.first_page + static_cast<int>(k), s.volume, d.line});
    }
    *index = bundle::IndexSection(entries, volumes);
    if (chronology) *chronology_section = bundle::ChronologySection(std::move(events), volumes);
  };
  std::string tagged_pdf;
  if (tagged) {
    // One LibreOffice run per layout (seconds each): usually two, the
    // second confirming the page count the first found.
    office::Limits limits;
    limits.timeout_seconds = settings.upload.conversion_timeout_seconds;
    int guess = 0;
    for (int round = 0;; ++round) {
      bundle::Section index, chronology_section;
      lay_out(guess, &index, &chronology_section);
      std::vector<bundle::Section> all;
      if (!letter_text.empty()) all.push_back({"Covering letter", letter_text});
      all.insert(all.end(), sections.begin(), sections.end());
      all.push_back(index);
      if (chronology) all.push_back(chronology_section);
      const fs::path pdf = work / ("front-tagged-" + std::to_string(round) + ".pdf");
      SARDESK_ASSIGN_OR_RETURN(TaggedFront made,
                               WriteTaggedFront(pdf.string(), all, !letter_text.empty(),
                                                "Your records: " + reference, format == "large_print", limits));
      if (made.pages == guess || round == 4) {
        if (made.pages != guess) return Status::Internal("the accessible front matter's page numbers do not settle");
        front = made.runs;
        front_pages = made.pages;
        tagged_pdf = made.pdf;
        break;
      }
      guess = made.pages;
    }
  } else {
    const fs::path index_pdf = work / "index.pdf";
    const fs::path chronology_pdf = work / "chronology.pdf";
    int index_pages = 1, chronology_pages = chronology ? 1 : 0;
    for (int round = 0; round < 6; ++round) {
      bundle::Section index, chronology_section;
      lay_out(front_pages + index_pages + chronology_pages, &index, &chronology_section);
      SARDESK_RETURN_IF_ERROR(WriteSection(index_pdf, index));
      SARDESK_ASSIGN_OR_RETURN(int ni, bundle::CountPages(index_pdf.string()));
      int nc = 0;
      if (chronology) {
        SARDESK_RETURN_IF_ERROR(WriteSection(chronology_pdf, chronology_section));
        SARDESK_ASSIGN_OR_RETURN(nc, bundle::CountPages(chronology_pdf.string()));
      }
      if (ni == index_pages && nc == chronology_pages) break;
      index_pages = ni;
      chronology_pages = nc;
    }
    front.push_back({"Index", index_pdf.string(), {}});
    if (chronology) front.push_back({"Chronology", chronology_pdf.string(), {}});
  }

  const std::string folder_name = ctx_->time->Today().ToString() + "-" + RandomHex(4);
  json volumes_json = json::array();
  std::int64_t total_pages = 0;
  std::vector<std::int64_t> record_pages(static_cast<size_t>(volumes) + 1, 0);
  for (const auto& seg : segments) record_pages[static_cast<size_t>(seg.volume)] += static_cast<std::int64_t>(seg.pages.size());
  std::int64_t records_total = 0;
  for (auto n : record_pages) records_total += n;
  progress_.SetStage(reference, "assembling");
  progress_.SetTotal(reference, records_total);
  std::int64_t records_done = 0;
  for (int v = 1; v <= volumes; ++v) {
    bundle::VolumeLayout layout;
    layout.stamp_prefix = reference + (volumes > 1 ? "   Volume " + std::to_string(v) + " of " + std::to_string(volumes) : "");
    if (v == 1) layout.runs = front;
    // Large print: 14pt page stamps, and the records enlarged from A4 to A3
    // (x1.414, as an enlarging photocopier does), so their text, redaction
    // labels included, is about 1.4 times its size.
    const double scale = format == "large_print" ? 1.414 : 1.0;
    if (format == "large_print") layout.stamp_size = 14;
    for (const auto& s : segments)
      if (s.volume == v) {
        const auto& inc = included[s.doc];
        layout.runs.push_back({inc.row.filename + (s.continued ? " (continued)" : ""), inc.source_path, s.pages, scale});
      }
    if (tagged) {
      layout.tagged = true;
      layout.title = "Your records: " + reference + (volumes > 1 ? ", volume " + std::to_string(v) : "");
      if (v == 1) layout.tagged_source = tagged_pdf;
    }
    std::string name = reference + "-bundle" +
                       (volumes > 1 ? "-volume-" + std::to_string(v) + "-of-" + std::to_string(volumes) : "") + ".pdf";
    const std::int64_t in_volume = record_pages[static_cast<size_t>(v)];
    SARDESK_ASSIGN_OR_RETURN(int n, bundle::AssembleVolume(layout, (work / name).string(), [&](int percent) {
      progress_.SetDone(reference, records_done + in_volume * std::clamp(percent, 0, 100) / 100);
    }));
    records_done += in_volume;
    progress_.SetDone(reference, records_done);
    progress_.SetStage(reference, "storing");
    SARDESK_ASSIGN_OR_RETURN(std::string sha, FileSha256Hex(work / name, "bundle"));
    auto bytes = static_cast<std::int64_t>(fs::file_size(work / name, ec));
    // The volume is kept in the blob store, encrypted at rest like the
    // documents it was made from (issue 8); the plain file goes.
    SARDESK_ASSIGN_OR_RETURN(std::string stored, blobs_->PutFile((work / name).string(), kMaxVolumeBytes));
    if (stored != sha) return Status::Internal("the bundle volume changed while it was being stored");
    fs::remove(work / name, ec);
    volumes_json.push_back({{"volume", v}, {"file", folder_name + "/" + name}, {"sha256", sha}, {"bytes", bytes}, {"pages", n}});
    total_pages += n;
  }
  // Only the volumes are kept.
  for (const auto& entry : fs::directory_iterator(work, ec))
    if (entry.path().filename().string().rfind(reference + "-bundle", 0) != 0) fs::remove(entry.path(), ec);

  json documents_json = json::array();
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& inc = included[segments[i].doc];
    documents_json.push_back({{"document_id", inc.row.id}, {"filename", inc.row.filename}, {"volume", entries[i].volume},
                              {"first_page", entries[i].first_page}, {"last_page", entries[i].last_page},
                              {"pages", segments[i].pages.size()}, {"redacted", inc.redacted},
                              {"document_date", inc.date ? inc.date->ToString() : ""}});
  }
  json options = {{"chronology", chronology},
                  {"format", format},
                  {"covering_letter", letter_id != 0 ? json(letter_id)
                                      : !generate.empty()  ? json("generated")
                                      : json(!letter_bytes.empty() ? "file" : "")},
                  {"volume_pages", settings.bundle_volume_pages},
                  {"glossary_terms", fm.glossary.size()},
                  {"distress_warning", fm.safeguarding_flag},
                  {"exemptions", uses}};

  fs::rename(work, bundles_dir / folder_name, ec);
  if (ec) return Status::Internal("cannot move the bundle into place: " + ec.message());
  guard.Keep();
  FolderGuard placed(bundles_dir / folder_name);

  store::BundleRow row;
  row.case_ref = reference;
  row.sort_order = order;
  row.fingerprint = fingerprint;
  row.pages = total_pages;
  row.volumes_json = volumes_json.dump();
  row.documents_json = documents_json.dump(-1, ' ', false, json::error_handler_t::replace);
  row.options_json = options.dump();
  row.built_by = actor;
  row.built_at = ctx_->time->NowIso();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    // The decisions may have changed while the bundle was being made.
    SARDESK_ASSIGN_OR_RETURN(std::string now, DecisionsFingerprintIn(tx, reference));
    SARDESK_ASSIGN_OR_RETURN(auto ready, ReadinessIn(tx, reference, *catalogue));
    if (now != fingerprint || !NotReady(ready).empty())
      return Status::Conflict("the redactions changed while the bundle was being built: build it again");
    SARDESK_ASSIGN_OR_RETURN(row.id, tx.InsertBundle(row));
    json after = {{"bundle_id", row.id}, {"pages", row.pages}, {"order", order}, {"volumes", volumes_json},
                  {"documents", segments.size()}, {"fingerprint", fingerprint}, {"options", options}};
    return Audit(tx, *ctx_->time, actor, "bundle.build", reference, after);
  }));
  placed.Keep();
  progress_run.Succeeded();
  return BundleJson(row);
}

Result<json> BundleService::Progress(const std::string& reference) {
  SARDESK_RETURN_IF_ERROR(cases_->Get(reference, false).status());
  return progress_.Json(reference);
}

Result<json> BundleService::List(const std::string& reference) {
  SARDESK_RETURN_IF_ERROR(cases_->Get(reference, false).status());
  std::vector<store::BundleRow> rows;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(rows, tx.ListBundles(reference));
    return Status::Ok();
  }));
  json items = json::array();
  for (const auto& r : rows) items.push_back(BundleJson(r));
  return json{{"reference", reference}, {"bundles", items}};
}

Result<json> BundleService::Show(const std::string& reference, std::int64_t id) {
  SARDESK_RETURN_IF_ERROR(cases_->Get(reference, false).status());
  std::optional<store::BundleRow> row;
  bool current = false;
  const auto catalogue = ctx_->exemptions.Get();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListBundles(reference));
    for (const auto& r : rows)
      if (id == 0 || r.id == id) row = r;
    if (!row) return Status::Ok();
    SARDESK_ASSIGN_OR_RETURN(std::string now, DecisionsFingerprintIn(tx, reference));
    SARDESK_ASSIGN_OR_RETURN(auto ready, ReadinessIn(tx, reference, *catalogue));
    current = now == row->fingerprint && NotReady(ready).empty();
    return Status::Ok();
  }));
  if (!row)
    return Status::NotFound(id == 0 ? "no bundle has been built for " + reference + ": run bundle build"
                                    : "no bundle " + std::to_string(id) + " on " + reference);
  json j = BundleJson(*row);
  j["current"] = current;
  return j;
}

Result<std::vector<BundleVolumeFile>> BundleService::Volumes(const std::string& reference, std::int64_t id) {
  SARDESK_ASSIGN_OR_RETURN(json bundle, Show(reference, id));
  std::vector<BundleVolumeFile> out;
  const fs::path base = fs::path(CaseFolder(reference)) / "bundles";
  for (const auto& v : bundle["volumes"]) {
    BundleVolumeFile f;
    fs::path rel = v.value("file", "");
    if (rel.empty() || rel.is_absolute() || rel.string().find("..") != std::string::npos)
      return Status::Internal("bundle " + std::to_string(bundle["id"].get<std::int64_t>()) + " names a bad file");
    f.file = rel.filename().string();
    f.sha256 = v.value("sha256", "");
    f.pages = v.value("pages", std::int64_t{0});
    if (blobs_->Contains(f.sha256)) {
      // A private decrypted copy, checked against its hash as it is
      // decrypted, for as long as the caller keeps the list.
      auto plain = blobs_->PathOf(f.sha256);
      if (!plain.ok())
        return Status::Internal("the bundle file " + f.file + " cannot be read (" + plain.status().message() +
                                "): build the bundle again");
      f.plain = std::make_shared<store::PlainFile>(std::move(*plain));
      f.path = f.plain->path();
    } else {
      // A bundle built before bundles were encrypted: its plain file.
      f.path = (base / rel).string();
    }
    SARDESK_ASSIGN_OR_RETURN(std::string sha, FileSha256Hex(f.path, "bundle"));
    if (sha != f.sha256)
      return Status::Internal("the bundle file " + f.file + " has changed since it was built: build the bundle again");
    out.push_back(std::move(f));
  }
  return out;
}

Result<json> BundleService::Export(const std::string& reference, std::int64_t id, const std::string& out_dir,
                                   const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(auto files, Volumes(reference, id));
  SARDESK_ASSIGN_OR_RETURN(json bundle, Show(reference, id));
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return Status::Invalid("cannot create " + out_dir + ": " + ec.message());
  json copied = json::array();
  for (const auto& f : files) {
    fs::path to = fs::path(out_dir) / f.file;
    fs::copy_file(f.path, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::Invalid("cannot copy " + f.file + " to " + out_dir + ": " + ec.message());
    copied.push_back({{"file", to.string()}, {"sha256", f.sha256}, {"pages", f.pages}});
  }
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    json after = {{"bundle_id", bundle["id"]}, {"files", json::array()}};
    for (const auto& f : files) after["files"].push_back({{"file", f.file}, {"sha256", f.sha256}});
    return Audit(tx, *ctx_->time, actor, "bundle.export", reference, after);
  }));
  return json{{"reference", reference}, {"bundle_id", bundle["id"]}, {"files", copied}};
}

}  // namespace sardesk::service
