#include "letters/template.h"

#include <gtest/gtest.h>

namespace sardesk::letters {
namespace {

const std::set<std::string> kKnown = {"name", "due_date", "acting_for", "reference"};

TEST(Template, FillsNamedFields) {
  auto r = RenderTemplate("Dear {{name}}, we will reply by {{ due_date }}.", {{"name", "Jane Doe"}, {"due_date", "10 October 2025"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "Dear Jane Doe, we will reply by 10 October 2025.");
}

TEST(Template, NamesEveryMissingValueInOrder) {
  std::vector<std::string> missing;
  auto r = RenderTemplate("{{reference}} {{name}} {{due_date}} {{name}}", {{"name", ""}, {"reference", "SAR-1"}}, &missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(missing, (std::vector<std::string>{"name", "due_date"}));
  EXPECT_NE(r.status().message().find("name, due_date"), std::string::npos) << r.status().message();
}

TEST(Template, IfSectionShownOnlyWithAValue) {
  const std::string t = "A{{#if acting_for}} for {{acting_for}}{{/if}}.";
  EXPECT_EQ(*RenderTemplate(t, {{"acting_for", "Jane"}}), "A for Jane.");
  EXPECT_EQ(*RenderTemplate(t, {}), "A.");
}

TEST(Template, ElseBranchAndNesting) {
  const std::string t = "{{#if due_date}}by {{due_date}}{{#if name}} ({{name}}){{/if}}{{else}}later{{/if}}";
  EXPECT_EQ(*RenderTemplate(t, {{"due_date", "1 May 2025"}, {"name", "x"}}), "by 1 May 2025 (x)");
  EXPECT_EQ(*RenderTemplate(t, {{"due_date", "1 May 2025"}}), "by 1 May 2025");
  EXPECT_EQ(*RenderTemplate(t, {}), "later");
}

TEST(Template, FieldsInsideAnUnchosenBranchAreNotMissing) {
  auto r = RenderTemplate("{{#if due_date}}{{due_date}}{{else}}soon{{/if}}", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "soon");
}

TEST(Template, CheckNamesUnknownFields) {
  Status st = CheckTemplate("Dear {{nmae}}, {{#if dew_date}}x{{/if}} {{reference}}", kKnown, "body");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("{{nmae}}"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("{{dew_date}}"), std::string::npos) << st.message();
  EXPECT_EQ(st.message().find("{{reference}}"), std::string::npos) << st.message();
  EXPECT_EQ(st.message().rfind("body:", 0), 0u) << st.message();
}

TEST(Template, CheckAcceptsKnownFields) {
  EXPECT_TRUE(CheckTemplate("{{name}} {{#if acting_for}}{{acting_for}}{{else}}you{{/if}}", kKnown, "body").ok());
}

TEST(Template, SyntaxErrorsGiveTheLine) {
  Status unclosed = CheckTemplate("line one\nDear {{name", kKnown, "body");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_NE(unclosed.message().find("line 2"), std::string::npos) << unclosed.message();
  Status open_if = CheckTemplate("a\nb\n{{#if name}} no end", kKnown, "body");
  ASSERT_FALSE(open_if.ok());
  EXPECT_NE(open_if.message().find("line 3"), std::string::npos) << open_if.message();
  EXPECT_NE(open_if.message().find("{{/if}}"), std::string::npos) << open_if.message();
  EXPECT_FALSE(CheckTemplate("stray {{/if}}", kKnown, "body").ok());
  EXPECT_FALSE(CheckTemplate("{{#if name}}a{{else}}b{{else}}c{{/if}}", kKnown, "body").ok());
  EXPECT_FALSE(CheckTemplate("{{Name}}", kKnown, "body").ok());
  EXPECT_FALSE(CheckTemplate("{{}}", kKnown, "body").ok());
}

TEST(Template, RefusesDeepNestingAndHugeTexts) {
  std::string deep;
  for (int i = 0; i < 20; ++i) deep += "{{#if name}}";
  for (int i = 0; i < 20; ++i) deep += "{{/if}}";
  EXPECT_FALSE(CheckTemplate(deep, kKnown, "body").ok());
  EXPECT_FALSE(CheckTemplate(std::string(70 * 1024, 'a'), kKnown, "body").ok());
}

TEST(Template, FieldsUsedListsEachOnce) {
  auto used = FieldsUsed("{{name}} {{#if due_date}}{{name}}{{/if}}");
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, (std::vector<std::string>{"name", "due_date"}));
}

TEST(Template, BracesThatAreNotTagsStayText) {
  EXPECT_EQ(*RenderTemplate("a { b } c}}", {}), "a { b } c}}");
}

}  // namespace
}  // namespace sardesk::letters
