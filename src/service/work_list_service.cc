#include "service/work_list_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <vector>

#include "common/date.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

constexpr std::int64_t kAllRows = 1000000;

// "3 September 2025" (GOV.UK style), or the text as given when it is not a
// date.
std::string LongDate(const std::string& iso) {
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
  auto d = Date::Parse(iso);
  if (!d.ok() || iso.size() != 10) return iso;
  int month = std::stoi(iso.substr(5, 2));
  int day = std::stoi(iso.substr(8, 2));
  if (month < 1 || month > 12) return iso;
  return std::to_string(day) + " " + kMonths[month - 1] + " " + iso.substr(0, 4);
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool Conflicted(const json& doc, const std::string& username) {
  auto it = doc.find("conflicts");
  if (it == doc.end() || !it->is_array()) return false;
  for (const auto& c : *it)
    if (c.is_object() && Str(c, "officer") == username) return true;
  return false;
}

struct Item {
  std::string kind;
  std::string reference;
  std::string detail;
  std::string due;  // YYYY-MM-DD or empty
  bool overdue = false;
  json extra = json::object();
};

json ToJson(const Item& i) {
  json j = {{"kind", i.kind}, {"reference", i.reference}, {"detail", i.detail}, {"due", i.due}, {"overdue", i.overdue}};
  for (const auto& [k, v] : i.extra.items()) j[k] = v;
  return j;
}

// The documents of the bundle that raise safeguarding flags and that no
// meeting has considered, as "self-harm in contact.pdf" phrases; the same
// rule as the release gate (release_gate.cc), flags on left-out pages aside.
Result<std::vector<std::pair<std::int64_t, std::string>>> MeetingsNeeded(store::Transaction& tx,
                                                                         const std::string& reference) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  SARDESK_ASSIGN_OR_RETURN(auto flags, tx.ListSafeguardingFlags(reference));
  if (flags.empty()) return out;
  SARDESK_ASSIGN_OR_RETURN(auto meetings, tx.ListSafeguardingMeetings(reference));
  std::set<std::int64_t> considered;
  for (const auto& m : meetings) {
    json ids = json::parse(m.documents_json, nullptr, false);
    if (!ids.is_array()) continue;
    for (const auto& id : ids)
      if (id.is_number_integer()) considered.insert(id.get<std::int64_t>());
  }
  SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
  std::map<std::int64_t, const store::DocumentRow*> usable;
  for (const auto& d : docs)
    if (d.status == "ready" && !d.excluded && !d.pdf_sha256.empty()) usable[d.id] = &d;
  std::map<std::int64_t, std::set<std::string>> waiting;  // document -> flags
  for (const auto& f : flags) {
    if (!usable.count(f.document_id) || considered.count(f.document_id)) continue;
    store::PageQuery q;
    q.document_id = f.document_id;
    q.page_index = f.page_index;
    SARDESK_ASSIGN_OR_RETURN(auto page, tx.ListPages(q));
    if (!page.empty() && page.front().excluded) continue;
    std::string flag = f.flag;
    std::replace(flag.begin(), flag.end(), '_', '-');
    waiting[f.document_id].insert(flag);
  }
  for (const auto& [id, names] : waiting) {
    std::string what;
    for (const auto& n : names) what += (what.empty() ? "" : " and ") + n;
    out.push_back({id, what + " in " + usable.at(id)->filename});
  }
  return out;
}

}  // namespace

