#include "incidents/sitrep.h"

#include <fmt/format.h>

#include <map>

namespace lakeguard::incidents {
namespace {

constexpr int64_t kUtc8Ms = 8 * 3600 * 1000LL;

std::string task_counts(const std::vector<Task>& tasks) {
  std::map<TaskState, int> n;
  int overdue_escalated = 0;
  for (const auto& t : tasks) {
    ++n[t.state];
    if (t.escalations > 0) ++overdue_escalated;
  }
  std::string out = fmt::format("任务共 {} 项", tasks.size());
  for (TaskState s : kAllTaskStates)
    if (n[s]) out += fmt::format("，{} {}", task_state_name(s), n[s]);
  if (overdue_escalated) out += fmt::format("；已升级督办 {} 项", overdue_escalated);
  return out;
}

// One line per resource request: "救援队伍 消防一队 — dispatched" / "物资 沙袋 ×200 袋 —
// requested".
std::vector<std::string> request_lines(const std::vector<ResourceRequest>& rs) {
  std::vector<std::string> out;
  for (const auto& q : rs) {
    std::string what = q.kind == RequestKind::kTeam ? fmt::format("救援队伍 {}", q.label)
                                                    : fmt::format("物资 {} ×{:g} {}", q.label,
                                                                  q.quantity.value_or(0), q.unit);
    out.push_back(fmt::format("#{} {} — {}", q.id, what, request_state_name(q.state)));
  }
  return out;
}

std::string finding_line(const Finding& f) {
  std::string out = fmt::format("{}. [{}] {}", f.seq + 1, f.hazard_class, f.text);
  if (f.hazard_id) out += fmt::format("（已登记隐患 #{}）", *f.hazard_id);
  return out;
}

}  // namespace

std::string local_minute(int64_t ms) {
  int64_t local = ms + kUtc8Ms;
  int64_t days = local >= 0 ? local / 86'400'000 : (local - 86'399'999) / 86'400'000;
  int64_t rem = local - days * 86'400'000;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}", y, m, d, rem / 3'600'000,
                     (rem / 60'000) % 60);
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  return out;
}

std::string sitrep_text(const SitrepInput& in) {
  const Incident& i = in.incident;
  std::string out =
      fmt::format("【突发事件续报】#{} {}（事件经过 {} 条）\n", i.id, i.title, in.number);
  out += fmt::format("报告时间：{}\n", local_minute(in.now_ms));
  out += fmt::format("事件类型：{}；地点：{}{}；事故等级：{}；响应级别：{}；状态：{}\n", i.type,
                     i.town_code, i.location.empty() ? "" : " " + i.location, i.accident_grade,
                     response_level_name(i.response_level),
                     i.status == IncidentStatus::kOpen ? "处置中" : "已结束");
  out += fmt::format("伤亡：死亡 {} 人，重伤 {} 人，直接经济损失 {:.0f} 元\n", i.deaths,
                     i.serious_injuries, i.direct_loss_yuan);
  out += task_counts(in.tasks) + "\n";
  if (i.alarm_id) out += fmt::format("来源：告警 #{}\n", *i.alarm_id);
  out += "事件经过：\n";
  for (const auto& e : in.events)
    out += fmt::format("{} [{}] {}（{}）\n", local_minute(e.at_ms), e.kind, e.text, e.actor);
  if (!in.requests.empty()) {
    out += "资源调度：\n";
    for (const auto& l : request_lines(in.requests)) out += l + "\n";
  }
  if (in.review) {
    out += fmt::format("复盘（{}，{}）：{}\n", local_minute(in.review->reviewed_at_ms),
                       in.review->reviewed_by, in.review->summary);
    for (const auto& f : in.review->findings) out += finding_line(f) + "\n";
  }
  return out;
}

std::string sitrep_html(const SitrepInput& in) {
  const Incident& i = in.incident;
  std::string out =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>续报 #" +
      std::to_string(i.id) +
      "</title><style>body{font-family:sans-serif;max-width:50em;margin:2em auto}"
      "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px;"
      "text-align:left;vertical-align:top}@media print{body{margin:0}}</style></head><body>";
  out += fmt::format("<h1>突发事件续报</h1><h2>#{} {}（事件经过 {} 条）</h2>", i.id,
                     html_escape(i.title), in.number);
  out += "<table>";
  auto row = [&](std::string_view k, const std::string& v) {
    out += fmt::format("<tr><th>{}</th><td>{}</td></tr>", k, html_escape(v));
  };
  row("报告时间", local_minute(in.now_ms));
  row("事件类型", i.type);
  row("地点", i.town_code + (i.location.empty() ? "" : " " + i.location));
  row("事故等级", i.accident_grade);
  row("响应级别", std::string(response_level_name(i.response_level)));
  row("状态", i.status == IncidentStatus::kOpen ? "处置中" : "已结束");
  row("伤亡", fmt::format("死亡 {} 人，重伤 {} 人，直接经济损失 {:.0f} 元", i.deaths,
                          i.serious_injuries, i.direct_loss_yuan));
  row("任务", task_counts(in.tasks));
  if (i.alarm_id) row("来源", fmt::format("告警 #{}", *i.alarm_id));
  out +=
      "</table><h3>事件经过</h3><table><tr><th>时间</th><th>类别</th><th>内容</th><th>人员"
      "</th></tr>";
  for (const auto& e : in.events)
    out +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", local_minute(e.at_ms),
                    html_escape(e.kind), html_escape(e.text), html_escape(e.actor));
  out += "</table>";
  if (!in.requests.empty()) {
    out += "<h3>资源调度</h3><ul>";
    for (const auto& l : request_lines(in.requests)) out += "<li>" + html_escape(l) + "</li>";
    out += "</ul>";
  }
  if (in.review) {
    out += fmt::format("<h3>复盘</h3><p>{}（{}）</p><p>{}</p><ol>",
                       html_escape(local_minute(in.review->reviewed_at_ms)),
                       html_escape(in.review->reviewed_by), html_escape(in.review->summary));
    for (const auto& f : in.review->findings)
      out += "<li>" + html_escape(finding_line(f)) + "</li>";
    out += "</ol>";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace lakeguard::incidents
