#include "standards/credit_code.h"

#include <gtest/gtest.h>

namespace lakeguard::standards {
namespace {

// Real codes of well-known companies. They are public (invoice headers, contracts, the National
// Enterprise Credit Information Publicity System gsxt.gov.cn); we found each, next to its holder's
// name, in several unrelated public GitHub repositories (invoice templates, fixtures) with a code
// search, and did not query the official system ourselves.
struct RealCode {
  const char* holder;
  const char* code;
};
constexpr RealCode kRealCodes[] = {
    {"阿里巴巴（中国）有限公司", "91330100799655058B"},
    {"华为技术有限公司", "914403001922038216"},
    {"腾讯科技（深圳）有限公司", "9144030071526726XG"},
    {"杭州海康威视数字技术股份有限公司", "91330000733796106P"},
    {"小米科技有限责任公司", "91110108551385082Q"},
};

TEST(CreditCode, RealPublishedCodesAreValid) {
  for (const auto& r : kRealCodes) {
    EXPECT_TRUE(is_valid_credit_code(r.code)) << r.holder;
    const std::string_view code = r.code;
    EXPECT_EQ(credit_code_check_char(code.substr(0, 17)), code[17]) << r.holder;
  }
}

TEST(CreditCode, EveryOtherCheckCharacterIsRejected) {
  constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (const auto& r : kRealCodes) {
    std::string code = r.code;
    const char right = code[17];
    for (char c : kCharset) {
      code[17] = c;
      EXPECT_EQ(is_valid_credit_code(code), c == right) << code;
    }
  }
}

TEST(CreditCode, SumDivisibleBy31GivesZero) {
  // Σ value·weight ≡ 0 (mod 31) → 31 − 0 = 31, written as '0' (GB 32100-2015 §5).
  EXPECT_EQ(credit_code_check_char("00000000000000000"), '0');
  EXPECT_EQ(credit_code_check_char("91330106000000000"), '0');
  EXPECT_TRUE(is_valid_credit_code("913301060000000000"));
  EXPECT_FALSE(is_valid_credit_code("91330106000000000Y"));
}

TEST(CreditCode, RemainderOneGivesY) {
  // 31 − 1 = 30, the last character of the set.
  EXPECT_EQ(credit_code_check_char("9133010600000000A"), 'Y');
}

TEST(CreditCode, ForbiddenLettersAreInvalidAnywhere) {
  for (char bad : {'I', 'O', 'Z', 'S', 'V', 'i', 'o', 'z', 's', 'v'}) {
    std::string code = "91330100799655058B";
    code[10] = bad;
    EXPECT_FALSE(is_valid_credit_code(code)) << code;
    EXPECT_EQ(credit_code_check_char(code.substr(0, 17)), std::nullopt) << code;
    code = "91330100799655058B";
    code[17] = bad;
    EXPECT_FALSE(is_valid_credit_code(code)) << code;
  }
  EXPECT_FALSE(is_valid_credit_code("91330100799655058-"));
  EXPECT_FALSE(is_valid_credit_code("9133010079965505 8B"));
}

TEST(CreditCode, WrongLengthIsInvalid) {
  EXPECT_FALSE(is_valid_credit_code(""));
  EXPECT_FALSE(is_valid_credit_code("91330100799655058"));
  EXPECT_FALSE(is_valid_credit_code("91330100799655058BB"));
  EXPECT_FALSE(is_valid_credit_code(" 91330100799655058B"));  // not trimmed: normalise first
  EXPECT_EQ(credit_code_check_char("9133010079965505"), std::nullopt);
  EXPECT_EQ(credit_code_check_char("91330100799655058B"), std::nullopt);
}

TEST(CreditCode, LowerCaseIsAcceptedAsUpperCase) {
  EXPECT_TRUE(is_valid_credit_code("9144030071526726xg"));
  EXPECT_EQ(credit_code_check_char("9144030071526726x"), 'G');
  EXPECT_FALSE(is_valid_credit_code("9144030071526726xh"));
}

TEST(CreditCode, NormaliseTrimsAndUpperCases) {
  EXPECT_EQ(normalize_credit_code("  9144030071526726xg\t\n"), "9144030071526726XG");
  EXPECT_EQ(normalize_credit_code("\xE3\x80\x80"
                                  "91330100799655058b "
                                  "\xE3\x80\x80"),
            "91330100799655058B");
  EXPECT_EQ(normalize_credit_code(""), "");
  EXPECT_EQ(normalize_credit_code("   "), "");
  EXPECT_EQ(normalize_credit_code("9133 0100"), "9133 0100") << "inner spaces are kept";
  EXPECT_TRUE(is_valid_credit_code(normalize_credit_code(" 91330000733796106p ")));
}

}  // namespace
}  // namespace lakeguard::standards
