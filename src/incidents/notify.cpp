#include "incidents/notify.h"

#include <fmt/format.h>

namespace lakeguard::incidents {

std::string callout_text(int64_t incident_id, std::string_view title, std::string_view plan_title,
                         std::string_view level_name) {
  return fmt::format("【应急响应启动】#{} {}（{}）已启动{}响应，请立即查看并签收任务。",
                     incident_id, title, plan_title, level_name);
}

}  // namespace lakeguard::incidents
