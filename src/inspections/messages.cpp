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
    // 掌上执法: templates, tasks, items, penalties (inspections).
    {"'draw_id' must be a whole number.", "'draw_id' 必须是整数。"},
    {"The task is {}; '{}' is not possible.", "检查任务当前为 {}，不能执行 '{}'。"},
    {"A drawn enterprise is no longer in your scope.", "抽中的企业已不在您的管辖范围内。"},
    {"A failed item needs a note of what was found.", "不符合项必须填写发现的问题。"},
    {"Each item is {\"text\", \"basis\"}.", "每个检查项为 {\"text\", \"basis\"}。"},
    {"Findings are reported from a task in progress or completed; it is {}.",
     "只有检查中或已完成的任务才能上报隐患；当前为 {}。"},
    {"For {} the amount must be {} to {} yuan.", "{}阶次的罚款金额必须在 {} 到 {} 元之间。"},
    {"Give 1 to 10 inspectors.", "请指定 1 到 10 名执法人员。"},
    {"Give 1 to 100 items.", "请给出 1 到 100 个检查项。"},
    {"Give both lon and lat, or neither.", "经度和纬度须同时提供或同时省略。"},
    {"Item {} is not recorded yet; record every item first.",
     "第 {} 项尚未检查，请先完成所有检查项。"},
    {"Items are recorded while the task is in progress; it is {}.",
     "只有检查中的任务才能记录检查项；当前为 {}。"},
    {"Latitude must be 3 to 54 (GCJ-02).", "纬度必须在 3 到 54 之间（GCJ-02）。"},
    {"Longitude must be 73 to 136 (GCJ-02).", "经度必须在 73 到 136 之间（GCJ-02）。"},
    {"No such inspector in your scope.", "您的管辖范围内没有该执法人员。"},
    {"No such item.", "检查项不存在。"},
    {"No such template.", "检查表不存在。"},
    {"No such violation in the discretion benchmark.", "裁量基准中没有该违法行为。"},
    {"Only a failed item becomes a hidden danger.", "只有不符合项才能转为隐患。"},
    {"Penalties are decided on a task in progress or completed; it is {}.",
     "只有检查中或已完成的任务才能作出行政处罚；当前为 {}。"},
    {"The draw already has its tasks.", "该抽取已生成检查任务。"},
    {"The draw is not revealed yet.", "抽取尚未揭晓。"},
    {"The item got a hidden danger meanwhile.", "该检查项已同时转为隐患。"},
    {"The item has no photo.", "该检查项没有照片。"},
    {"The item is already hidden danger {}.", "该检查项已转为隐患 {}。"},
    {"The note must be valid text of at most 500 characters.",
     "说明必须是不超过 500 个字符的有效文本。"},
    {"The inspection task changed meanwhile; reload it.", "检查任务已被修改，请刷新后重试。"},
    {"The template changed meanwhile; try again.", "检查表已被修改，请重试。"},
    {"The template is used by inspection tasks.", "检查表已被检查任务使用。"},
    {"The violation has no such discretion level.", "该违法行为没有此裁量阶次。"},
    {"This field must be text.", "该字段必须是文本。"},
    {"Use assigned, in_progress, completed or cancelled.",
     "请使用 assigned、in_progress、completed 或 cancelled。"},
    {"Use pass, fail or na.", "请使用 pass、fail 或 na。"},
    {"Use start, complete or cancel.", "请使用 start、complete 或 cancel。"},
    {"Use true or false.", "请使用 true 或 false。"},
    {"Use 轻微, 一般, 较重 or 严重.", "请使用 轻微、一般、较重 或 严重。"},
    {"Your role may not record this task.", "您的角色不能记录该检查任务。"},
    {"Your role may not take this action on the task.", "您的角色不能对该检查任务执行此操作。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::inspections
