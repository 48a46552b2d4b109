#include "alarms/messages.h"

namespace lakeguard::alarms {
namespace {

// alarms' messages: English templates exactly as the sources write them, and their zh-CN
// translations. scripts/check-messages reads the entries between the markers.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    // The lifecycle (alarms lifecycle.cpp).
    {"'{}' is not possible while the alarm is {}.", "告警当前状态为 {1}，不能执行 '{0}'。"},

    // Rule bodies (alarms rules.cpp).
    {"'{}' must be a finite number.", "'{}' 必须是有限数值。"},
    {"'{}' must be whole seconds from {} to {}.", "'{}' 必须是 {} 到 {} 之间的整数秒。"},
    {"'{}' is one of blue, yellow, orange, red.", "'{}' 只能是 blue、yellow、orange 或 red。"},
    {"Unknown or read-only field '{}'.", "未知或只读字段 '{}'。"},
    {"'{}' of a rule cannot change.", "规则的 '{}' 不能修改。"},
    {"'{}' of a built-in rule cannot change.", "内置规则的 '{}' 不能修改。"},
    {"'name' is 1 to 64 of a-z, 0-9, '_' and '-'.",
     "'name' 须为 1 到 64 个 a-z、0-9、'_' 或 '-' 字符。"},
    {"'type' is threshold or offline.", "'type' 只能是 threshold 或 offline。"},
    {"The name 'rainstorm' belongs to the built-in rule.", "名称 'rainstorm' 属于内置规则。"},
    {"Give exactly one of 'device_id' and 'device_kind'.",
     "'device_id' 与 'device_kind' 须且只能填写其一。"},
    {"'device_id' must be the id of a device.", "'device_id' 必须是设备的 id。"},
    {"'device_kind' is 1 to 64 of a-z, 0-9, '_' and '-'.",
     "'device_kind' 须为 1 到 64 个 a-z、0-9、'_' 或 '-' 字符。"},
    {"'metric' is 1 to 64 of a-z, 0-9, '_' and '-'.",
     "'metric' 须为 1 到 64 个 a-z、0-9、'_' 或 '-' 字符。"},
    {"'enabled' is true or false.", "'enabled' 只能是 true 或 false。"},
    {"'description' is text of at most 500 bytes.", "'description' 须为不超过 500 字节的文本。"},
    {"'{}' does not apply to a {} rule.", "'{}' 不适用于 {} 类型的规则。"},
    {"'comparison' is ge or le.", "'comparison' 只能是 ge 或 le。"},
    {"'levels' maps at least one of blue, yellow, orange, red to a threshold.",
     "'levels' 须至少为 blue、yellow、orange、red 中的一个级别给出阈值。"},
    {"A higher level needs a stricter threshold (increasing for ge, decreasing for le).",
     "级别越高阈值越严格（ge 须递增，le 须递减）。"},
    {"'rate_per_min' is true or false.", "'rate_per_min' 只能是 true 或 false。"},
    {"'hysteresis' must not be negative.", "'hysteresis' 不能为负数。"},
    {"'after_s' is required.", "'after_s' 为必填项。"},
    {"'criteria' maps levels to {\"window_h\", \"mm\"}.",
     "'criteria' 须将级别映射为 {\"window_h\", \"mm\"}。"},
    {"A criterion's window is over 0 to 24 h and its rain over 0 to 10000 mm.",
     "判据的时段须大于 0 且不超过 24 小时，雨量须大于 0 且不超过 10000 毫米。"},

    // The service (alarms service.cpp).
    {"Your role may not act on alarms.", "您的角色无权处置告警。"},
    {"Your role may not edit alarm rules.", "您的角色无权编辑告警规则。"},
    {"'note' is text of at most 2000 bytes.", "'note' 须为不超过 2000 字节的文本。"},
    {"The alarm changed meanwhile; reload it.", "告警已被他人修改，请重新加载。"},
    {"The rule changed meanwhile; reload it.", "规则已被他人修改，请重新加载。"},
    {"A rule named '{}' exists already.", "名为 '{}' 的规则已存在。"},
    {"'status' is one of: open, claimed, verified, converted, closed, dismissed.",
     "'status' 只能是 open、claimed、verified、converted、closed 或 dismissed。"},
    {"'level' is one of: blue, yellow, orange, red.",
     "'level' 只能是 blue、yellow、orange 或 red。"},
    {"'device_id' must be a whole number.", "'device_id' 必须是整数。"},
    {"'sort' is one of last_seen, first_seen, id, level (with '-' for descending).",
     "'sort' 只能是 last_seen、first_seen、id、level（前加 '-' 表示降序）。"},
    {"Unknown query parameter '{}' for alarms.", "告警列表不支持查询参数 '{}'。"},
    {"An alarm is converted by opening an incident from it (POST /api/v1/incidents with alarm_id).",
     "告警须通过从其创建突发事件来转为事件（POST /api/v1/incidents，带 alarm_id）。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::alarms
