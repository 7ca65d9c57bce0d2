#include "ingest/file_kind.h"

#include <algorithm>
#include <cctype>

namespace sardesk::ingest {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Extension(std::string_view filename) {
  auto dot = filename.rfind('.');
  if (dot == std::string_view::npos) return "";
  return Lower(filename.substr(dot + 1));
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool LooksLikeText(std::string_view head) {
  if (head.empty()) return false;
  size_t control = 0;
  for (unsigned char c : head) {
    if (c == 0) return false;
    if (c < 0x09 || (c > 0x0d && c < 0x20)) ++control;
  }
  return control * 100 <= head.size();  // at most 1% odd control bytes
}

bool LooksLikeEmail(std::string_view head) {
  // Header lines at the start: "Name: value" with names an email carries.
  static constexpr std::string_view kHeaders[] = {"from:", "received:", "return-path:", "mime-version:",
                                                  "message-id:", "date:", "subject:", "to:", "delivered-to:"};
  std::string lower = Lower(head.substr(0, 4096));
  int seen = 0;
  size_t pos = 0;
  for (int line = 0; line < 40 && pos < lower.size(); ++line) {
    size_t eol = lower.find('\n', pos);
    std::string_view l(lower.data() + pos, (eol == std::string::npos ? lower.size() : eol) - pos);
    if (l.empty() || l == "\r") break;
    for (auto h : kHeaders)
      if (StartsWith(l, h)) ++seen;
    if (eol == std::string::npos) break;
    pos = eol + 1;
  }
  return seen >= 2;
}

}  // namespace

const char* FileKindName(FileKind k) {
  switch (k) {
    case FileKind::kEmpty: return "empty";
    case FileKind::kPdf: return "pdf";
    case FileKind::kZip: return "zip";
    case FileKind::kOle: return "ole";
    case FileKind::kRtf: return "rtf";
    case FileKind::kPng: return "png";
    case FileKind::kJpeg: return "jpeg";
    case FileKind::kTiff: return "tiff";
    case FileKind::kEmail: return "email";
    case FileKind::kHtml: return "html";
    case FileKind::kText: return "text";
    case FileKind::kUnknown: return "unknown";
  }
  return "unknown";
}

FileKind DetectKind(std::string_view head, std::string_view filename) {
  if (head.empty()) return FileKind::kEmpty;
  // A PDF header may follow a little junk (up to 1 KiB, as readers allow).
  if (head.substr(0, 1024).find("%PDF-") != std::string_view::npos) return FileKind::kPdf;
  if (StartsWith(head, "PK\x03\x04") || StartsWith(head, "PK\x05\x06")) return FileKind::kZip;
  if (StartsWith(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return FileKind::kOle;
  if (StartsWith(head, "{\\rtf")) return FileKind::kRtf;
  if (StartsWith(head, "\x89PNG\r\n\x1a\n")) return FileKind::kPng;
  if (StartsWith(head, "\xFF\xD8\xFF")) return FileKind::kJpeg;
  if (StartsWith(head, "II*\0") || StartsWith(head, std::string_view("MM\0*", 4))) return FileKind::kTiff;
  if (!LooksLikeText(head.substr(0, 8192))) return FileKind::kUnknown;
  std::string lower = Lower(head.substr(0, 1024));
  size_t first = lower.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  std::string_view start = first == std::string::npos ? std::string_view() : std::string_view(lower).substr(first);
  if (StartsWith(start, "<!doctype html") || StartsWith(start, "<html")) return FileKind::kHtml;
  if (LooksLikeEmail(head)) return FileKind::kEmail;
  (void)filename;
  return FileKind::kText;
}

std::string MediaType(FileKind k, std::string_view filename) {
  std::string ext = Extension(filename);
  switch (k) {
    case FileKind::kPdf: return "application/pdf";
    case FileKind::kZip:
      if (ext == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      if (ext == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      if (ext == "odt") return "application/vnd.oasis.opendocument.text";
      if (ext == "ods") return "application/vnd.oasis.opendocument.spreadsheet";
      if (ext == "pptx") return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
      if (ext == "odp") return "application/vnd.oasis.opendocument.presentation";
      return "application/zip";
    case FileKind::kOle:
      if (ext == "msg") return "application/vnd.ms-outlook";
      if (ext == "xls") return "application/vnd.ms-excel";
      return "application/msword";
    case FileKind::kRtf: return "application/rtf";
    case FileKind::kPng: return "image/png";
    case FileKind::kJpeg: return "image/jpeg";
    case FileKind::kTiff: return "image/tiff";
    case FileKind::kEmail: return "message/rfc822";
    case FileKind::kHtml: return "text/html";
    case FileKind::kText: return ext == "csv" ? "text/csv" : "text/plain";
    case FileKind::kEmpty: return "application/x-empty";
    case FileKind::kUnknown: return "application/octet-stream";
  }
  return "application/octet-stream";
}

std::string PresentationReason(std::string_view filename) {
  return std::string(filename.substr(0, 120)) +
         " is a presentation, which sardesk does not convert: ask the service area for it as a PDF";
}

std::string UnsupportedReason(FileKind k, std::string_view filename) {
  std::string name(filename.substr(0, 120));
  switch (k) {
    case FileKind::kPdf:
    case FileKind::kText:
    case FileKind::kRtf:
    case FileKind::kEmail:
    case FileKind::kHtml:
    case FileKind::kPng:   // images become PDF pages read by OCR
    case FileKind::kJpeg:
    case FileKind::kTiff:
      return "";
    case FileKind::kZip:
      if (Extension(filename) == "pptx" || Extension(filename) == "odp") return PresentationReason(filename);
      return "";  // an archive, or a Word/Excel/OpenDocument file
    case FileKind::kEmpty:
      return name + " is empty (0 bytes): ask the service area to send it again";
    case FileKind::kUnknown:
      return name + " is not a kind of file sardesk can read (not a document, email, image or text): "
             "ask the service area for a PDF";
    case FileKind::kOle:
      if (Extension(filename) == "msg")
        return name + " is an Outlook .msg message, which no Debian library reads: ask for it to be saved "
               "as .eml (or printed to PDF) and upload that";
      if (Extension(filename) == "ppt") return PresentationReason(filename);
      return "";  // .doc, .xls: LibreOffice converts them
    default:
      return name + " is a " + std::string(FileKindName(k)) +
             " file, which this version of sardesk cannot convert yet: convert it to PDF";
  }
}

}  // namespace sardesk::ingest
