// End to end: runs `sardesk detect --batch` (the binary is argv[1]) on records
// written here and checks the output the way the corpus scorer does.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string g_sardesk;

using nlohmann::json;

struct Gold {
  std::string needle;
  bool redact;
};

// Every byte of a span the scorer wants redacted is redacted; no byte of a kept one is.
void Check(const std::string& text, const json& out, const std::vector<Gold>& gold) {
  std::vector<bool> red(text.size(), false);
  for (const auto& s : out["spans"]) {
    if (s["action"] != "redact") continue;
    for (std::size_t i = s["start"].get<std::size_t>(); i < s["end"].get<std::size_t>() && i < text.size(); ++i)
      red[i] = true;
  }
  for (const auto& g : gold) {
    std::size_t pos = text.find(g.needle);
    ASSERT_NE(pos, std::string::npos) << g.needle;
    bool all = true, any = false;
    for (std::size_t i = pos; i < pos + g.needle.size(); ++i) {
      if (text[i] == ' ') continue;
      all = all && red[i];
      any = any || red[i];
    }
    if (g.redact) EXPECT_TRUE(all) << "not redacted: " << g.needle;
    else EXPECT_FALSE(any) << "wrongly redacted: " << g.needle;
  }
}

TEST(DetectCommand, WritesOneResultLinePerRecordWithByteOffsets) {
  auto dir = std::filesystem::temp_directory_path() / ("sardesk-detect-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string text1 =
      "Home visit by Priya Nair (Social Worker). Tyler said his stepdad Dean Walsh shouted at him. "
      "Tyler\xE2\x80\x99s nan, Maureen Walsh, can be reached on 07700 900456. Tyler has been cutting himself.";
  const std::string text2 = "School nurse Bronwen Price saw Amara. No concerns.";
  json r1 = {{"id", "a1"},
             {"context", {{"subject", {{"name", "Tyler Brooks"}, {"aliases", json::array()}, {"dob", "2011-05-06"},
                                       {"address", "3 Elm Close, Exeter, EX1 2AB"}}},
                          {"staff", {{{"name", "Priya Nair"}, {"role", "Social Worker"}}}}}},
             {"text", text1},
             {"ignored", 1}};
  json r2 = {{"id", "a2"},
             {"context", {{"subject", {{"name", "Amara Obi"}, {"aliases", json::array()}, {"dob", ""}, {"address", ""}}},
                          {"staff", json::array()}}},
             {"text", text2}};
  {
    std::ofstream in(dir / "in.jsonl");
    in << r1.dump() << "\n" << r2.dump() << "\n";
  }
  std::string cmd = g_sardesk + " detect --batch " + (dir / "in.jsonl").string() + " --out " + (dir / "out.jsonl").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream out(dir / "out.jsonl");
  std::string l1, l2, extra;
  ASSERT_TRUE(std::getline(out, l1));
  ASSERT_TRUE(std::getline(out, l2));
  EXPECT_FALSE(std::getline(out, extra));
  json o1 = json::parse(l1), o2 = json::parse(l2);
  EXPECT_EQ(o1["id"], "a1");
  EXPECT_EQ(o2["id"], "a2");
  for (const auto& s : o1["spans"])
    for (const char* key : {"start", "end", "label", "party", "action", "reason"}) EXPECT_TRUE(s.contains(key)) << key;
  Check(text1, o1,
        {{"Priya Nair", false}, {"Tyler", false}, {"Dean Walsh", true}, {"Maureen Walsh", true}, {"07700 900456", true}});
  Check(text2, o2, {{"Bronwen Price", false}, {"Amara", false}});
  EXPECT_EQ(o1["flags"], json::array({"self_harm"}));
  EXPECT_EQ(o2["flags"], json::array());
  std::filesystem::remove_all(dir);
}

TEST(DetectCommand, AMissingInputFileIsAUserError) {
  std::string cmd = g_sardesk + " detect --batch /nonexistent/in.jsonl --out /dev/null 2>/dev/null";
  int rc = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(rc), 1);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: detect_cli_test PATH_TO_SARDESK\n");
    return 2;
  }
  g_sardesk = argv[1];
  return RUN_ALL_TESTS();
}
