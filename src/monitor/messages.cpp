#include "monitor/messages.h"

namespace lakeguard::monitor {
namespace {

// monitor's messages: English templates exactly as the sources write them, and their zh-CN
// translations. scripts/check-messages reads the entries between the markers.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    {"The field 'ts' is missing.", "缺少字段 'ts'。"},
    {"'ts' must be epoch milliseconds or ISO 8601 with an offset.",
     "'ts' 必须是毫秒时间戳或带时区偏移的 ISO 8601 时间。"},
    {"'ts' must be after 2000-01-01 and at most {} s in the future.",
     "'ts' 必须晚于 2000-01-01，且最多超前当前时间 {} 秒。"},
    {"The field 'value' is missing.", "缺少字段 'value'。"},
    {"The value of '{}' must be a number.", "'{}' 的值必须是数字。"},
    {"The value of '{}' must be a finite number.", "'{}' 的值必须是有限数字。"},
    {"A metric name is 1–40 characters: a lower-case letter, then lower-case letters, digits or "
     "'_'.",
     "指标名为 1–40 个字符：以小写字母开头，其后为小写字母、数字或 '_'。"},
    {"The payload is longer than {} bytes.", "报文超过 {} 字节。"},
    {"The topic must be lakeguard/v1/telemetry/{device_code}.",
     "主题必须为 lakeguard/v1/telemetry/{device_code}。"},
    {"The payload must be one JSON object.", "报文必须是一个 JSON 对象。"},
    {"'values' must be an object of metric → number.", "'values' 必须是“指标 → 数值”的对象。"},
    {"'values' holds more than {} metrics.", "'values' 包含超过 {} 个指标。"},
    {"The field 'metric' (or 'values') is missing.", "缺少字段 'metric'（或 'values'）。"},
    {"The line is longer than {} bytes.", "该行超过 {} 字节。"},
    {"The line must be one JSON object.", "每行必须是一个 JSON 对象。"},
    {"The field 'device_code' is missing.", "缺少字段 'device_code'。"},
    {"No device has this code.", "没有此编码的设备。"},
    {"The field 'metric' is missing.", "缺少字段 'metric'。"},
    {"The device does not report this metric.", "该设备不上报此指标。"},
    {"The token is not valid.", "令牌无效。"},
    {"Only a telemetry token or an administrator may post telemetry.",
     "只有遥测令牌或管理员可以上报遥测数据。"},
    {"A request may hold at most {} lines.", "一次请求最多 {} 行。"},
    {"'metric' must be a metric name, e.g. rain_mm.", "'metric' 必须是指标名，例如 rain_mm。"},
    {"'{}' must be an ISO 8601 time with an offset.", "'{}' 必须是带时区偏移的 ISO 8601 时间。"},
    {"'step' must be auto, raw, 1m or 1h.", "'step' 必须是 auto、raw、1m 或 1h。"},
    {"'metric' is required.", "必须提供 'metric'。"},
    {"'from' must be before 'to'.", "'from' 必须早于 'to'。"},
    {"The range holds more than {} points at this step: choose a coarser step or a shorter "
     "range.",
     "该范围在此步长下超过 {} 个点：请选择更粗的步长或更短的范围。"},
    {"Only an administrator may manage telemetry tokens.", "只有管理员可以管理遥测令牌。"},
    {"'name' must be 1 to 100 characters on one line.", "'name' 须为 1 到 100 个字符且为单行。"},
    {"Send telemetry as application/x-ndjson.", "请以 application/x-ndjson 格式上报遥测数据。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::monitor
