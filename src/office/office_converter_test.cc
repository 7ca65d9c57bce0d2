#include "office/office_converter.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "office/test_documents.h"
#include "pdf/pdf_document.h"

namespace sardesk::office {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr const char* kOdt = "application/vnd.oasis.opendocument.text";

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class OfficeConverterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::path(::testing::TempDir()) /
            ("office_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string File(const std::string& name, const std::string& bytes, bool executable = false) {
    std::string path = dir_ + "/" + name;
    {
      std::ofstream out(path, std::ios::binary);
      out << bytes;
    }
    if (executable) chmod(path.c_str(), 0755);
    return path;
  }

  std::string dir_;
};

TEST_F(OfficeConverterTest, ConvertsARealDocumentWithLibreOffice) {
  std::string input = File("note.docx", testing::MinimalDocx("Home visit on 12 March: the children were well."));
  std::string output = dir_ + "/note.pdf";
  Status st = ConvertToPdf(input, kDocx, output, {});
  ASSERT_TRUE(st.ok()) << st.ToString();
  auto pdf = pdf::PdfDocument::Open(output);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_EQ((*pdf)->page_count(), 1);
  auto text = (*pdf)->ExtractText(0);
  ASSERT_TRUE(text.ok());
  EXPECT_TRUE(Contains(text->text, "the children were well")) << text->text;
  // Nothing of the private profile is left behind.
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_FALSE(Contains(e.path().string(), "sardesk-office"));
}

TEST_F(OfficeConverterTest, StopsAConversionThatTakesTooLongWithEverythingItStarted) {
  std::string pidfile = dir_ + "/child.pid";
  Limits limits;
  limits.soffice = File("slow-soffice", "#!/bin/sh\nsleep 60 &\necho $! > " + pidfile + "\nsleep 60\n", true);
  limits.timeout_seconds = 1;
  limits.work_dir = dir_;
  auto start = std::chrono::steady_clock::now();
  Status st = ConvertToPdf(File("a.rtf", "{\\rtf1 hello}"), "application/rtf", dir_ + "/a.pdf", limits);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "took longer than 1 seconds")) << st.message();
  EXPECT_LT(took, std::chrono::seconds(10));
  std::ifstream in(pidfile);
  int child = 0;
  in >> child;
  ASSERT_GT(child, 0);
  std::string state = "gone";
  for (int i = 0; i < 40; ++i) {  // SIGKILL is delivered at once, but give it a moment
    std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
    std::string pid, name;
    state = "gone";
    if (stat >> pid >> name >> state && state != "Z") {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    break;
  }
  EXPECT_TRUE(state == "gone" || state == "Z") << "the background child is still running: " << state;
  EXPECT_FALSE(fs::exists(dir_ + "/a.pdf"));
}

TEST_F(OfficeConverterTest, FailsClearlyWhenNoPdfComesOut) {
  Limits limits;
  limits.soffice = File("broken-soffice", "#!/bin/sh\necho 'Error: source file could not be loaded'\nexit 0\n", true);
  Status st = ConvertToPdf(File("a.rtf", "{\\rtf1 hello}"), "application/rtf", dir_ + "/a.pdf", limits);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(Contains(st.message(), "could not convert this RTF document")) << st.message();
}

TEST_F(OfficeConverterTest, SaysWhenLibreOfficeIsMissing) {
  Limits limits;
  limits.soffice = dir_ + "/no-such-soffice";
  Status st = ConvertToPdf(File("a.rtf", "{\\rtf1 hello}"), "application/rtf", dir_ + "/a.pdf", limits);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(st.message(), "cannot start LibreOffice")) << st.message();
}

TEST_F(OfficeConverterTest, SpotsPasswordProtectionBeforeLibreOfficeRuns) {
  Limits never;
  never.soffice = dir_ + "/no-such-soffice";  // would fail differently if it ran
  Status docx = ConvertToPdf(File("locked.docx", testing::EncryptedOoxml()), kDocx, dir_ + "/a.pdf", never);
  EXPECT_EQ(docx.message(),
            "this Word document is password protected: ask the service area for a copy without the password (or a PDF)");
  Status odt = CheckDocument(File("locked.odt", testing::EncryptedOdt()), kOdt, {});
  EXPECT_FALSE(odt.ok());
  EXPECT_TRUE(Contains(odt.message(), "OpenDocument text is password protected")) << odt.ToString();
}

TEST_F(OfficeConverterTest, SpotsDamagedAndMisnamedFiles) {
  std::string docx = testing::MinimalDocx("text");
  Status truncated = CheckDocument(File("cut.docx", docx.substr(0, docx.size() / 2)), kDocx, {});
  EXPECT_TRUE(Contains(truncated.message(), "Word document is damaged or incomplete")) << truncated.message();
  auto plain_zip = archive::WriteZip({{"records/a.txt", "hello"}});
  ASSERT_TRUE(plain_zip.ok());
  Status misnamed = CheckDocument(File("zip.docx", *plain_zip), kDocx, {});
  EXPECT_TRUE(Contains(misnamed.message(), "is named as a Word document but is not one")) << misnamed.message();
  Status empty = CheckDocument(File("empty.doc", ""), "application/msword", {});
  EXPECT_TRUE(Contains(empty.message(), "empty")) << empty.message();
  std::string msg = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  for (char c : std::string("__substg1.0_0037001F")) msg += std::string(1, c) + std::string(1, '\0');
  Status outlook = CheckDocument(File("mail.doc", msg), "application/msword", {});
  EXPECT_TRUE(Contains(outlook.message(), ".eml")) << outlook.message();
  EXPECT_TRUE(CheckDocument(File("ok.docx", docx), kDocx, {}).ok());
}

TEST(IsOfficeType, KnowsWhatLibreOfficeConverts) {
  EXPECT_TRUE(IsOfficeType("application/msword"));
  EXPECT_TRUE(IsOfficeType(kOdt));
  EXPECT_FALSE(IsOfficeType("application/pdf"));
  EXPECT_FALSE(IsOfficeType("text/csv"));
}

}  // namespace
}  // namespace sardesk::office
