#include "service/register_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "case/enums.h"
#include "common/date.h"

namespace sardesk::service {
namespace {

using nlohmann::json;

constexpr std::int64_t kMaxPage = 500;
constexpr std::int64_t kAllRows = std::int64_t{1} << 40;
constexpr int kMaxReportMonths = 120;

std::string Str(const json &j, const char *key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>()
                                          : std::string();
}

const json &Obj(const json &j, const char *key) {
  static const json kEmpty = json::object();
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kEmpty;
}

const json &Arr(const json &j, const char *key) {
  static const json kEmpty = json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

store::CaseQuery QueryFor(const RegisterFilter &f) {
  store::CaseQuery q;
  q.text = f.text;
  q.status = f.status;
  q.route = f.route;
  q.officer = f.officer;
  q.received_from = f.from;
  q.received_to = f.to;
  q.open_only = f.open_only;
  q.limit = f.limit;
  q.offset = f.offset;
  return q;
}

// One line of the request log (seed 004), from a stored row. A document that
// does not parse still gives the indexed columns.
json Entry(const store::CaseRow &row, Date today) {
  json doc = json::parse(row.document, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    doc = json::object();
  const json &requester = Obj(doc, "requester");
  const json &release = Obj(doc, "release");
  json exemptions = json::array();
  for (const auto &e : Arr(doc, "exemptions_applied"))
    if (e.is_object())
      exemptions.push_back(
          {{"code", Str(e, "code")}, {"count", e.value("count", 0)}});
  json without_consent = json::array();
  for (const auto &d : Arr(doc, "disclosures_without_consent"))
    if (d.is_object())
      without_consent.push_back({{"third_party", Str(d, "third_party")},
                                 {"reason", Str(d, "reason")}});
  std::string closed_on;
  const json &history = Arr(doc, "history");
  if (!row.open && !history.empty() && history.back().is_object())
    closed_on = Str(history.back(), "on");
  bool overdue = row.open && !row.due.empty() && row.due < today.ToString();
  return {
      {"reference", row.reference},
      {"route", row.route},
      {"status", row.status},
      {"open", row.open},
      {"received", row.received},
      {"due", row.due},
      {"overdue", overdue},
      {"assigned_officer", row.assigned_officer},
      {"subject_name", Str(Obj(doc, "subject"), "name")},
      {"requester",
       {{"relationship", Str(requester, "relationship")},
        {"name", Str(requester, "name")},
        {"organisation", Str(requester, "organisation")}}},
      {"information_requested",
       Str(Obj(doc, "scope"), "information_requested")},
      {"exemptions_applied", exemptions},
      {"disclosures_without_consent", without_consent},
      {"format", Str(doc, "format")},
      {"delivery", Str(doc, "delivery")},
      {"outcome", Str(doc, "outcome")},
      {"released_on", Str(release, "released_on")},
      {"release_delivery", Str(release, "delivery")},
      {"release_details", Str(release, "details")},
      {"closed_on", closed_on},
  };
}

std::string CsvCell(std::string v) {
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' ||
                     v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  bool quote = v.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote)
    return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + '"';
}

std::string CsvLine(const std::vector<std::string> &cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i)
      line += ',';
    line += CsvCell(cells[i]);
  }
  return line + "\r\n";
}

std::string Applicant(const json &e) {
  const json &r = e["requester"];
  std::string name = Str(r, "name");
  std::string org = Str(r, "organisation");
  if (name.empty() && Str(r, "relationship") == "self")
    name = Str(e, "subject_name");
  if (!org.empty())
    name += (name.empty() ? "" : ", ") + org;
  return name;
}

std::vector<std::string> CsvRow(const json &e) {
  std::string exemptions;
  for (const auto &x : e["exemptions_applied"])
    exemptions += (exemptions.empty() ? "" : "; ") + Str(x, "code") + " (" +
                  std::to_string(x.value("count", 0)) + ")";
  std::string without;
  for (const auto &d : e["disclosures_without_consent"])
    without += (without.empty() ? "" : "; ") + Str(d, "third_party") + ": " +
               Str(d, "reason");
  return {Str(e, "reference"),
          Str(e, "route"),
          Str(e, "status"),
          Str(e, "received"),
          Str(e, "due"),
          Str(e, "subject_name"),
          Applicant(e),
          Str(e["requester"], "relationship"),
          Str(e, "information_requested"),
          exemptions,
          without,
          Str(e, "format"),
          Str(e, "released_on"),
          Str(e, "release_delivery"),
          Str(e, "release_details"),
          Str(e, "outcome"),
          Str(e, "closed_on"),
          Str(e, "assigned_officer")};
}

Result<std::string> CheckedDate(const std::string &text, const char *what) {
  auto d = Date::Parse(text);
  if (!d.ok())
    return Status::Invalid(std::string(what) +
                           " must be a date like 2025-09-01");
  return d->ToString();
}

// The stage of the council's procedure a status belongs to (seed 001), or
// empty for a status outside the stages (on hold, closed...).
const char *StageOf(const std::string &status) {
  if (status == "received" || status == "id_requested")
    return "validate";
  if (status == "validated" || status == "searching")
    return "search";
  if (status == "collating")
    return "collate";
  if (status == "redacting")
    return "redact";
  if (status == "qa")
    return "qa";
  if (status == "ready_for_release")
    return "release";
  return "";
}

} // namespace

