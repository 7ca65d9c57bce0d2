// Word, Excel, OpenDocument and RTF files to PDF: the only place LibreOffice
// is used. Each conversion runs `soffice --headless --convert-to pdf` as a
// child process (no shell) in its own process group, with a private profile
// in a fresh temporary folder (so conversions never share state and may run
// at once), macros disabled, no home folder, a time limit after which the
// whole group is killed, and a size limit on what comes out. Files are
// checked before LibreOffice sees them: password protection, damage and
// files that are not what their name says get a message the officer can act
// on. Nothing LibreOffice prints reaches our logs. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "archive/zip_archive.h"
#include "common/result.h"

namespace sardesk::office {

struct Limits {
  std::string soffice = "soffice";         // the LibreOffice program (found on PATH)
  int timeout_seconds = 180;               // one conversion, LibreOffice's start included
  std::int64_t max_output_bytes = 512ll << 20;
  archive::Limits unpacked;                // for .docx/.xlsx/.odt/.ods, which are zips
  std::string work_dir;                    // for the private folders; "" for the system's temp folder
};

// True for the media types ConvertToPdf takes.
bool IsOfficeType(const std::string& media_type);

// Why the file at `path` cannot be converted (password protected, damaged,
// not a document of this type), as an error, or Ok. No LibreOffice needed.
Status CheckDocument(const std::string& path, const std::string& media_type, const Limits& limits);

// Converts the document at `input` (of `media_type`) into a PDF at `output`.
Status ConvertToPdf(const std::string& input, const std::string& media_type, const std::string& output,
                    const Limits& limits);

// What a document sardesk wrote itself (flat_odt.h) becomes.
enum class WrittenFormat {
  kTaggedPdf,  // PDF 1.x with structure tags, the title shown, language set, bookmarks from headings
  kDocx,       // Word 2007+ (.docx)
};

// The --convert-to argument for a tagged PDF (writer_pdf_Export, JSON options).
std::string TaggedPdfFilter();

// Converts `fodt` (Flat ODT XML, see flat_odt.h) into `format` at `output`.
// One LibreOffice run (seconds: its start-up dominates).
Status ConvertFlatOdt(const std::string& fodt, WrittenFormat format, const std::string& output, const Limits& limits);

}  // namespace sardesk::office
