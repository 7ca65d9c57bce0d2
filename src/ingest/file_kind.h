// What an uploaded file really is, from its first bytes (never trusting the
// extension), and whether sardesk can turn it into pages. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace sardesk::ingest {

enum class FileKind {
  kEmpty,
  kPdf,
  kZip,          // also .docx/.xlsx/.odt: told apart by the extension inside
  kOle,          // .doc, .xls, Outlook .msg
  kRtf,
  kPng,
  kJpeg,
  kTiff,
  kEmail,        // RFC 5322 message (.eml)
  kHtml,
  kText,         // plain text, CSV
  kUnknown,
};

const char* FileKindName(FileKind kind);

// Sniffs the content; `filename` only separates kinds the bytes cannot
// (a zip that is a Word document, a text file that is CSV).
FileKind DetectKind(std::string_view head, std::string_view filename);

// The media type recorded for a file of this kind and name.
std::string MediaType(FileKind kind, std::string_view filename);

// Why a file of this kind is refused, or empty when it can be processed.
// Kinds this build cannot yet convert get a message that says what to do.
std::string UnsupportedReason(FileKind kind, std::string_view filename);

// The refusal for PowerPoint and OpenDocument presentations (LibreOffice
// Impress is not installed).
std::string PresentationReason(std::string_view filename);

}  // namespace sardesk::ingest
