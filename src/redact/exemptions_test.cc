#include "redact/exemptions.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace sardesk::redact {
namespace {

bool Says(const Status& st, const std::string& words) { return st.message().find(words) != std::string::npos; }

TEST(ExemptionCatalogue, TheDefaultsAreValid) {
  Status st = ValidateCatalogue(DefaultExemptions());
  EXPECT_TRUE(st.ok()) << st.ToString();
}

TEST(ExemptionCatalogue, CodesMustBeUnique) {
  auto list = DefaultExemptions();
  list.push_back(list[0]);
  Status st = ValidateCatalogue(list);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Says(st, "\"third_party\": code: appears twice")) << st.message();
}

TEST(ExemptionCatalogue, ThirdPartyAndSeriousHarmMustStay) {
  for (const char* code : {"third_party", "serious_harm"}) {
    std::vector<Exemption> list;
    for (const auto& e : DefaultExemptions())
      if (e.code != code) list.push_back(e);
    Status st = ValidateCatalogue(list);
    EXPECT_FALSE(st.ok()) << code;
    EXPECT_TRUE(Says(st, std::string(code) + "\" must stay in the catalogue")) << st.message();
  }
}

TEST(ExemptionCatalogue, EachEntryNeedsACodeANameAndLabelsThatFitTheBox) {
  auto with = [](const std::function<void(Exemption&)>& change) {
    auto list = DefaultExemptions();
    change(list[2]);
    return ValidateCatalogue(list);
  };
  EXPECT_TRUE(Says(with([](Exemption& e) { e.label = " "; }), "label"));
  EXPECT_TRUE(Says(with([](Exemption& e) { e.label = "two\nlines"; }), "label"));
  EXPECT_TRUE(Says(with([](Exemption& e) { e.short_label = ""; }), "short_label"));
  EXPECT_TRUE(Says(with([](Exemption& e) { e.short_label = "FIVE5"; }), "short_label"));
  EXPECT_TRUE(Says(with([](Exemption& e) { e.name = ""; }), "name"));
  EXPECT_TRUE(Says(with([](Exemption& e) { e.code = "Social Work"; }), "code"));
  EXPECT_TRUE(Says(with([](Exemption& e) { e.code = ""; }), "exemption #3: code"));
  EXPECT_TRUE(with([](Exemption& e) { e.label = "Withheld: social care"; }).ok());
}

}  // namespace
}  // namespace sardesk::redact
