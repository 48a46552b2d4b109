#include "incidents/messages.h"

namespace lakeguard::incidents {
namespace {

// incidents' messages: English templates exactly as the sources write them (fmt's `{…}` fields
// as `{}`), and their zh-CN translations (http/messages.h). Generic ones are the platform's
// (src/http/messages.cpp) or other contexts'. scripts/check-messages reads the entries between
// the markers: keep each one a {"English", "中文"} pair of string literals.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    // The instruction state machine (instructions.cpp).
    {"Only the task's assignee may {} it.", "只有任务的承办人可以执行 '{}'。"},
    {"'{}' is not possible while the task is {}.", "任务当前状态为 {1}，不能执行 '{0}'。"},
    // Activation (activation.cpp).
    {"The plan has no tasks at response level {}.", "该预案在 {} 级响应下没有任务。"},
    // Requests (requests.cpp).
    {"'town_code' must be a 9-digit town code.", "'town_code' 必须是 9 位镇街代码。"},
    {"'community_code' must be a 12-digit community code of the town.",
     "'community_code' 必须是该镇街下的 12 位社区代码。"},
    {"'lon' and 'lat' go together.", "'lon' 和 'lat' 须同时提供。"},
    {"'action' must be one of level_up, level_down, close, note.",
     "'action' 必须是 level_up、level_down、close、note 之一。"},
    {"'action' must be one of read, accept, feedback, done, reject.",
     "'action' 必须是 read、accept、feedback、done、reject 之一。"},
    {"'photo_sha256' must be a lowercase hex SHA-256 (64 digits).",
     "'photo_sha256' 必须是小写十六进制 SHA-256（64 位）。"},
    {"'text', 'lon', 'lat' and 'photo_sha256' go with feedback only.",
     "'text'、'lon'、'lat' 和 'photo_sha256' 仅用于反馈（feedback）。"},
    {"'reason' goes with reject only.", "'reason' 仅用于拒绝（reject）。"},
    // The service (service.cpp) and routes (api.cpp).
    {"Your role may not command incidents.", "您的角色无权指挥处置突发事件。"},
    {"'town_code' is outside your jurisdiction.", "'town_code' 不在您的管辖范围内。"},
    {"The incident is closed.", "该事件已结束。"},
    {"The response level is already Ⅰ (the highest).", "响应级别已是最高的Ⅰ级。"},
    {"The response level is already Ⅳ (the lowest).", "响应级别已是最低的Ⅳ级。"},
    {"The incident changed meanwhile; reload it.", "该事件已被他人修改，请刷新后重试。"},
    {"The task changed meanwhile; reload it.", "该任务已被他人修改，请刷新后重试。"},
    {"Only a district officer may run the escalation pass.", "只有区级人员可以运行逾期升级督办。"},
    {"'status' must be open or closed.", "'status' 必须是 open 或 closed。"},
    {"'format' must be html or text.", "'format' 必须是 html 或 text。"},
    {"'{}' must be from {} to {}.", "'{}' 必须在 {} 到 {} 之间。"},
    {"'response_level' is required.", "'response_level' 为必填项。"},
    {"'plan_id' is required.", "'plan_id' 为必填项。"},
    // Incident response (requests.cpp, response.cpp, service.cpp, channels.cpp).
    {"'alarm_id' must be the id of an alarm.", "'alarm_id' 必须是告警的 ID。"},
    {"'{}' must be a positive integer id.", "'{}' 必须是正整数 ID。"},
    {"'kind' must be team or stock.", "'kind' 必须是 team 或 stock。"},
    {"'team_id' is required for a team request.", "调度救援队伍时 'team_id' 为必填项。"},
    {"'{}' goes with a stock request only.", "'{}' 仅用于物资调度。"},
    {"'team_id' goes with a team request only.", "'team_id' 仅用于救援队伍调度。"},
    {"'warehouse_id' is required for a stock request.", "调度物资时 'warehouse_id' 为必填项。"},
    {"'stock_id' is required for a stock request.", "调度物资时 'stock_id' 为必填项。"},
    {"'quantity' is required for a stock request.", "调度物资时 'quantity' 为必填项。"},
    {"'quantity' must be greater than 0.", "'quantity' 必须大于 0。"},
    {"'action' must be one of dispatch, arrive, cancel.",
     "'action' 必须是 dispatch、arrive、cancel 之一。"},
    {"'findings' must be an array.", "'findings' 必须是数组。"},
    {"'findings' holds at most {} entries.", "'findings' 最多 {} 项。"},
    {"'class' must be 一般 or 重大.", "'class' 必须是 一般 或 重大。"},
    {"'{}' is not possible while the request is {}.", "调度申请当前状态为 {1}，不能执行 '{0}'。"},
    {"'{}' is taken from the alarm; do not send it.", "'{}' 取自告警，请勿提供。"},
    {"No such alarm in your scope.", "您的管辖范围内没有该告警。"},
    {"An incident was opened from this alarm already.", "该告警已创建过突发事件。"},
    {"No such team in your scope.", "您的管辖范围内没有该救援队伍。"},
    {"No such warehouse in your scope.", "您的管辖范围内没有该物资仓库。"},
    {"No such stock item in the warehouse.", "该仓库中没有该物资。"},
    {"'quantity' is more than the {} {} on hand.", "'quantity' 超过库存（现有 {} {}）。"},
    {"The request changed meanwhile; reload it.", "该调度申请已被他人修改，请刷新后重试。"},
    {"The incident is still open; review it once it is closed.",
     "该事件仍在处置中，请在事件结束后复盘。"},
    {"The incident has been reviewed already.", "该事件已完成复盘。"},
    {"webhook answered {} after {} attempts", "Webhook 在 {1} 次尝试后返回 {0}"},
    {"webhook did not answer after {} attempts", "Webhook 在 {} 次尝试后仍无应答"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::incidents