Result<RegisterFilter>
RegisterFilterFromQuery(const std::multimap<std::string, std::string> &params) {
  RegisterFilter f;
  auto get = [&params](const char *key) {
    auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
  };
  f.text = get("q");
  if (f.text.size() > 200)
    return Status::Invalid("q must be at most 200 characters");
  f.status = get("status");
  if (!f.status.empty() && !casework::ParseCaseStatus(f.status).ok())
    return Status::Invalid("status is not a known status");
  f.route = get("route");
  if (!f.route.empty() && !casework::ParseRoute(f.route).ok())
    return Status::Invalid("route is not a known type of request");
  f.officer = get("officer");
  if (f.officer.size() > 64)
    return Status::Invalid("officer must be at most 64 characters");
  for (auto [key, field] :
       {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    std::string v = get(key);
    if (v.empty())
      continue;
    auto d = CheckedDate(v, key);
    if (!d.ok())
      return d.status();
    *field = *d;
  }
  std::string open = get("open");
  if (!open.empty() && open != "true" && open != "false")
    return Status::Invalid("open must be true or false");
  f.open_only = open == "true";
  auto number = [&get](const char *key, std::int64_t lo, std::int64_t hi,
                       std::int64_t *out) -> Status {
    std::string v = get(key);
    if (v.empty())
      return Status::Ok();
    if (v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos)
      return Status::Invalid(std::string(key) + " must be a whole number");
    std::int64_t n = std::stoll(v);
    if (n < lo || n > hi)
      return Status::Invalid(std::string(key) + " must be from " +
                             std::to_string(lo) + " to " + std::to_string(hi));
    *out = n;
    return Status::Ok();
  };
  SARDESK_RETURN_IF_ERROR(number("limit", 1, kMaxPage, &f.limit));
  SARDESK_RETURN_IF_ERROR(number("offset", 0, 100000000, &f.offset));
  return f;
}

Result<json> RegisterService::List(const RegisterFilter &filter) {
  json out = {{"offset", filter.offset}, {"limit", filter.limit}};
  Date today = ctx_->time->Today();
  Status st = ctx_->store->Read([&](store::Transaction &tx) -> Status {
    store::CaseQuery q = QueryFor(filter);
    auto total = tx.CountCases(q);
    if (!total.ok())
      return total.status();
    auto rows = tx.ListCases(q);
    if (!rows.ok())
      return rows.status();
    json entries = json::array();
    for (const auto &row : *rows)
      entries.push_back(Entry(row, today));
    out["total"] = *total;
    out["entries"] = std::move(entries);
    return Status::Ok();
  });
  if (!st.ok())
    return st;
  return out;
}

Result<std::string> RegisterService::Csv(const RegisterFilter &filter,
                                         const std::string &actor) {
  if (actor.empty())
    return Status::Invalid("say who is downloading the register");
  std::int64_t count = 0;
  std::string csv = CsvLine(
      {"Reference", "Type", "Status", "Date received", "Date response due",
       "Data subject", "Applicant", "Applicant's relationship",
       "Information requested", "Exemptions applied",
       "Disclosed without consent", "Format", "Date supplied", "How supplied",
       "What was supplied", "Outcome", "Date closed", "Officer"});
  Date today = ctx_->time->Today();
  Status st = ctx_->store->Read([&](store::Transaction &tx) -> Status {
    // The order from one query of the columns alone, then each record by
    // its key: paging with OFFSET sorted the whole register once per page
    // (63 s for 50,000 requests), and all records at once would hold them
    // all in memory.
    store::CaseQuery q = QueryFor(filter);
    q.limit = kAllRows;
    q.offset = 0;
    q.without_document = true;
    auto rows = tx.ListCases(q);
    if (!rows.ok())
      return rows.status();
    for (const auto &light : *rows) {
      auto row = tx.FindCase(light.reference);
      if (!row.ok())
        return row.status();
      if (!*row)
        continue;
      csv += CsvLine(CsvRow(Entry(**row, today)));
      ++count;
    }
    return Status::Ok();
  });
  if (!st.ok())
    return st;
  // A copy of the register leaves the server: who, when, how many rows.
  st = ctx_->store->Write([&](store::Transaction &tx) -> Status {
    audit::AuditEntry e;
    e.at = ctx_->time->NowIso();
    e.actor = actor;
    e.action = "register.download";
    e.entity = "register";
    e.entity_id = "register.csv";
    e.before = "{}";
    e.after = json{{"rows", count},
                   {"filtered_by_text", !filter.text.empty()},
                   {"status", filter.status},
                   {"route", filter.route},
                   {"officer", filter.officer},
                   {"from", filter.from},
                   {"to", filter.to},
                   {"open_only", filter.open_only}}
                  .dump();
    return tx.AppendAudit(e).status();
  });
  if (!st.ok())
    return st;
  return csv;
}

Result<json> RegisterService::Report(const std::string &from_text,
                                     const std::string &to_text) {
  Date today = ctx_->time->Today();
  Date to = today;
  if (!to_text.empty()) {
    auto d = Date::Parse(to_text);
    if (!d.ok())
      return Status::Invalid("to must be a date like 2025-09-30");
    to = *d;
  }
  // Default: the 12 months to `to`, from the first of the month.
  std::string to_s = to.ToString();
  int year = std::stoi(to_s.substr(0, 4));
  int month = std::stoi(to_s.substr(5, 2)) - 11;
  if (month < 1) {
    month += 12;
    --year;
  }
  Date from = Date::FromYmd(year, static_cast<unsigned>(month), 1);
  if (!from_text.empty()) {
    auto d = Date::Parse(from_text);
    if (!d.ok())
      return Status::Invalid("from must be a date like 2025-01-01");
    from = *d;
  }
  if (from > to)
    return Status::Invalid("from must be on or before to");
  std::string from_s = from.ToString();

  // Every month of the range, so months with nothing still show.
  std::vector<std::string> months;
  int y = std::stoi(from_s.substr(0, 4)), m = std::stoi(from_s.substr(5, 2));
  for (;;) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y % 10000, m % 100);
    months.emplace_back(buf);
    if (months.back() >= to_s.substr(0, 7))
      break;
    if (static_cast<int>(months.size()) >= kMaxReportMonths)
      return Status::Invalid(
          "a report covers at most 10 years: narrow from and to");
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }

  store::ReportRows rows;
  Status st = ctx_->store->Read([&](store::Transaction &tx) -> Status {
    auto r = tx.ReportCases({from_s, to_s});
    if (!r.ok())
      return r.status();
    rows = std::move(*r);
    return Status::Ok();
  });
  if (!st.ok())
    return st;

  std::map<std::string, json> by_month;
  for (const auto &mo : months)
    by_month[mo] = {{"month", mo},
                    {"received", 0},
                    {"closed", 0},
                    {"closed_on_time", 0},
                    {"pages", 0}};
  std::int64_t received = 0, closed = 0, on_time = 0, pages = 0;
  for (const auto &r : rows.received) {
    if (by_month.count(r.month))
      by_month[r.month]["received"] = r.count;
    received += r.count;
  }
  for (const auto &r : rows.closed) {
    if (by_month.count(r.month)) {
      by_month[r.month]["closed"] = r.count;
      by_month[r.month]["closed_on_time"] = r.on_time;
    }
    closed += r.count;
    on_time += r.on_time;
  }
  for (const auto &r : rows.pages) {
    if (by_month.count(r.month))
      by_month[r.month]["pages"] = r.count;
    pages += r.count;
  }
  json month_list = json::array();
  for (const auto &mo : months)
    month_list.push_back(by_month[mo]);

  clock::StageTargets targets;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    targets = ctx_->settings.targets;
  }
  json stages = json::array();
  for (clock::Stage stage :
       {clock::Stage::kValidate, clock::Stage::kSearch, clock::Stage::kCollate,
        clock::Stage::kRedact, clock::Stage::kQa, clock::Stage::kRelease}) {
    std::string name = clock::StageName(stage);
    double days = 0;
    std::int64_t cases =
        0; // every request in a stage's later status passed its first
    for (const auto &s : rows.status_days) {
      if (name != StageOf(s.status))
        continue;
      days += s.days;
      cases = std::max(cases, s.cases);
    }
    json entry = {{"stage", name},
                  {"target_days", targets.DaysFor(stage)},
                  {"cases", cases}};
    entry["average_days"] =
        cases ? json(std::round(days / static_cast<double>(cases) * 10) / 10)
              : json(nullptr);
    stages.push_back(entry);
  }
  json exemptions = json::array();
  for (const auto &e : rows.exemptions)
    exemptions.push_back({{"code", e.key}, {"count", e.count}});

  return json{{"from", from_s},
              {"to", to_s},
              {"received", received},
              {"closed", closed},
              {"closed_on_time", on_time},
              {"on_time_percent",
               closed ? json(static_cast<double>(on_time * 1000 / closed) / 10)
                      : json(nullptr)},
              {"pages", pages},
              {"months", month_list},
              {"stages", stages},
              {"exemptions", exemptions}};
}

} // namespace sardesk::service
