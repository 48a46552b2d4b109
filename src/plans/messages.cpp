#include "plans/messages.h"

namespace lakeguard::plans {
namespace {

// plans' messages: English templates exactly as the sources write them (fmt's `{…}` fields as
// `{}`), and their zh-CN translations (http/messages.h). Generic ones ("'{}' is required.") are
// the platform's (src/http/messages.cpp). scripts/check-messages reads the entries between the
// markers: keep each one a {"English", "中文"} pair of string literals.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    // The workflow (plans workflow.cpp).
    {"Your role may not {} plans.", "您的角色无权对预案执行 '{}'。"},
    {"The plan is {}; only a draft can be edited (revise it first).",
     "预案当前状态为 {}，只能编辑草稿（请先修订）。"},
    {"The author of a plan may not approve it; another reviewer must.",
     "预案编制人不能审批本预案，须由其他审核人审批。"},
    {"'{}' is not possible while the plan is {}.", "预案当前状态为 {1}，不能执行 '{0}'。"},
    {"The plan is already approved; publish it.", "预案已审批，请发布。"},
    {"The plan needs an approval by someone other than its author first.",
     "预案须先由编制人以外的人员审批。"},
    // Structured content (plans content.cpp).
    {"'{}' must be an object.", "'{}' 必须是对象。"},
    {"'{}' must be a list.", "'{}' 必须是列表。"},
    {"'{}' holds more than {} entries.", "'{}' 超过 {} 项。"},
    {"'{}' must be a lower-case name such as rain_3h_mm.",
     "'{}' 必须是小写名称，例如 rain_3h_mm。"},
    {"'{}' must be one of: >=, >, <=, <, ==, has.", "'{}' 只能是 >=、>、<=、<、== 或 has。"},
    {"'{}' must be keyword with the comparator has.", "比较符为 has 时 '{}' 必须是 keyword。"},
    {"'{}' is not taken by a keyword trigger.", "关键词触发条件不接受 '{}'。"},
    {"'{}' must be has for a keyword trigger.", "关键词触发条件的 '{}' 必须是 has。"},
    {"'{}' is taken by keyword triggers only.", "只有关键词触发条件接受 '{}'。"},
    {"'{}' must be a number from -1e12 to 1e12.", "'{}' 必须是 -1e12 到 1e12 之间的数值。"},
    {"'{}' needs a responsible_role or a responsible_unit.",
     "'{}' 须填写责任角色（responsible_role）或责任单位（responsible_unit）。"},
    {"'{}' names no role of content.organisation.", "'{}' 不是 content.organisation 中的角色。"},
    {"'{}' repeats the role {}.", "'{}' 重复了角色 {}。"},
    {"'{}' needs units or user_ids.", "'{}' 须填写单位（units）或用户（user_ids）。"},
    {"'{}' needs at least one response level.", "'{}' 至少需要一个响应级别。"},
    {"'{}' repeats the response level {}.", "'{}' 重复了响应级别 {}。"},
    {"'{}' must be all or any.", "'{}' 只能是 all 或 any。"},
    // Matching (plans matching.cpp).
    {"'{}' must be a number from 0 to 1000.", "'{}' 必须是 0 到 1000 之间的数值。"},
    {"'type' must be a plan category or sub-type (GET /api/v1/plans/types).",
     "'type' 必须是预案类别或子类（见 GET /api/v1/plans/types）。"},
    {"'level' must be a response level from 1 (Ⅰ级) to 4 (Ⅳ级).",
     "'level' 必须是 1（Ⅰ级）到 4（Ⅳ级）的响应级别。"},
    {"'indicators' must be an object of numbers.", "'indicators' 必须是由数值组成的对象。"},
    {"'indicators' holds more than {} entries.", "'indicators' 超过 {} 项。"},
    {"'indicators' names must be lower-case names such as rain_3h_mm.",
     "'indicators' 的名称必须是小写名称，例如 rain_3h_mm。"},
    {"'location' must be {lon, lat} or {town}.", "'location' 必须是 {lon, lat} 或 {town}。"},
    {"Unknown field 'location.{}'.", "未知字段 'location.{}'。"},
    {"'location.lon' must be a longitude from -180 to 180.",
     "'location.lon' 必须是 -180 到 180 之间的经度。"},
    {"'location.lat' must be a latitude from -90 to 90.",
     "'location.lat' 必须是 -90 到 90 之间的纬度。"},
    {"Give the town once: 'town' or 'location.town'.",
     "镇街只能填写一次：'town' 或 'location.town'。"},
    {"The place must be a district (6), town (9) or community (12 digit) code.",
     "事发地必须是区（6 位）、镇街（9 位）或村社（12 位）代码。"},
    {"'keywords' must be a list.", "'keywords' 必须是列表。"},
    {"'keywords' holds more than {} entries.", "'keywords' 超过 {} 项。"},
    {"'limit' must be a whole number from 1 to {}.", "'limit' 必须是 1 到 {} 之间的整数。"},
    // Requests and list queries (plans requests.cpp).
    {"'revision_due' must be a date YYYY-MM-DD.", "'revision_due' 必须是 YYYY-MM-DD 格式的日期。"},
    {"'revision_due' must not be before today ({}).", "'revision_due' 不能早于今天（{}）。"},
    {"'revision_due' must be within {} days from today.",
     "'revision_due' 必须在今天起 {} 天以内。"},
    {"'type' must be one of: 自然灾害, 事故灾难, 公共卫生, 社会安全.",
     "'type' 只能是 自然灾害、事故灾难、公共卫生 或 社会安全。"},
    {"'sub_type' is not a known plan sub-type (GET /api/v1/plans/types).",
     "'sub_type' 不是已知的预案子类（见 GET /api/v1/plans/types）。"},
    {"'sub_type' {} belongs to {}, not to {}.", "'sub_type' {} 属于 {}，不属于 {}。"},
    {"'level' must be one of: district, town, community, enterprise.",
     "'level' 只能是 district、town、community 或 enterprise。"},
    {"An enterprise plan takes its place from its enterprise; give enterprise_id.",
     "企业预案的辖区取自其企业，请填写 enterprise_id。"},
    {"'enterprise_id' is taken by enterprise plans only.", "只有企业预案接受 'enterprise_id'。"},
    {"'jurisdiction' must be a {}-digit division code for a {} plan.",
     "'jurisdiction' 必须是 {} 位区划代码（{} 级预案）。"},
    {"'content' is required.", "'content' 为必填项。"},
    {"'type' must be a plan category or sub-type.", "'type' 必须是预案类别或子类。"},
    {"'level' is one of: district, town, community, enterprise.",
     "'level' 只能是 district、town、community 或 enterprise。"},
    {"'status' is one of: draft, review, published, retired.",
     "'status' 只能是 draft、review、published 或 retired。"},
    {"'town' must be a 9-digit town code.", "'town' 必须是 9 位镇街代码。"},
    {"'q' is longer than 100 characters.", "'q' 超过 100 个字符。"},
    // Attachments (plans attachments.cpp, api.cpp).
    {"'filename' is required.", "'filename' 为必填项。"},
    {"An attachment may be at most {} bytes.", "附件最大为 {} 字节。"},
    {"The attachment is empty.", "附件为空。"},
    {"An attachment must be a PDF or a DOCX document (checked by its content).",
     "附件必须是 PDF 或 DOCX 文档（按文件内容检查）。"},
    {"'filename' must not contain control or formatting characters.",
     "'filename' 不能包含控制字符或格式字符。"},
    {"'filename' is longer than {} characters.", "'filename' 超过 {} 个字符。"},
    // The service (plans service.cpp).
    {"Your role may not write plans.", "您的角色无权编制预案。"},
    {"'jurisdiction' must be this district ({}).", "'jurisdiction' 必须是本区（{}）。"},
    {"No such town in this district.", "本区没有该镇街。"},
    {"No such community in this district.", "本区没有该村社。"},
    {"You may write plans of your own jurisdiction only.", "您只能编制本辖区的预案。"},
    {"You may read this plan but not change it.", "您可以查看此预案，但无权修改。"},
    {"The plan changed (version {} now, {} expected); reload it.",
     "预案已被修改（当前版本 {}，预期版本 {}），请重新加载。"},
    {"The plan changed meanwhile; reload it.", "预案已被他人修改，请重新加载。"},
    // The edition in force for activation (service.cpp in_force, used by incidents).
    {"'plan_id' must be the id of a plan you can see.", "'plan_id' 必须是您可查看的预案的 id。"},
    {"The plan has no published edition in force.", "该预案没有生效的发布版本。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::plans
