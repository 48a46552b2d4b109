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
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::incidents
