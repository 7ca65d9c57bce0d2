#include "ingest/file_name.h"

#include <gtest/gtest.h>

#include "ingest/package_kind.h"

namespace sardesk::ingest {
namespace {

TEST(SafeFileName, KeepsGoodNamesAsTheyAre) {
  EXPECT_EQ(SafeFileName("Case notes 2024.pdf", false), "Case notes 2024.pdf");
  EXPECT_EQ(SafeFileName("r\xC3\xA9sum\xC3\xA9.docx", false), "r\xC3\xA9sum\xC3\xA9.docx");
  EXPECT_EQ(SafeFileName("records/2024/note.txt", true), "records/2024/note.txt");
}

TEST(SafeFileName, RepairsHostileBytes) {
  EXPECT_EQ(SafeFileName("a\xFF" "b.txt", false), "a\xEF\xBF\xBD" "b.txt");
  EXPECT_EQ(SafeFileName("evil\r\nname\x01.pdf", false), "evil__name_.pdf");
  EXPECT_EQ(SafeFileName("../x/y.pdf", false), ".._x_y.pdf");
  EXPECT_EQ(SafeFileName("\xED\xA0\x80", false), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(SafeFileName("   ", false), "unnamed");
  EXPECT_EQ(SafeFileName("", false), "unnamed");
}

TEST(SafeFileName, CutsLongNamesOnACharacterBoundary) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\xC3\xA9";
  std::string safe = SafeFileName(name, false, 255);
  EXPECT_EQ(safe.size(), 254u);
}

TEST(OfficeTypeFromEntries, TellsOfficeDocumentsFromArchives) {
  EXPECT_EQ(OfficeTypeFromEntries({"[Content_Types].xml", "_rels/.rels", "word/document.xml"}, ""),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(OfficeTypeFromEntries({"[Content_Types].xml", "xl/workbook.xml"}, ""),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(OfficeTypeFromEntries({"mimetype", "content.xml"}, "application/vnd.oasis.opendocument.text"),
            "application/vnd.oasis.opendocument.text");
  EXPECT_EQ(OfficeTypeFromEntries({"records/note.txt", "word/document.xml"}, ""), "");
}

}  // namespace
}  // namespace sardesk::ingest
