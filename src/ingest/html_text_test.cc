#include "ingest/html_text.h"

#include <gtest/gtest.h>

namespace sardesk::ingest {
namespace {

TEST(HtmlToText, KeepsTextDropsTagsScriptsAndStyles) {
  std::string text = HtmlToText(
      "<!DOCTYPE html><html><head><title>Visit note</title><style>p { color: red }</style>"
      "<script>alert('<p>x</p>')</script></head><body><!-- hidden -->"
      "<p>Home visit to <b>Kay</b>.</p><p>All well.</p></body></html>");
  EXPECT_EQ(text, "Visit note\n\nHome visit to Kay.\n\nAll well.");
}

TEST(HtmlToText, BreaksLinesAtBlocksAndSpacesTableCells) {
  EXPECT_EQ(HtmlToText("one<br>two<div>three</div><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
            "one\ntwo\nthree\n\na b\nc");
  EXPECT_EQ(HtmlToText("<ul><li>first<li>second</ul>"), "- first\n- second");
}

TEST(HtmlToText, DecodesCharacterReferences) {
  EXPECT_EQ(HtmlToText("Fish &amp; chips &pound;5 &#8212; &#x41;&lt;B&gt; &bogus; & done"),
            "Fish & chips \xC2\xA3" "5 \xE2\x80\x94 A<B> &bogus; & done");
  EXPECT_EQ(HtmlToText("&#0;&#xD800;&#99999999;"), "\xEF\xBF\xBD\xEF\xBF\xBD&#99999999;");
}

TEST(HtmlToText, SurvivesBrokenAndDeeplyNestedMarkup) {
  EXPECT_EQ(HtmlToText("a < b and <p class=\"x>y\">c"), "a < b and\n\nc");
  EXPECT_EQ(HtmlToText("<script>never closed"), "");
  EXPECT_EQ(HtmlToText("text <"), "text <");
  std::string deep;
  for (int i = 0; i < 200'000; ++i) deep += "<div>";
  deep += "bottom";
  EXPECT_EQ(HtmlToText(deep), "bottom");
}

}  // namespace
}  // namespace sardesk::ingest
