#pragma once
// 一键通 (one-touch notification, issue 11 item 3): the delivery seam, in the shape of hazards'
// NoticeSender. One callout per responsible person of an activation; each channel answers
// whether it took it, and the service keeps a receipt per person and channel (pending → sent or
// failed; read once the person reads one of the activation's tasks). The log channel ships
// (service.h); SMS and voice gateways are external systems behind this interface. Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lakeguard::incidents {

struct Callout {
  int64_t receipt_id = 0;
  int64_t incident_id = 0;
  int64_t activation_id = 0;
  int64_t user_id = 0;
  std::string text;  // zh-CN, as an SMS shows it
};

// "【应急响应启动】#12 西湖区强降雨（防汛防台）已启动 Ⅱ级响应，请立即查看并签收任务。"
std::string callout_text(int64_t incident_id, std::string_view title, std::string_view plan_title,
                         std::string_view level_name);

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual std::string_view name() const = 0;
  // Called after the commit, once per person; thread-safe; must not block for long.
  virtual Status send(const Callout& c) = 0;
};

}  // namespace lakeguard::incidents
