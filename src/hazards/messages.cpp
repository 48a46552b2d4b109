#include "hazards/messages.h"

namespace lakeguard::hazards {
namespace {

// hazards' messages: English templates exactly as the sources write them (fmt's `{…}` fields as
// `{}`), and their zh-CN translations (http/messages.h). Generic ones ("'{}' is required.") are
// the platform's (src/http/messages.cpp) or the registry's. scripts/check-messages reads the
// entries between the markers: keep each one a {"English", "中文"} pair of string literals.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    // The state machine (hazards lifecycle.cpp).
    {"Your role may not {} hidden dangers.", "您的角色无权对隐患执行 '{}'。"},
    {"Only a district officer may {} a 重大 hidden danger.",
     "只有区级人员可以对重大隐患执行 '{}'。"},
    {"'{}' is not possible while the hidden danger is {}.", "隐患当前状态为 {1}，不能执行 '{0}'。"},
    {"A 重大 hidden danger needs a remediation plan before it is confirmed; attach one with the "
     "plan action.",
     "重大隐患须先制定治理方案才能确认，请先用 plan 操作提交治理方案。"},

    // Requests and list queries (hazards requests.cpp).
    {"'{}' must not contain control characters.", "'{}' 不能包含控制字符。"},
    {"'{}' must not be before today ({}).", "'{}' 不能早于今天（{}）。"},
    {"'{}' must be within {} days from today.", "'{}' 必须在今天起 {} 天以内。"},
    {"'funds_yuan' is required.", "'funds_yuan' 为必填项。"},
    {"'funds_yuan' must be a number of yuan.", "'funds_yuan' 必须是以元为单位的数值。"},
    {"'funds_yuan' must be from 0 to 1000000000000 yuan.",
     "'funds_yuan' 必须在 0 到 1000000000000 元之间。"},
    {"'enterprise_id' is required.", "'enterprise_id' 为必填项。"},
    {"'enterprise_id' must be the id of an enterprise.", "'enterprise_id' 必须是企业的 id。"},
    {"'found_at' must be an ISO 8601 time with an offset or epoch milliseconds.",
     "'found_at' 必须是带时区偏移的 ISO 8601 时间或毫秒时间戳。"},
    {"'found_at' must lie between 2000 and now.", "'found_at' 必须在 2000 年到现在之间。"},
    {"'action' is required.", "'action' 为必填项。"},
    {"'action' must be a string.", "'action' 必须是字符串。"},
    {"Unknown action '{}'; it is one of: {}.", "未知操作 '{}'，可选操作为：{}。"},
    {"'status' is one of: reported, rectifying, submitted, closed.",
     "'status' 只能是 reported、rectifying、submitted 或 closed。"},
    {"'class' is 一般 or 重大.", "'class' 只能是 一般 或 重大。"},
    {"'source' is one of: self_check, inspection, report, public.",
     "'source' 只能是 self_check、inspection、report 或 public。"},
    {"'{}' is a 9-digit town/street code.", "'{}' 必须是 9 位镇街代码。"},
    {"'{}' is a 12-digit community/village code.", "'{}' 必须是 12 位村社代码。"},
    {"'enterprise_id' must be a whole number.", "'enterprise_id' 必须是整数。"},
    {"'overdue' is true or false.", "'overdue' 只能是 true 或 false。"},
    {"'sort' is one of id, deadline, found_at, created_at, updated_at (with '-' for descending).",
     "'sort' 只能是 id、deadline、found_at、created_at、updated_at（前加 '-' 表示降序）。"},
    {"Unknown query parameter '{}' for hazards.", "隐患列表不支持查询参数 '{}'。"},

    // The service (hazards service.cpp).
    {"Your role may not report hidden dangers.", "您的角色无权上报隐患。"},
    {"An enterprise user reports its own self-checks (source self_check).",
     "企业用户只能上报本企业自查发现的隐患（source 为 self_check）。"},
    {"No such enterprise in your scope.", "企业不存在或不在您的管辖范围内。"},
    {"The plan's deadline has passed; give a deadline or revise the plan.",
     "治理方案的期限已过，请填写整改期限或修订治理方案。"},
    {"The hidden danger changed (version {} now, {} expected); reload it.",
     "隐患已被修改（当前版本 {}，预期版本 {}），请重新加载。"},
    {"The hidden danger changed meanwhile; reload it.", "隐患已被他人修改，请重新加载。"},

    // Supervision and photos (hazards requests.cpp, service.cpp).
    {"'photos' must be a list of at most 20 photo hashes (64 lowercase hex characters).",
     "'photos' 必须是最多 20 个照片哈希值（64 位小写十六进制字符）的列表。"},
    {"'status' is one of: open, closed, all.", "'status' 只能是 open、closed 或 all。"},
    {"Photo {} is not attached to this hidden danger; upload it first.",
     "照片 {} 未附加到该隐患，请先上传。"},
    {"A photo may be at most {} bytes.", "照片最大为 {} 字节。"},
    {"A photo must be a JPEG, PNG or WebP image (sent as image/jpeg, image/png, image/webp or "
     "application/octet-stream).",
     "照片必须是 JPEG、PNG 或 WebP 图片（以 image/jpeg、image/png、image/webp 或 "
     "application/octet-stream 发送）。"},
    {"Your role may not add photos to this hidden danger.", "您的角色无权为该隐患添加照片。"},
    {"Photos are added while the hidden danger is reported or rectifying; it is {}.",
     "隐患处于已上报或整改中时才能添加照片，当前状态为 {}。"},
    {"Only a district officer may run the hidden-danger scheduler.",
     "只有区级人员可以运行隐患督办调度。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::hazards
