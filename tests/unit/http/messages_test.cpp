// Error messages in the user's language: Accept-Language negotiation, template matching, the
// built-in catalog and the response hook, without sockets (STYLE.md §8).

#include "http/messages.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "auth/messages.h"
#include "http/request.h"
#include "registry/messages.h"

namespace lakeguard::http {
namespace {

// The platform's catalog as the server has it: http's own plus every context's.
struct WithContextCatalogs : ::testing::Environment {
  void SetUp() override {
    add_message_catalog(auth::messages());
    add_message_catalog(registry::messages());
  }
};
const auto* const kCatalogs = ::testing::AddGlobalTestEnvironment(new WithContextCatalogs);

namespace json = boost::json;

Lang lang(std::string_view header) { return preferred_lang(header); }

TEST(AcceptLanguage, WithoutAHeaderOrAnythingSupportedTheAnswerIsEnglish) {
  EXPECT_EQ(lang(""), Lang::kEn);
  EXPECT_EQ(lang("fr"), Lang::kEn);
  EXPECT_EQ(lang("fr-CH, de;q=0.9, ja;q=0.8"), Lang::kEn);
  EXPECT_EQ(lang("en"), Lang::kEn);
  EXPECT_EQ(lang("en-US"), Lang::kEn);
}

TEST(AcceptLanguage, EveryChineseRangeIsAnsweredInSimplifiedChinese) {
  for (const char* h : {"zh", "zh-CN", "zh-Hans", "zh-Hans-CN", "zh-SG", "zh-TW", "zh-HK",
                        "zh-Hant", "fr, zh;q=0.1"})
    EXPECT_EQ(lang(h), Lang::kZhCn) << h;
  EXPECT_EQ(lang_tag(Lang::kZhCn), "zh-CN");
  EXPECT_EQ(lang_tag(Lang::kEn), "en");
}

TEST(AcceptLanguage, TagsAndTheWeightNameAreCaseInsensitive) {
  EXPECT_EQ(lang("ZH-cn"), Lang::kZhCn);
  EXPECT_EQ(lang("EN, zh;q=0.5"), Lang::kEn);
  EXPECT_EQ(lang("zh;Q=0.5, en;q=0.4"), Lang::kZhCn);
}

TEST(AcceptLanguage, TheHighestWeightWinsAndEqualWeightsGoByOrder) {
  EXPECT_EQ(lang("zh-CN,zh;q=0.9"), Lang::kZhCn);
  EXPECT_EQ(lang("zh-CN,zh;q=0.9,en-US;q=0.8,en;q=0.7"), Lang::kZhCn);
  EXPECT_EQ(lang("en;q=0.5, zh-CN;q=0.8"), Lang::kZhCn);
  EXPECT_EQ(lang("zh-CN;q=0.5, en;q=0.8"), Lang::kEn);
  EXPECT_EQ(lang("en-US,en;q=0.9,zh-CN;q=0.8,zh;q=0.7"), Lang::kEn);
  EXPECT_EQ(lang("en, zh"), Lang::kEn);
  EXPECT_EQ(lang("zh, en"), Lang::kZhCn);
  EXPECT_EQ(lang("zh;q=0.500, en;q=0.5"), Lang::kZhCn);  // equal: listed first
  EXPECT_EQ(lang("zh;q=1.000, en;q=0.999"), Lang::kZhCn);
}

TEST(AcceptLanguage, TheMostSpecificRangeDecidesALanguagesWeight) {
  // zh-CN named at 0.2 is what the user thinks of zh-CN, even though "zh" has 0.9.
  EXPECT_EQ(lang("zh-CN;q=0.2, zh;q=0.9, en;q=0.5"), Lang::kEn);
  // Another Chinese counts only when nothing closer to zh-CN is named.
  EXPECT_EQ(lang("zh-TW, zh-CN;q=0"), Lang::kEn);
  EXPECT_EQ(lang("zh-TW, en;q=0.8"), Lang::kZhCn);
}

TEST(AcceptLanguage, QZeroRefusesAndTheWildcardStandsForWhatIsNotNamed) {
  EXPECT_EQ(lang("zh;q=0"), Lang::kEn);
  EXPECT_EQ(lang("zh;q=0.000, en;q=0"), Lang::kEn);  // nothing acceptable: still English
  EXPECT_EQ(lang("*"), Lang::kEn);
  EXPECT_EQ(lang("*, en;q=0"), Lang::kZhCn);
  EXPECT_EQ(lang("en;q=0.1, *;q=0.5"), Lang::kZhCn);
  EXPECT_EQ(lang("zh-CN;q=0, *"), Lang::kEn);
  EXPECT_EQ(lang("fr, *;q=0.5"), Lang::kEn);
}

TEST(AcceptLanguage, MalformedElementsCountForNothing) {
  EXPECT_EQ(lang("zh-CN;q=abc, en;q=0.1"), Lang::kEn);
  EXPECT_EQ(lang("zh-CN;q=1.5"), Lang::kEn);
  EXPECT_EQ(lang("zh-CN;q=1.001"), Lang::kEn);
  EXPECT_EQ(lang("zh-CN;q=0.1234"), Lang::kEn);
  EXPECT_EQ(lang("zh-CN;q=.5"), Lang::kEn);
  EXPECT_EQ(lang("zh-CN;q = 0.5"), Lang::kEn);
  EXPECT_EQ(lang("zh;"), Lang::kEn);
  EXPECT_EQ(lang("zh-toolongsubtag"), Lang::kEn);
  EXPECT_EQ(lang("-zh"), Lang::kEn);
  EXPECT_EQ(lang("zh--CN"), Lang::kEn);
  EXPECT_EQ(lang("中文"), Lang::kEn);
  EXPECT_EQ(lang(";;;,,,"), Lang::kEn);
  EXPECT_EQ(lang(std::string(20000, ',')), Lang::kEn);
  // A broken element does not spoil the good ones; empty list elements are allowed.
  EXPECT_EQ(lang("@@@, zh-CN;q=0.9, en;q=abc"), Lang::kZhCn);
  EXPECT_EQ(lang(",, zh-CN ,"), Lang::kZhCn);
  EXPECT_EQ(lang(" zh-CN ; q=0.9 , en;q=0.8"), Lang::kZhCn);  // OWS around ';'
  EXPECT_EQ(lang("zh;level=1"), Lang::kZhCn);                 // unknown parameters: ignored
  EXPECT_EQ(lang("zh_CN"), Lang::kZhCn);                      // as Java writes a locale
}

constexpr MessageTemplate kTestCatalog[] = {
    {"No such endpoint.", "接口不存在。"},
    {"Unknown query parameter '{}'.", "未知的查询参数 '{}'。"},
    {"Unknown query parameter '{}' for {}.", "{1} 不支持查询参数 '{0}'。"},
    {"{} {} exists already.", "{} 为 {} 的对象已存在。"},
    {"Version {} of {}", "{1} 的第 {0} 版"},
    {"{}: {}", "{}：{}"},
    {"'{}' is not a {}.", "'{}' 不是有效的 {}。"},
    {"'{}' is not a longitude.", "'{}' 不是有效的经度。"},
    {"Broken {}.", "坏的 {1}。"},
};

TEST(MessageCatalog, PlainMessagesMatchExactly) {
  MessageCatalog c(kTestCatalog);
  EXPECT_EQ(c.to_zh_cn("No such endpoint."), "接口不存在。");
  EXPECT_EQ(c.to_zh_cn("No such endpoint"), std::nullopt);
  EXPECT_EQ(c.to_zh_cn("No such endpoint.."), std::nullopt);
  EXPECT_EQ(c.to_zh_cn(""), std::nullopt);
}

TEST(MessageCatalog, ValuesMayHoldSpacesQuotesAndChinese) {
  MessageCatalog c(kTestCatalog);
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter 'town code'."), "未知的查询参数 'town code'。");
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter 'it's'."), "未知的查询参数 'it's'。");
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter '名称'."), "未知的查询参数 '名称'。");
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter ''."), "未知的查询参数 ''。");  // empty value
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter 'a\"b\\c'."), "未知的查询参数 'a\"b\\c'。");
}

TEST(MessageCatalog, TemplatesSharingAPrefixAreToldApartAndValuesCanBeReordered) {
  MessageCatalog c(kTestCatalog);
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter 'colour' for enterprises."),
            "enterprises 不支持查询参数 'colour'。");
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter 'colour'."), "未知的查询参数 'colour'。");
  // Both fit (the first with the value "a' for b"): the one with more literal text wins.
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter 'a' for b'."), "b' 不支持查询参数 'a'。");
}

TEST(MessageCatalog, ValuesAtTheStartAndAtTheEnd) {
  MessageCatalog c(kTestCatalog);
  EXPECT_EQ(c.to_zh_cn("credit_code 91330106 MA2 exists already."),
            "credit_code 为 91330106 MA2 的对象已存在。");
  EXPECT_EQ(c.to_zh_cn("Version 3 of 西湖 街道"), "西湖 街道 的第 3 版");
  EXPECT_EQ(c.to_zh_cn("row 7: the cell: is empty"), "row 7：the cell: is empty");
  EXPECT_EQ(c.to_zh_cn("  exists already."), " 为  的对象已存在。");  // two empty values
  EXPECT_EQ(c.to_zh_cn(" exists already."), std::nullopt);  // the space between them is missing
}

TEST(MessageCatalog, TheMostSpecificTemplateWins) {
  MessageCatalog c(kTestCatalog);
  EXPECT_EQ(c.to_zh_cn("'lon' is not a longitude."), "'lon' 不是有效的经度。");
  EXPECT_EQ(c.to_zh_cn("'lat' is not a latitude."), "'lat' 不是有效的 latitude。");
}

TEST(MessageCatalog, UnknownMessagesAreNotTranslatedAndBrokenEntriesAreRejected) {
  MessageCatalog c(kTestCatalog);
  EXPECT_EQ(c.to_zh_cn("Something nobody wrote down."), std::nullopt);
  EXPECT_EQ(c.to_zh_cn("Unknown query parameter"), std::nullopt);
  EXPECT_EQ(c.to_zh_cn("Broken x."), std::nullopt);
  ASSERT_EQ(c.rejected().size(), 1u);
  EXPECT_EQ(c.rejected()[0], "Broken {}.");
  EXPECT_EQ(translate("Something nobody wrote down.", Lang::kZhCn), "Something nobody wrote down.");
  EXPECT_EQ(translate("No such endpoint.", Lang::kEn), "No such endpoint.");
}

// Every value of a message, made distinct and unlikely to collide with template text.
std::string sample_message(std::string_view en, std::vector<std::string>* values) {
  std::string out;
  size_t i = 0;
  for (size_t k; (k = en.find("{}", i)) != std::string_view::npos; i = k + 2) {
    values->push_back("⟨" + std::to_string(values->size()) + "⟩");
    out += std::string(en.substr(i, k - i)) + values->back();
  }
  return out + std::string(en.substr(i));
}

std::string expected_zh(std::string_view zh, const std::vector<std::string>& values) {
  std::string out;
  size_t next = 0;
  for (size_t j = 0; j < zh.size();) {
    size_t close = zh[j] == '{' ? zh.find('}', j) : std::string_view::npos;
    std::string_view inside =
        close == std::string_view::npos ? "" : zh.substr(j + 1, close - j - 1);
    if (close != std::string_view::npos &&
        inside.find_first_not_of("0123456789") == std::string_view::npos) {
      out += values.at(inside.empty() ? next++ : std::stoul(std::string(inside)));
      j = close + 1;
    } else {
      out += zh[j++];
    }
  }
  return out;
}

TEST(BuiltinCatalog, EveryEntryIsWellFormedAndTranslatesItsOwnMessages) {
  EXPECT_TRUE(builtin_catalog().rejected().empty());
  std::set<std::string_view> seen;
  for (const auto& t : all_messages()) {
    EXPECT_TRUE(seen.insert(t.en).second) << "duplicate: " << t.en;
    EXPECT_FALSE(t.zh_cn.empty()) << t.en;
    std::vector<std::string> values;
    std::string msg = sample_message(t.en, &values);
    std::string zh = translate(msg, Lang::kZhCn);
    EXPECT_EQ(zh, expected_zh(t.zh_cn, values)) << "'" << msg << "' is not translated by its own"
                                                << " entry (another template shadows it?)";
    for (const auto& v : values) EXPECT_NE(zh.find(v), std::string::npos) << t.zh_cn;
  }
}

TEST(BuiltinCatalog, RealMessagesReadNaturally) {
  EXPECT_EQ(translate("'credit_code' is required.", Lang::kZhCn), "'credit_code' 为必填项。");
  EXPECT_EQ(translate("The unified social credit code is invalid (GB 32100-2015: 18 characters "
                      "with a matching check character).",
                      Lang::kZhCn),
            "统一社会信用代码无效（GB 32100-2015：18 位，且校验码须正确）。");
  EXPECT_EQ(translate("'lon' is not a longitude.", Lang::kZhCn), "'lon' 不是有效的经度。");
  EXPECT_EQ(translate("'lon' 116.4 lies outside the district.", Lang::kZhCn),
            "'lon' 的值 116.4 超出本区范围。");
  EXPECT_EQ(translate("Unknown query parameter 'colour' for enterprises.", Lang::kZhCn),
            "enterprises 不支持查询参数 'colour'。");
  EXPECT_EQ(translate("'scale' must be one of: 规上, 规下, 小微.", Lang::kZhCn),
            "'scale' 必须是以下之一：规上, 规下, 小微。");
  EXPECT_EQ(translate("'abc' is not a number.", Lang::kZhCn), "'abc' 不是数值。");
  EXPECT_EQ(translate("A town code has 9 digits.", Lang::kZhCn), "镇街代码必须是 9 位。");
  EXPECT_EQ(translate("Upload text/csv, or application/json with {\"rows\": [...]}.", Lang::kZhCn),
            "请上传 text/csv，或带 {\"rows\": [...]} 的 application/json。");
}

Response error_of(std::string message, std::string field = "credit_code") {
  return error_response(Error{ErrorCode::kValidationFailed, std::move(message), std::move(field)},
                        "rid-1");
}

std::string header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

TEST(LocalizeResponse, AnErrorBodyIsAnsweredInThePreferredLanguage) {
  Response r = error_of("'credit_code' is required.");
  localize_response(r, "zh-CN,zh;q=0.9");
  auto e = json::parse(r.body).at("error").as_object();
  EXPECT_EQ(e.at("message").as_string(), "'credit_code' 为必填项。");
  EXPECT_EQ(e.at("code").as_string(), "validation_failed");
  EXPECT_EQ(e.at("field").as_string(), "credit_code");
  EXPECT_EQ(e.at("request_id").as_string(), "rid-1");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(header(r, "Content-Language"), "zh-CN");
  EXPECT_EQ(header(r, "Vary"), "Accept-Language");
}

TEST(LocalizeResponse, EnglishIsLabelledAndLeftAsItIs) {
  Response r = error_of("'credit_code' is required.");
  std::string before = r.body;
  localize_response(r, "en");
  EXPECT_EQ(r.body, before);
  EXPECT_EQ(header(r, "Content-Language"), "en");
  Response none = error_of("'credit_code' is required.");
  localize_response(none, "");
  EXPECT_EQ(none.body, before);
  EXPECT_EQ(header(none, "Content-Language"), "en");
  // A message without a translation stays English and says so.
  Response unknown = error_of("Something nobody wrote down.");
  std::string unknown_body = unknown.body;
  localize_response(unknown, "zh-CN");
  EXPECT_EQ(unknown.body, unknown_body);
  EXPECT_EQ(header(unknown, "Content-Language"), "en");
}

TEST(LocalizeResponse, ImportReportReasonsAreTranslated) {
  Response r = Response::json(
      200,
      json::serialize(json::object{
          {"rows", 2},
          {"valid", 0},
          {"errors", json::array{json::object{
                         {"row", 3}, {"column", "lon"}, {"reason", "'abc' is not a number."}}}},
          {"committed", false}}));
  localize_response(r, "zh");
  auto rep = json::parse(r.body).as_object();
  EXPECT_EQ(rep.at("errors").as_array()[0].at("reason").as_string(), "'abc' 不是数值。");
  EXPECT_EQ(rep.at("errors").as_array()[0].at("column").as_string(), "lon");
  EXPECT_EQ(rep.at("rows").as_int64(), 2);
  EXPECT_EQ(header(r, "Content-Language"), "zh-CN");
  Response clean = Response::json(200, R"({"rows":1,"valid":1,"errors":[],"committed":true})");
  localize_response(clean, "en");
  EXPECT_TRUE(clean.headers.empty());
}

TEST(LocalizeResponse, EverythingElseIsLeftAlone) {
  Response ok = Response::json(200, R"({"items":[],"message":"No such endpoint."})");
  localize_response(ok, "zh-CN");
  EXPECT_EQ(ok.body, R"({"items":[],"message":"No such endpoint."})");
  EXPECT_TRUE(ok.headers.empty());
  Response csv = error_of("No such endpoint.");
  csv.content_type = "text/csv";
  std::string csv_body = csv.body;
  localize_response(csv, "zh-CN");
  EXPECT_EQ(csv.body, csv_body);
  Response cached = error_of("No such endpoint.");
  cached.shared_body = std::make_shared<const std::string>(cached.body);
  localize_response(cached, "zh-CN");
  EXPECT_TRUE(cached.headers.empty());
  Response broken = Response::json(500, R"({"error":{"message":)");
  localize_response(broken, "zh-CN");
  EXPECT_EQ(broken.body, R"({"error":{"message":)");
}

}  // namespace
}  // namespace lakeguard::http
