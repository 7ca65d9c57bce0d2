// Letters to the requester: the kinds, the fields a template may use, the
// council's templates (defaults until edited), and composing one letter from
// a case. Domain only: plain values in, text out; no I/O. Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "case/case_record.h"
#include "clock/statutory_clock.h"
#include "common/result.h"
#include "letters/template.h"

namespace sardesk::letters {

enum class LetterKind {
  kAcknowledgement,   // seed 002 8.4: receipt, with the date we will respond by
  kIdRequest,         // identity or authority documents needed
  kClarification,     // what is asked for is unclear; the clock pauses
  kExtension,         // one or two more months; only within the first month
  kRefusal,           // manifestly unfounded or excessive; ICO and courts
  kNoDataHeld,        // searched; nothing held
  kReleaseCover,      // the covering letter of the release
  kComplaintAck,      // a complaint or internal review received
  kComplaintOutcome,  // its outcome
};

struct KindInfo {
  LetterKind kind;
  std::string_view wire;     // e.g. "acknowledgement"
  std::string_view label;    // plain English
  std::string_view action;   // the case action sending it records, or ""
  std::string_view inputs;   // what the officer gives, for help text
};

const std::vector<KindInfo>& LetterKinds();
const KindInfo& Info(LetterKind kind);
std::string_view ToWire(LetterKind kind);
Result<LetterKind> ParseLetterKind(std::string_view wire);

// A field a template may use.
struct FieldInfo {
  std::string name;
  std::string description;
};
const std::vector<FieldInfo>& LetterFields();
const std::set<std::string>& FieldNames();

// One template: the subject line (also the email subject) and the body.
struct LetterTemplate {
  std::string subject;
  std::string body;
};

// The built-in plain-English template of each kind.
LetterTemplate DefaultTemplate(LetterKind kind);
// Checks both parts (syntax, known fields, not empty, sizes).
Status CheckLetterTemplate(const LetterTemplate& t);

// The council's letter settings: contact details printed on every letter,
// and the templates it has edited (the others are the defaults).
struct Letterhead {
  std::string address;  // lines separated by '\n'
  std::string phone;
  std::string email;
  std::string website;
};

struct LetterSettings {
  Letterhead letterhead;
  std::map<LetterKind, LetterTemplate> edited;

  LetterTemplate TemplateFor(LetterKind kind) const;
};

// What the officer gives when sending (each kind reads the ones it needs).
struct LetterInputs {
  std::string documents_needed;   // id_request (optional)
  std::string question;           // clarification
  int months = 0;                 // extension: 1 or 2
  std::string reasons;            // extension, refusal
  casework::Outcome ground = casework::Outcome::kNone;  // refusal
  bool fee_offered = false;       // refusal
  std::string searches;           // no_data_held: the searches made (optional)
  std::string details;            // release_cover: what is enclosed and how (optional)
  std::int64_t complaint = 0;     // complaint_ack, complaint_outcome
  std::string outcome;            // complaint_outcome: when the complaint has none yet
  std::optional<Date> new_due;    // extension: the due date once extended (the service works it out)
};

// Everything a letter is made from.
struct LetterFacts {
  const casework::CaseRecord* record = nullptr;  // not owned; outlives the call
  clock::ClockState clock;
  Date today;
  std::string council_name;
  Letterhead letterhead;
  std::string officer_name;
  std::string officer_email;
  LetterInputs inputs;
};

// One letter, filled in.
struct ComposedLetter {
  LetterKind kind = LetterKind::kAcknowledgement;
  std::string subject;
  std::string body;                    // the filled template
  std::string recipient_name;
  std::vector<std::string> recipient_address;  // lines, empty when unknown
  std::string date;                    // UK long form
  std::string reference;
  std::vector<std::string> letterhead; // council name, address, contact lines

  // The whole letter as text: letterhead, date, address, reference, subject, body.
  std::string FullText() const;
};

// "10 September 2025".
std::string UkLongDate(Date d);

// Refuses a letter the facts do not allow, with the reason: an extension
// after the first month or before the clock starts, missing inputs, a
// complaint that does not exist.
Status CheckSendable(LetterKind kind, const LetterFacts& facts);

// The value of every field that can be worked out from the facts.
FieldValues FieldValuesFor(LetterKind kind, const LetterFacts& facts);

// CheckSendable, then fills the template. A field without a value is named
// with its description, e.g. "due_date (the date we will respond by)".
Result<ComposedLetter> Compose(LetterKind kind, const LetterTemplate& t, const LetterFacts& facts);

}  // namespace sardesk::letters
