#pragma once
// The situation report (续报, issue 11 item 4): generated from an incident, its tasks and its
// timeline, as plain text and as a printable HTML page. Every timeline event appears, in order,
// with its local time (Asia/Shanghai, UTC+8), then the resource requests and the post-event
// review when there is one. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "incidents/model.h"

namespace lakeguard::incidents {

struct SitrepInput {
  Incident incident;
  std::vector<Task> tasks;
  std::vector<TimelineEvent> events;      // oldest first
  int64_t now_ms = 0;                     // when the report is made
  int64_t number = 1;                     // 第N次续报: events so far
  std::vector<ResourceRequest> requests;  // 资源调度, oldest first
  std::optional<Review> review;           // 复盘, once the incident is closed and reviewed
};

// "YYYY-MM-DD HH:MM" in Asia/Shanghai.
std::string local_minute(int64_t ms);

std::string sitrep_text(const SitrepInput& in);
// A self-contained page (inline CSS, print-friendly); every text HTML-escaped.
std::string sitrep_html(const SitrepInput& in);

std::string html_escape(std::string_view s);

}  // namespace lakeguard::incidents
