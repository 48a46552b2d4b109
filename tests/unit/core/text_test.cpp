// The characters a stored text may not hold (core/text.h), at the edge of every class.

#include "core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace lakeguard {
namespace {

// UTF-8 of one code point (test helper; the code under test decodes, it does not encode).
std::string utf8(char32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return s;
}

bool refused(char32_t cp, TextLines lines = TextLines::kSingle) {
  auto fc = find_forbidden_char("名" + utf8(cp) + "x", lines);
  if (!fc) return false;
  EXPECT_EQ(fc->code_point, cp);
  EXPECT_EQ(fc->offset, 3u) << "byte offset after 名";
  EXPECT_EQ(fc->index, 1u) << "code-point position after 名";
  return true;
}

TEST(FindForbiddenChar, C0ControlsEndAtU001FAndSpaceIsText) {
  EXPECT_TRUE(refused(0x0000));
  EXPECT_TRUE(refused(0x0001));
  EXPECT_TRUE(refused(0x001B));  // ESC: terminal escape sequences
  EXPECT_TRUE(refused(0x001F));
  EXPECT_FALSE(refused(0x0020));
  EXPECT_FALSE(refused(0x007E));
}

TEST(FindForbiddenChar, SingleLineRefusesTabAndLineBreaksMultiLineKeepsThem) {
  for (char32_t cp : {U'\t', U'\n', U'\r'}) {
    EXPECT_TRUE(refused(cp)) << static_cast<uint32_t>(cp);
    EXPECT_FALSE(refused(cp, TextLines::kMulti)) << static_cast<uint32_t>(cp);
  }
  // The other C0 controls stay refused in multi-line text.
  for (char32_t cp : {U'\0', char32_t{0x0B}, char32_t{0x0C}, char32_t{0x1F}})
    EXPECT_TRUE(refused(cp, TextLines::kMulti)) << static_cast<uint32_t>(cp);
  EXPECT_FALSE(find_forbidden_char("第一行\n第二行\r\n\t缩进", TextLines::kMulti));
}

TEST(FindForbiddenChar, DelAndC1ControlsEndAtU009FAndNoBreakSpaceIsText) {
  EXPECT_TRUE(refused(0x007F));
  EXPECT_TRUE(refused(0x0080));
  EXPECT_TRUE(refused(0x0085));  // NEL
  EXPECT_TRUE(refused(0x009F));
  EXPECT_TRUE(refused(0x009F, TextLines::kMulti));
  EXPECT_FALSE(refused(0x00A0));
  EXPECT_FALSE(refused(0x00E9));  // é
}

TEST(FindForbiddenChar, BidiEmbeddingsOverridesIsolatesAndMarks) {
  EXPECT_FALSE(refused(0x2027));  // HYPHENATION POINT
  EXPECT_TRUE(refused(0x202A));   // LRE
  EXPECT_TRUE(refused(0x202B));
  EXPECT_TRUE(refused(0x202C));
  EXPECT_TRUE(refused(0x202D));
  EXPECT_TRUE(refused(0x202E));   // RLO, the "Trojan Source" override
  EXPECT_FALSE(refused(0x202F));  // NARROW NO-BREAK SPACE is text
  EXPECT_FALSE(refused(0x2065));
  EXPECT_TRUE(refused(0x2066));  // LRI
  EXPECT_TRUE(refused(0x2069));  // PDI
  EXPECT_FALSE(refused(0x206A));
  EXPECT_TRUE(refused(0x200E));   // LRM
  EXPECT_TRUE(refused(0x200F));   // RLM
  EXPECT_FALSE(refused(0x200D));  // ZWJ: emoji sequences need it
  EXPECT_TRUE(refused(0x061C));   // ALM
  EXPECT_FALSE(refused(0x061B));
  EXPECT_TRUE(refused(0x202E, TextLines::kMulti));
}

TEST(FindForbiddenChar, UnicodeLineAndParagraphSeparators) {
  EXPECT_TRUE(refused(0x2028));
  EXPECT_TRUE(refused(0x2029));
  EXPECT_TRUE(refused(0x2028, TextLines::kMulti));
}

TEST(FindForbiddenChar, ChineseEmojiAndOtherScriptsAreText) {
  EXPECT_FALSE(find_forbidden_char("西湖区转塘街道应急管理站"));
  EXPECT_FALSE(find_forbidden_char("𠀀𪚥"));  // CJK Extension B, 4 bytes each
  EXPECT_FALSE(
      find_forbidden_char("救援队 🚒🧑‍🚒 👍🏽"));  // emoji, ZWJ sequence, skin tone
  EXPECT_FALSE(find_forbidden_char("Ελληνικά עברית العربية"));
  EXPECT_FALSE(find_forbidden_char("ＡＢＣ　全角空格"));
  EXPECT_FALSE(find_forbidden_char(""));
  EXPECT_FALSE(refused(0x10FFFF));
}

TEST(FindForbiddenChar, InvalidUtf8IsRefusedWhereItStarts) {
  auto at = [](std::string_view s) {
    auto fc = find_forbidden_char(s);
    EXPECT_TRUE(fc && fc->invalid_utf8()) << s;
    return fc ? fc->offset : 999;
  };
  EXPECT_EQ(at("ab\xff"), 2u);
  EXPECT_EQ(at("名\x80"), 3u);            // a lone continuation byte
  EXPECT_EQ(at("\xE5\x90"), 0u);          // 名 cut short
  EXPECT_EQ(at("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(at("\xE0\x80\xAF"), 0u);      // overlong '/' in three bytes
  EXPECT_EQ(at("\xED\xA0\x80"), 0u);      // surrogate U+D800 (CESU-8)
  EXPECT_EQ(at("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
  EXPECT_EQ(at("\xC0\x80"), 0u);          // "modified UTF-8" NUL
}

TEST(FindForbiddenChar, ReportsTheFirstOffender) {
  auto fc = find_forbidden_char("ab\u202Ecd\x01");
  ASSERT_TRUE(fc);
  EXPECT_EQ(fc->code_point, 0x202Eu);
  EXPECT_EQ(fc->offset, 2u);
  EXPECT_EQ(fc->index, 2u);
}

}  // namespace
}  // namespace lakeguard