Result<json> WorkListService::For(const WorkListUser& user, std::int64_t limit) {
  if (limit < 1 || limit > kMaxItems) return Status::Invalid("limit: from 1 to " + std::to_string(kMaxItems));
  const std::string today = ctx_->time->Today().ToString();
  const bool officer = user.role == "ig_officer" || user.role == "ig_manager";
  const bool checker = officer || user.role == "qa_reviewer";
  const bool oversees_safeguarding = user.role == "ig_manager" || user.role == "dpo";
  std::vector<Item> items;

  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    items.clear();
    std::set<std::string> safeguarding_done;

    auto safeguarding = [&](const store::CaseRow& row) -> Status {
      if (!safeguarding_done.insert(row.reference).second) return Status::Ok();
      SARDESK_ASSIGN_OR_RETURN(auto needed, MeetingsNeeded(tx, row.reference));
      if (needed.empty()) return Status::Ok();
      std::string detail = "Hold a safeguarding meeting: ";
      json documents = json::array();
      for (size_t i = 0; i < needed.size(); ++i) {
        detail += (i ? "; " : "") + needed[i].second;
        documents.push_back(needed[i].first);
      }
      std::string due = !row.stage_due.empty() ? row.stage_due : row.due;
      items.push_back({"safeguarding_meeting",
                       row.reference,
                       detail,
                       due,
                       !due.empty() && due < today,
                       {{"documents", documents}}});
      return Status::Ok();
    };

    // The user's own open requests: replies awaited and safeguarding.
    if (officer) {
      store::CaseQuery q;
      q.officer = user.username;
      q.open_only = true;
      q.limit = kAllRows;
      SARDESK_ASSIGN_OR_RETURN(auto mine, tx.ListCases(q));
      for (const auto& row : mine) {
        json doc = json::parse(row.document, nullptr, false);
        if (!doc.is_object() || Conflicted(doc, user.username)) continue;
        if (auto tasks = doc.find("search_tasks"); tasks != doc.end() && tasks->is_array()) {
          for (const auto& t : *tasks) {
            if (!t.is_object()) continue;
            std::string status = Str(t, "status");
            if (status != "sent" && status != "reminded" && status != "escalated") continue;
            std::string area = Str(t, "service_area_name");
            if (area.empty()) area = Str(t, "service_area");
            std::string due = Str(t, "due");
            bool late = !due.empty() && due < today;
            std::string detail = area + (late ? " has not replied to the search sent on " : " is searching (sent on ") +
                                 LongDate(Str(t, "sent_on")) + (late ? "" : ")");
            if (status == "reminded") detail += "; reminded on " + LongDate(Str(t, "reminded_on"));
            if (status == "escalated") detail += "; escalated on " + LongDate(Str(t, "escalated_on"));
            items.push_back({"service_area_reply",
                             row.reference,
                             detail,
                             due,
                             late,
                             {{"task_id", t.value("id", std::int64_t{0})}, {"service_area", Str(t, "service_area")}}});
          }
        }
        if (auto qs = doc.find("clarifications"); qs != doc.end() && qs->is_array()) {
          for (const auto& c : *qs) {
            if (!c.is_object() || !Str(c, "answered_on").empty()) continue;
            items.push_back(
                {"clarification", row.reference,
                 "Waiting for the requester to clarify the request (asked on " + LongDate(Str(c, "requested_on")) + ")",
                 "", false, json::object()});
          }
        }
        // Sent back by the quality check: the officer must put it right.
        if (auto h = doc.find("history"); row.status == "redacting" && h != doc.end() && h->is_array() && !h->empty()) {
          const json& last = h->back();
          std::string why = last.is_object() ? Str(last, "reason") : "";
          static constexpr std::string_view kSentBack = "QA sent back";
          if (why.rfind(kSentBack, 0) == 0) {
            auto colon = why.find("): ");
            items.push_back({"sent_back", row.reference,
                             "Sent back by the quality check (" + Str(last, "by") + ", " + LongDate(Str(last, "on")) +
                                 "): " + (colon == std::string::npos ? why : why.substr(colon + 3)),
                             row.stage_due, !row.stage_due.empty() && row.stage_due < today, json::object()});
          }
        }
        if (row.status == "id_requested") {
          std::string asked = Str(doc, "id_requested_on");
          items.push_back(
              {"identity", row.reference,
               "Waiting for proof of identity" + (asked.empty() ? "" : " (asked on " + LongDate(asked) + ")"), "",
               false, json::object()});
        }
        SARDESK_RETURN_IF_ERROR(safeguarding(row));
      }
    }

    // Quality checks a second person may do: never on one's own request.
    if (checker) {
      store::CaseQuery q;
      q.status = "qa";
      q.open_only = true;
      q.limit = kAllRows;
      SARDESK_ASSIGN_OR_RETURN(auto in_qa, tx.ListCases(q));
      for (const auto& row : in_qa) {
        if (row.assigned_officer == user.username) continue;
        json doc = json::parse(row.document, nullptr, false);
        if (!doc.is_object() || Conflicted(doc, user.username)) continue;
        items.push_back({"qa", row.reference, "Check the redactions as a second officer", row.stage_due,
                         !row.stage_due.empty() && row.stage_due < today, json::object()});
      }
    }

    // Managers hold the meetings and the DPO signs them off: every open
    // request at a stage where detection has raised flags.
    if (oversees_safeguarding) {
      for (const char* status : {"redacting", "qa", "ready_for_release"}) {
        store::CaseQuery q;
        q.status = status;
        q.open_only = true;
        q.limit = kAllRows;
        q.without_document = true;  // most have no flags: read a record only when one has
        SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListCases(q));
        for (const auto& row : rows) {
          if (safeguarding_done.count(row.reference)) continue;
          SARDESK_ASSIGN_OR_RETURN(auto flags, tx.ListSafeguardingFlags(row.reference));
          if (flags.empty()) continue;
          SARDESK_ASSIGN_OR_RETURN(auto full, tx.FindCase(row.reference));
          if (!full) continue;
          json doc = json::parse(full->document, nullptr, false);
          if (!doc.is_object() || Conflicted(doc, user.username)) continue;
          SARDESK_RETURN_IF_ERROR(safeguarding(row));
        }
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;

  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    auto key = [](const Item& i) { return std::make_tuple(!i.overdue, i.due.empty(), i.due, i.reference); };
    return key(a) < key(b);
  });
  json out = json::array();
  json counts = {
      {"qa", 0},      {"sent_back", 0}, {"safeguarding_meeting", 0}, {"service_area_reply", 0}, {"clarification", 0},
      {"identity", 0}};
  for (const auto& i : items) {
    if (static_cast<std::int64_t>(out.size()) < limit) out.push_back(ToJson(i));
    counts[i.kind] = counts[i.kind].get<int>() + 1;
  }
  return json{{"items", out}, {"total", items.size()}, {"counts", counts}, {"today", today}};
}

}  // namespace sardesk::service
