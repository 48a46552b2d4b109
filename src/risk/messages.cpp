#include "risk/messages.h"

namespace lakeguard::risk {
namespace {

// The risk context's messages: English templates exactly as the sources write them (fmt's `{…}`
// fields as `{}`), and their zh-CN translations (http/messages.h). scripts/check-messages reads
// the entries between the markers: keep each one a {"English", "中文"} pair of string literals.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    // GB 18218-2018 identification and grading (major_hazard.cpp).
    {"There is no GB 18218 Table 1 row {}.", "GB 18218 表1 中没有序号 {}。"},
    {"'{}' is not GB 18218 Table 1 row {}.", "'{}' 不是 GB 18218 表1 序号 {} 的物质。"},
    {"'{}' matches GB 18218 Table 1 rows {} (by composition); give table1_seq or the row's full "
     "name.",
     "'{}' 对应 GB 18218 表1 的多个序号 {}（按组分区分），请给出 table1_seq 或该行的完整名称。"},
    {"CAS {} matches GB 18218 Table 1 rows {} (by composition); give table1_seq or the row's "
     "full name.",
     "CAS 号 {} 对应 GB 18218 表1 的多个序号 {}（按组分区分），请给出 table1_seq "
     "或该行的完整名称。"},
    {"CAS {} is not that of GB 18218 Table 1 row {} ({}).",
     "CAS 号 {} 不是 GB 18218 表1 序号 {}（{}）的 CAS 号。"},
    {"'{}' is not a GB 18218 Table 2 hazard class (J1…J5, W1.1…W11).",
     "'{}' 不是 GB 18218 表2 的危险性类别（J1…J5、W1.1…W11）。"},
    {"The quantity must be from 0 to 100000000 t.", "数量必须在 0 到 100000000 吨之间。"},
    {"Give the substance's name, cas, table1_seq or hazard_class.",
     "请给出该物质的 name、cas、table1_seq 或 hazard_class。"},
    {"'{}' is not in GB 18218 Table 1; give its hazard_class (Table 2, J1…W11).",
     "'{}' 不在 GB 18218 表1 中，请给出其 hazard_class（表2，J1…W11）。"},
    {"GB 18218 Table 1 row {} ({}) has no single hazard class; give hazard_class (Table 2, "
     "J1…W11) for its β.",
     "GB 18218 表1 序号 {}（{}）的危险性类别不唯一，请给出 "
     "hazard_class（表2，J1…W11）以确定校正系数 β。"},
    {"Give 1 to {} substances.", "请给出 1 到 {} 种物质。"},
    {"The number of people must be a whole number from 0 to 100000000.",
     "人数必须是 0 到 100000000 之间的整数。"},

    // LEC and LS (lec.cpp, ls.cpp).
    {"{} must be one of {} (LEC table).", "{} 必须是 {} 之一（LEC 取值表）。"},
    {"L must be a whole number from 1 to 5.", "L 必须是 1 到 5 之间的整数。"},
    {"S must be a whole number from 1 to 5.", "S 必须是 1 到 5 之间的整数。"},

    // Accident grade (accident_grade.cpp).
    {"The number must be a whole number from 0 to 1000000000.",
     "人数必须是 0 到 1000000000 之间的整数。"},
    {"The direct economic loss must be from 0 to 10^15 yuan.",
     "直接经济损失必须在 0 到 10^15 元之间。"},

    // Request bodies (calc_json.cpp).
    {"'{}' must be a JSON number.", "'{}' 必须是数值。"},
    {"'{}' must be 1 to 200 characters.", "'{}' 必须为 1 到 200 个字符。"},
    {"'{}' must be a whole number from {} to {}.", "'{}' 必须是 {} 到 {} 之间的整数。"},
    {"'{}' is not a valid CAS number.", "'{}' 不是有效的 CAS 号。"},
    {"The quantity must not be negative.", "数量不能为负数。"},
    {"The quantity has more than 6 decimal places (tonnes to the gram).",
     "数量超过 6 位小数（以吨计，精确到克）。"},
    {"A substance is a JSON object.", "每种物质必须是 JSON 对象。"},
    {"A hazard class is a string such as \"W5.2\".", "危险性类别必须是字符串，如 \"W5.2\"。"},
    {"'hazard_class' is a Table 2 symbol such as \"W5.2\", or a list of 1 to 24.",
     "'hazard_class' 必须是表2 的类别符号（如 \"W5.2\"），或由 1 到 24 个符号组成的列表。"},

    // Enterprise risk index inputs (index.cpp).
    {"A count must be a whole number from 0 to 1000000.", "数量必须是 0 到 1000000 之间的整数。"},
    {"major_hazard_grade must be 1 to 4 (一级 to 四级) or null.",
     "major_hazard_grade 必须是 1 到 4（一级到四级）或 null。"},
    {"worst_risk_point must be red, orange, yellow, blue or null.",
     "worst_risk_point 必须是 red、orange、yellow、blue 或 null。"},

    // Risk points (points.cpp).
    {"'{}' must be text.", "'{}' 必须是文本。"},
    {"'{}' must be at most {} characters.", "'{}' 最多 {} 个字符。"},
    {"'method' is LEC or LS.", "'method' 必须是 LEC 或 LS。"},
    {"S belongs to LS; LEC takes L, E and C.", "S 属于 LS 法；LEC 法取 L、E、C。"},
    {"E and C belong to LEC; LS takes L and S.", "E 和 C 属于 LEC 法；LS 法取 L、S。"},
    {"'assessed_at' must be a date (YYYY-MM-DD).", "'assessed_at' 必须是日期（YYYY-MM-DD）。"},

    // The four-colour map list (service.cpp).
    {"'colour' is red, orange, yellow or blue.", "'colour' 必须是 red、orange、yellow 或 blue。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::risk
