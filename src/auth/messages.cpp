#include "auth/messages.h"

namespace lakeguard::auth {
namespace {

// auth's messages (sessions, users, tokens): English templates exactly as the sources write them
// (fmt's `{…}` fields as `{}`), and their zh-CN translations (http/messages.h).
// scripts/check-messages reads the entries between the markers: keep each one a {"English", "中文"}
// pair of string literals.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    // Sessions, users, tokens, idempotency (auth).
    {"Too many failed logins; wait before trying again.", "登录失败次数过多，请稍后再试。"},
    {"Wrong username or password.", "用户名或密码错误。"},
    {"The session or token is not valid.", "会话或令牌无效。"},
    {"The session has expired; please log in again.", "会话已过期，请重新登录。"},
    {"The session has ended; please log in again.", "会话已结束，请重新登录。"},
    {"Use 'Authorization: Bearer <token>'.", "请使用 'Authorization: Bearer <token>'。"},
    {"This API token is read-only.", "此 API 令牌为只读。"},
    {"Missing X-Requested-With: lakeguard header (CSRF protection).",
     "缺少请求头 X-Requested-With: lakeguard（CSRF 防护）。"},
    {"The username must be 1–64 characters.", "用户名必须为 1–64 个字符。"},
    {"Use letters, digits, '_', '-' and '.' only.", "只能使用字母、数字、'_'、'-' 和 '.'。"},
    {"The scope must be a 6, 9 or 12-digit code.", "管辖范围必须是 6、9 或 12 位代码。"},
    {"The password must have at least 8 characters.", "密码至少需要 8 个字符。"},
    {"The password is longer than 1024 characters.", "密码超过 1024 个字符。"},
    {"No such enterprise.", "企业不存在。"},
    {"No such jurisdiction.", "行政区划不存在。"},
    {"A user with this username exists.", "该用户名已存在。"},
    {"No such user.", "用户不存在。"},
    {"The display name must be 1–100 characters.", "显示名称必须为 1–100 个字符。"},
    {"Give a jurisdiction or an enterprise, not both.", "请指定行政区划或企业，二者只能选其一。"},
    {"This change would leave no active admin.", "此修改会导致没有可用的管理员。"},
    {"Give the token a name of 1–100 characters.", "请为令牌设置 1–100 个字符的名称。"},
    {"No such token.", "令牌不存在。"},
    {"This role needs the district scope.", "该角色的管辖范围必须是全区。"},
    {"A town officer needs a town (9-digit) scope.",
     "镇街应急办角色的管辖范围必须是镇街（9 位代码）。"},
    {"A community officer needs a community (12-digit) scope.",
     "村社角色的管辖范围必须是村社（12 位代码）。"},
    {"An enterprise user needs an enterprise.", "企业安全管理员必须关联一家企业。"},
    {"A viewer needs a jurisdiction scope.", "只读用户的管辖范围必须是行政区划。"},
    {"Unknown role.", "未知角色。"},
    {"'password' is required.", "'password' 为必填项。"},
    {"Must be a string.", "必须是字符串。"},
    {"Must be an id.", "必须是 ID（整数）。"},
    {"Must be a boolean.", "必须是布尔值（true 或 false）。"},
    {"'ttl_s' must be 60 s to 10 years.", "'ttl_s' 必须在 60 秒到 10 年之间。"},
    {"Only admins read the audit log.", "只有管理员可以查看审计日志。"},
    {"'role' is required.", "'role' 为必填项。"},
    {"API tokens are created from a login session, not with a token.",
     "API 令牌只能在登录会话中创建，不能用令牌创建。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::auth
