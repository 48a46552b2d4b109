#include "duty/messages.h"

namespace lakeguard::duty {
namespace {

// duty's messages: English templates exactly as the sources write them, and their zh-CN
// translations. Generic ones are the platform's or other contexts'. scripts/check-messages reads
// the entries between the markers.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    {"'ends_at' must be after 'starts_at'.", "'ends_at' 必须晚于 'starts_at'。"},
    {"A shift lasts 1 to 48 hours.", "一个班次时长须为 1 到 48 小时。"},
    {"A shift needs somebody on duty.", "班次须安排值班人员。"},
    {"A shift needs a leader on duty (带班领导).", "班次须安排带班领导。"},
    {"A shift has one leader on duty (带班领导), not several.", "一个班次只能有一名带班领导。"},
    {"Each person appears once in a shift.", "同一人在一个班次中只能出现一次。"},
    {"The shift overlaps shift {} of the same unit.", "该班次与本单位班次 {} 时间重叠。"},
    {"Person {} is already on duty in shift {} at that time.",
     "人员 {} 在该时段已安排在班次 {} 值班。"},
    {"'{}' must be a time with an offset, e.g. 2026-12-07T08:00:00+08:00.",
     "'{}' 必须是带时区的时间，例如 2026-12-07T08:00:00+08:00。"},
    {"A shift's unit cannot change; create a new shift.", "班次的单位不能更改，请新建班次。"},
    {"'unit_code' must be a district or town code.", "'unit_code' 必须是本区或镇街的代码。"},
    {"'people' must be a list of {user_id, role}.", "'people' 必须是 {user_id, role} 的列表。"},
    {"A shift has at most {} people.", "一个班次最多 {} 人。"},
    {"'user_id' must be a user's id.", "'user_id' 必须是用户编号。"},
    {"'role' must be leader, officer or standby.",
     "'role' 必须是 leader（带班领导）、officer（值班员）或 standby（备班）。"},
    {"'open_items' must be a list of texts.", "'open_items' 必须是文本列表。"},
    {"At most {} open items.", "未办结事项最多 {} 项。"},
    {"'kind' must be report, handling, assignment or other.",
     "'kind' 必须是 report（接报）、handling（处置）、assignment（交办）或 other（其他）。"},
    {"'phone' must be a phone number (digits, '-', '+', spaces).",
     "'phone' 必须是电话号码（数字、'-'、'+'、空格）。"},
    {"User {} does not exist.", "用户 {} 不存在。"},
    {"User {} does not belong to this unit.", "用户 {} 不属于该单位。"},
    {"'to' must be after 'from'.", "'to' 必须晚于 'from'。"},
    {"A list covers at most six weeks.", "一次最多查询六周。"},
    {"Your role may not keep a duty rota.", "您的角色无权编排值班表。"},
    {"This unit's rota is outside your jurisdiction.", "该单位的值班表不在您的管辖范围内。"},
    {"The shift has a handover or log entries and cannot be removed.",
     "该班次已有交接班或值班日志，不能删除。"},
    {"Only the leader or an officer of this shift may write its handover.",
     "只有本班次的带班领导或值班员可以填写交接班。"},
    {"This shift's handover is already written.", "本班次的交接班已填写。"},
    {"The unit has no next shift to hand over to.", "本单位没有可交接的下一班次。"},
    {"Only a person of the incoming shift may acknowledge the handover.",
     "只有接班班次的人员可以确认交接。"},
    {"This handover is already acknowledged.", "该交接班已确认。"},
    {"'state' must be written or acknowledged.", "'state' 必须是 written 或 acknowledged。"},
    {"Your role may not write the duty log.", "您的角色无权填写值班日志。"},
    {"'at' must lie within the shift.", "'at' 必须在班次时间之内。"},
    {"'at' may not lie in the future.", "'at' 不能晚于当前时间。"},
    {"Your role may not change this phone number.", "您的角色无权修改该电话号码。"},
    {"'notes' is required.", "'notes' 为必填项。"},
    {"'text' is required.", "'text' 为必填项。"},
    {"'phone' is required.", "'phone' 为必填项。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::duty
