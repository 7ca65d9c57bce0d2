#include "archive/zip_archive.h"

#include <gtest/gtest.h>

#include "archive/zip_writer.h"

namespace sardesk::archive {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string Zip(const std::vector<ZipMember>& members, const ZipOptions& options = {}) {
  auto z = WriteZip(members, options);
  EXPECT_TRUE(z.ok()) << z.status().ToString();
  return z.ok() ? *z : std::string();
}

std::vector<std::pair<std::string, std::string>> ExtractAll(const std::string& zip, const Limits& limits, Status* st) {
  std::vector<std::pair<std::string, std::string>> out;
  *st = ZipFile::FromMemory(zip).Extract(limits, [&](const Entry& e, std::string bytes) {
    out.emplace_back(e.path, std::move(bytes));
    return Status::Ok();
  });
  return out;
}

TEST(ZipFile, ListsAndExtractsFilesInFoldersSkippingFoldersAndJunk) {
  std::string zip = Zip({{"records/", "", true},
                         {"records/note.txt", "Case note"},
                         {"__MACOSX/records/._note.txt", "junk"},
                         {"records/.DS_Store", "junk"},
                         {"./top.csv", "a,b\n1,2\n"}});
  auto list = ZipFile::FromMemory(zip).List({});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].path, "records/note.txt");
  EXPECT_EQ((*list)[0].size, 9);
  EXPECT_EQ((*list)[1].path, "top.csv");
  Status st;
  auto files = ExtractAll(zip, {}, &st);
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].second, "Case note");
}

TEST(ZipFile, ReadsFromDiskToo) {
  std::string zip = Zip({{"a.txt", "alpha"}});
  std::string path = ::testing::TempDir() + "/zip_archive_test.zip";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(zip.data(), 1, zip.size(), f);
  std::fclose(f);
  auto read = ZipFile::FromPath(path).ReadFile("a.txt", 100);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ(**read, "alpha");
  auto missing = ZipFile::FromPath(path).ReadFile("b.txt", 100);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST(ZipFile, RefusesNamesThatClimbOutOfTheArchive) {
  for (std::string name : {"../../etc/passwd", "/etc/passwd", "a/../../x", "..\\..\\x", "C:\\Windows\\x"}) {
    std::string zip = Zip({{"fine.txt", "ok"}, {name, "evil"}});
    auto list = ZipFile::FromMemory(zip).List({});
    ASSERT_FALSE(list.ok()) << name;
    EXPECT_TRUE(Contains(list.status().message(), "points outside the zip")) << list.status().message();
  }
}

TEST(ZipFile, SaysAnEncryptedZipIsPasswordProtected) {
  std::string zip = Zip({{"secret.txt", "Confidential case note"}}, {.passphrase = "letmein"});
  auto list = ZipFile::FromMemory(zip).List({});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().message(), "this zip is password protected: ask the service area for an unencrypted copy");
}

TEST(ZipFile, RefusesAZipBombByItsRatio) {
  Limits limits;
  limits.ratio_floor_bytes = 1 << 20;
  limits.max_ratio = 50;
  std::string zip = Zip({{"zeros.bin", std::string(8 << 20, '\0')}});
  ASSERT_LT(zip.size(), 100'000u);
  // The declared size gives it away before anything is decompressed.
  auto list = ZipFile::FromMemory(zip).List(limits);
  ASSERT_FALSE(list.ok());
  EXPECT_TRUE(Contains(list.status().message(), "zip bomb")) << list.status().message();
  Status st;
  ExtractAll(zip, limits, &st);
  EXPECT_EQ(st.code(), ErrorCode::kTooLarge);
}

TEST(ZipFile, EnforcesDecompressedSizeOnWhatComesOutNotWhatIsDeclared) {
  Limits limits;
  limits.max_total_bytes = 1000;
  limits.max_ratio = 1'000'000;
  std::string zip = Zip({{"a.txt", std::string(600, 'a')}, {"b.txt", std::string(600, 'b')}});
  Status st;
  auto files = ExtractAll(zip, limits, &st);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "expands to more than")) << st.message();
  EXPECT_EQ(files.size(), 1u);
}

TEST(ZipFile, RefusesTooManyEntries) {
  std::vector<ZipMember> members;
  for (int i = 0; i < 12; ++i) members.push_back({"f" + std::to_string(i) + ".txt", "x"});
  Limits limits;
  limits.max_entries = 10;
  auto list = ZipFile::FromMemory(Zip(members)).List(limits);
  ASSERT_FALSE(list.ok());
  EXPECT_TRUE(Contains(list.status().message(), "more than 10 files")) << list.status().message();
}

TEST(ZipFile, SaysATruncatedZipIsDamaged) {
  std::string zip = Zip({{"a.txt", std::string(5000, 'a') + "tail"}, {"b.txt", "second file"}}, {.passphrase = "", .store = true});
  std::string cut = zip.substr(0, zip.size() / 2);
  auto list = ZipFile::FromMemory(cut).List({});
  Status st;
  ExtractAll(cut, {}, &st);
  EXPECT_FALSE(list.ok() && st.ok());
  std::string why = list.ok() ? st.message() : list.status().message();
  EXPECT_TRUE(Contains(why, "damaged")) << why;
}

TEST(ZipFile, SaysGarbageIsNotAZip) {
  std::string junk = std::string("PK\x03\x04\x14\x00\x00\x00", 8) + " this is not really a zip at all";
  auto list = ZipFile::FromMemory(junk).List({});
  ASSERT_FALSE(list.ok());
  EXPECT_TRUE(Contains(list.status().message(), "damaged")) << list.status().message();
}

TEST(ZipFile, AnEmptyZipHasNoFiles) {
  auto list = ZipFile::FromMemory(Zip({})).List({});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_TRUE(list->empty());
}

TEST(CleanEntryPath, DropsDotPartsAndKeepsFolders) {
  EXPECT_EQ(*CleanEntryPath("./a//b/./c.txt"), "a/b/c.txt");
  EXPECT_EQ(*CleanEntryPath("a\\b.txt"), "a/b.txt");
  EXPECT_EQ(*CleanEntryPath("dir/"), "dir");
  EXPECT_FALSE(CleanEntryPath("a/..").ok());
  EXPECT_TRUE(CleanEntryPath("a/..b").ok());
}

TEST(IsJunk, KnowsOperatingSystemClutter) {
  EXPECT_TRUE(IsJunk("__MACOSX/x/._y"));
  EXPECT_TRUE(IsJunk("dir/Thumbs.db"));
  EXPECT_TRUE(IsJunk("~$report.docx"));
  EXPECT_FALSE(IsJunk("dir/report.docx"));
}

}  // namespace
}  // namespace sardesk::archive
