#pragma once
// plans: the plan centre (预案中心, PRODUCT.md F12; issue 11 items 1 and 2). An emergency plan
// (应急预案) has a type (four categories of 《中华人民共和国突发事件应对法》第三条 and the
// sub-types below), a level (district, town, community, enterprise), an owner unit, a
// jurisdiction (a GB/T 2260 / 统计用区划代码 division code), editions with the states
// draft → review → published → retired, a revision due date (修订, the plan's 修订率 indicator),
// attachments and a structured content (content.h). docs/plans.md has the lists and the rules.
// Plain types only.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"

namespace lakeguard::plans {

// The four categories of 突发事件 (突发事件应对法 第三条); wire values are the terms.
enum class Category { kNatural, kAccident, kPublicHealth, kSocialSafety };
inline constexpr Category kAllCategories[] = {Category::kNatural, Category::kAccident,
                                              Category::kPublicHealth, Category::kSocialSafety};
std::string_view category_name(Category c);  // "自然灾害" | "事故灾难" | "公共卫生" | "社会安全"
std::optional<Category> parse_category(std::string_view s);

// A sub-type (专项预案 type) and the category it belongs to. The list (kSubTypes) is closed: a
// plan's sub_type is one of them. docs/plans.md lists them.
struct SubType {
  std::string_view name;
  Category category;
};
std::span<const SubType> sub_types();
const SubType* find_sub_type(std::string_view name);

// The plan's level: whose plan it is (区级, 镇街级, 社区/村级, 企业).
enum class Level { kDistrict, kTown, kCommunity, kEnterprise };
inline constexpr Level kAllLevels[] = {Level::kDistrict, Level::kTown, Level::kCommunity,
                                       Level::kEnterprise};
std::string_view level_name(Level l);  // district | town | community | enterprise
std::optional<Level> parse_level(std::string_view s);

// The plan's states and the workflow actions of POST /plans/{id}/actions (workflow.h).
enum class State { kDraft, kReview, kPublished, kRetired };
inline constexpr State kAllStates[] = {State::kDraft, State::kReview, State::kPublished,
                                       State::kRetired};
enum class Action { kSubmit, kReject, kApprove, kPublish, kRetire, kRevise };
inline constexpr Action kAllActions[] = {Action::kSubmit,  Action::kReject, Action::kApprove,
                                         Action::kPublish, Action::kRetire, Action::kRevise};
std::string_view state_name(State s);    // draft | review | published | retired
std::string_view action_name(Action a);  // submit | reject | approve | publish | retire | revise
std::optional<State> parse_state(std::string_view s);
std::optional<Action> parse_action(std::string_view s);

// Response levels Ⅰ–Ⅳ (突发事件应对法 第七十一条: 一级 the highest); 1 = Ⅰ级 (most severe).
inline constexpr int kMostSevereLevel = 1;
inline constexpr int kLeastSevereLevel = 4;
std::string_view response_level_name(int level);  // 1 → "Ⅰ级" … 4 → "Ⅳ级"; "" otherwise

// A plan row as the store keeps it. `content` is the structured content's JSON text (validated
// by content.h before it is stored).
struct Plan {
  int64_t id = 0;
  std::string title;
  Category category = Category::kNatural;
  std::string sub_type;
  Level level = Level::kDistrict;
  std::string owner_unit;
  std::string jurisdiction_code;  // 6-digit district, 9-digit town, 12-digit community code
  std::string town_code;          // scope: the town it belongs to (empty for a district plan)
  std::string community_code;     // scope: its community (community plans)
  std::optional<int64_t> enterprise_id;  // enterprise plans
  std::vector<std::string> keywords;
  std::string summary;
  std::string content;  // JSON object text
  State status = State::kDraft;
  int64_t edition = 1;  // 第N版: the published edition number this draft becomes
  std::optional<int64_t> in_force_edition;  // the published edition matching uses; none: none
  std::optional<int64_t> author_id;
  std::string author_name;
  std::optional<int64_t> approver_id;
  std::string approver_name;
  std::optional<int64_t> approved_at_ms;
  std::string revision_due;  // YYYY-MM-DD; empty when not set
  bool synthetic = false;    // demo sample (演示数据), not a real plan
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::optional<int64_t> published_at_ms;
  int64_t version = 1;  // row version (ETag, If-Match)
};

// An immutable snapshot of a published edition (plan_versions).
struct PlanVersion {
  int64_t plan_id = 0;
  int64_t edition = 0;
  std::string snapshot;  // the plan's JSON at publication
  std::optional<int64_t> approver_id;
  std::string approver_name;
  std::string published_by;
  int64_t published_at_ms = 0;
};

// An attachment's metadata (the bytes are kept beside it in the store).
struct Attachment {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string filename;
  std::string media_type;  // application/pdf | application/vnd.openxmlformats-…document
  int64_t size_bytes = 0;
  std::string sha256;  // hex of the bytes
  std::string uploaded_by;
  int64_t uploaded_at_ms = 0;
};

// Where a plan belongs, for scope (visibility.h).
inline Placement placement_of(const Plan& p) {
  return Placement{p.town_code, p.community_code, p.enterprise_id};
}

// GET /plans filters.
struct ListFilter {
  std::optional<Category> category;
  std::string sub_type;
  std::optional<Level> level;
  std::optional<State> status;
  std::string town_code;  // plans of this town, and district plans (which cover it)
  std::string q;          // substring of title, owner unit, summary or keywords
  int64_t page = 1;
  int64_t page_size = 50;
};

}  // namespace lakeguard::plans
