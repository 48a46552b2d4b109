#include "alerts/messages.h"

namespace lakeguard::alerts {
namespace {

// alerts' messages: English templates exactly as the sources write them (fmt's `{…}` fields as
// `{}`), and their zh-CN translations. Generic ones ("'{}' is required.") are the platform's
// (src/http/messages.cpp). scripts/check-messages reads the entries between the markers.
constexpr MessageTemplate kCatalog[] = {
    // BEGIN CATALOG
    // The workflow (alerts workflow.cpp).
    {"Your role may not {} warnings.", "您的角色无权对预警执行 '{}'。"},
    {"The drafter of a warning may not approve it; a second officer approves.",
     "预警的起草人不能审核自己起草的预警，须由另一名人员审核。"},
    {"'{}' is not possible while the warning is {}.", "预警当前状态为 {1}，不能执行 '{0}'。"},

    // Requests and list queries (alerts requests.cpp).
    {"'{}' must be an ISO 8601 time with an offset or epoch milliseconds.",
     "'{}' 必须是带时区偏移的 ISO 8601 时间或毫秒时间戳。"},
    {"'geometry': a polygon needs one ring of [lon, lat] positions.",
     "'geometry'：多边形需要一个由 [经度, 纬度] 组成的环。"},
    {"'geometry': a CAP polygon has no holes; send the outer ring only.",
     "'geometry'：CAP 多边形不能有洞，请只发送外环。"},
    {"'geometry': a ring needs at least four positions, the last equal to the first.",
     "'geometry'：环至少需要四个点，且最后一点与第一点相同。"},
    {"'geometry': a ring may have at most {} positions.", "'geometry'：一个环最多 {} 个点。"},
    {"'geometry': each position is [lon, lat] in WGS-84 degrees.",
     "'geometry'：每个点须为 WGS-84 度数的 [经度, 纬度]。"},
    {"'geometry': each ring must end where it starts.", "'geometry'：每个环的终点必须与起点相同。"},
    {"'geometry': the polygon has no area.", "'geometry'：多边形面积为零。"},
    {"'geometry' is required.", "'geometry' 为必填项。"},
    {"'geometry' must be a GeoJSON Polygon or MultiPolygon, or a circle with center [lon, lat] "
     "and radius_m.",
     "'geometry' 必须是 GeoJSON Polygon 或 MultiPolygon，或带 center [经度, 纬度] 和 radius_m "
     "的圆。"},
    {"'geometry': unknown member '{}' of a circle.", "'geometry'：圆不支持成员 '{}'。"},
    {"'geometry': the circle's center is [lon, lat] in WGS-84 degrees.",
     "'geometry'：圆心须为 WGS-84 度数的 [经度, 纬度]。"},
    {"'geometry': the circle's radius_m must be more than 0 and at most 200000.",
     "'geometry'：圆的 radius_m 必须大于 0 且不超过 200000。"},
    {"'geometry': a MultiPolygon holds 1 to {} polygons.",
     "'geometry'：MultiPolygon 须包含 1 到 {} 个多边形。"},
    {"'colour' is required.", "'colour' 为必填项。"},
    {"'colour' must be one of: blue, yellow, orange, red.",
     "'colour' 只能是 blue、yellow、orange 或 red。"},
    {"'expires' must be after 'effective'.", "'expires' 必须晚于 'effective'。"},
    {"'expires' must be at most 30 days after 'effective'.",
     "'expires' 不能晚于 'effective' 之后 30 天。"},
    {"'expires' must be in the future.", "'expires' 必须是将来的时间。"},
    {"'town_code' must be the 9-digit code of a town of the district.",
     "'town_code' 必须是本区镇街的 9 位代码。"},
    {"'en' must be an object with headline, description, instruction.",
     "'en' 必须是包含 headline、description、instruction 的对象。"},
    {"Unknown field 'en.{}'.", "未知字段 'en.{}'。"},
    {"'source_alarm_id' must be the id of an alarm.", "'source_alarm_id' 必须是报警的 id。"},
    {"'status' is one of: draft, approved, published, updated, cancelled.",
     "'status' 只能是 draft、approved、published、updated 或 cancelled。"},
    {"Unknown query parameter '{}' for warnings.", "预警列表不支持查询参数 '{}'。"},

    // The service (alerts service.cpp).
    {"Your role may not draft warnings.", "您的角色无权起草预警。"},
    {"Only the drafter edits a draft.", "只有起草人可以修改预警草稿。"},
    {"Only a draft can be edited; the warning is {}.", "只能修改草稿状态的预警；该预警当前为 {}。"},
    {"The warning changed (version {} now, {} expected); reload it.",
     "预警已被修改（当前版本 {}，预期版本 {}），请重新加载。"},
    {"The warning changed meanwhile; reload it.", "预警已被他人修改，请重新加载。"},
    {"The warning has expired; draft a new one.", "预警已过期，请重新起草。"},
    {"The warning this message refers to is no longer published; it was updated or cancelled "
     "meanwhile.",
     "该消息所引用的预警已不在发布状态，可能已被更新或解除。"},
    {"Ten messages were already published this second; publish again.",
     "本秒内已发布十条消息，请稍后重新发布。"},
    // END CATALOG
};

}  // namespace

std::span<const MessageTemplate> messages() { return kCatalog; }

}  // namespace lakeguard::alerts
