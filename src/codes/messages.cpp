#include "codes/messages.h"

namespace lakeguard::codes {
namespace {

// codes' messages: English templates exactly as the sources write them, and their zh-CN
// translations. Generic ones are the platform's or other contexts'. scripts/check-messages reads
// the entries between the markers.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    {"The text of a QR code must be 1 to 200 bytes.", "二维码内容须为 1 到 200 字节。"},
    {"The QR code could not be encoded.", "无法生成二维码。"},
    {"'{}' contains a control or invisible formatting character.",
     "'{}' 含有控制字符或不可见格式字符。"},
    {"'{}' must be a date (YYYY-MM-DD).", "'{}' 必须是日期（YYYY-MM-DD）。"},
    {"'category' must be one of the eleven categories of the special-operations catalogue "
     "(特种作业目录).",
     "'category' 必须是特种作业目录中的十一类作业之一。"},
    {"'certificate_no' must be 4 to 40 letters, digits or '-'.",
     "'certificate_no' 须为 4 到 40 位字母、数字或 '-'。"},
    {"'trained_on' may not lie in the future.", "'trained_on' 不能晚于今天。"},
    {"'open_violation' must be true or false.", "'open_violation' 必须是 true 或 false。"},
    {"Your role may not record special-operations workers.", "您的角色无权登记特种作业人员。"},
    {"A worker with this certificate number is already recorded.", "该证书编号的人员已登记。"},
    {"Only the enterprise's own user may claim its codes.",
     "只有本企业用户可以认领本企业的安全码。"},
    {"This code is already claimed.", "该安全码已被认领。"},
    {"No such code.", "没有这个安全码。"},
    {"'module_px' must be 1 to 32.", "'module_px' 必须在 1 到 32 之间。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::codes
