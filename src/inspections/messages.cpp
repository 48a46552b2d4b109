#include "inspections/messages.h"

namespace lakeguard::inspections {
namespace {

// scripts/check-messages reads the entries between the markers: keep each one a
// {"English", "中文"} pair of string literals.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    // 双随机 draws (inspections).
    {"The text must be valid UTF-8.", "文本必须是有效的 UTF-8。"},
    {"The text must have 1 to 200 characters.", "文本必须为 1 到 200 个字符。"},
    {"The text must have 1 to {} characters.", "文本必须为 1 到 {} 个字符。"},
    {"The text must not contain control characters.", "文本不能包含控制字符。"},
    {"k must be a whole number from 1.", "k 必须是不小于 1 的整数。"},
    {"m must be a whole number from 1.", "m 必须是不小于 1 的整数。"},
    {"This inspector is listed twice.", "该执法人员重复列出。"},
    {"No such inspector in the pool.", "抽取范围内没有该执法人员。"},
    {"k is larger than the enterprise pool ({}).", "k 大于企业库的数量（{}）。"},
    {"m is larger than the inspector pool ({}).", "m 大于执法人员库的数量（{}）。"},
    {"Use 'open' or 'revealed'.", "请使用 'open' 或 'revealed'。"},
    {"The draw is revealed; witnesses can no longer be added.", "抽取已揭晓，不能再添加监督人。"},
    {"A draw takes at most 20 witnesses.", "每次抽取最多 20 名监督人。"},
    {"Another witness was added at the same moment; try again.",
     "另一名监督人同时被添加，请重试。"},
    {"The draw changed meanwhile; try again.", "抽取记录已被修改，请重试。"},
    {"The draw is already revealed.", "抽取已揭晓。"},
    {"Add at least one witness's text before the reveal.", "揭晓前至少需要一名监督人录入文本。"},
    {"'{}' must be a whole number.", "'{}' 必须是整数。"},
    {"'pool' must be an object of enterprise filters.", "'pool' 必须是企业筛选条件对象。"},
    {"'exclude_inspectors' must be an array of {\"id\", \"reason\"}.",
     "'exclude_inspectors' 必须是 {\"id\", \"reason\"} 数组。"},
    {"Each filter value must be a string or a number.", "每个筛选值必须是字符串或数字。"},
    {"The text must have 1 to 100 characters.", "文本必须为 1 到 100 个字符。"},
    {"Unknown query parameter.", "未知的查询参数。"},
    {"No such plan.", "抽查计划不存在。"},
    {"No such target in the plan.", "抽查计划中没有该抽查对象类别。"},
    {"The plan's target fixes the pool.", "抽查计划的对象类别已确定企业库，不能再另设筛选。"},
    {"Unknown field.", "未知字段。"},
    {"The year must be {} to {}.", "年份必须在 {} 到 {} 之间。"},
    {"Give 1 to 50 targets.", "请给出 1 到 50 个抽查对象类别。"},
    {"The share must be more than 0 and at most 100.", "抽查比例必须大于 0 且不超过 100。"},
    {"Give 1 to 12 times a year.", "每年抽查次数须为 1 到 12 次。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::inspections
