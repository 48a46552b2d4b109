#include "inspections/task_json.h"

#include <fmt/format.h>

#include "inspections/draw_json.h"

namespace lakeguard::inspections {
namespace {

namespace json = boost::json;

json::value opt_str(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
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
  }
  return out;
}

std::string result_zh(const std::optional<std::string>& r) {
  if (!r) return "未检查";
  if (*r == "pass") return "符合";
  if (*r == "fail") return "不符合";
  return "不适用";
}

std::string status_zh(const std::string& s) {
  if (s == "assigned") return "已派发";
  if (s == "in_progress") return "检查中";
  if (s == "completed") return "已完成";
  return "已取消";
}

}  // namespace

json::object template_json(const ChecklistTemplate& t) {
  json::array items;
  for (const auto& i : t.items) items.push_back(json::object{{"text", i.text}, {"basis", i.basis}});
  return json::object{{"id", t.id},
                      {"name", t.name},
                      {"industry", t.industry},
                      {"demo", t.demo},
                      {"items", std::move(items)},
                      {"created_at", t.created_at},
                      {"version", t.version}};
}

Result<ChecklistTemplate> template_from_json(const json::object& body) {
  for (const auto& [k, v] : body)
    if (k != "name" && k != "industry" && k != "items")
      return Error::validation(std::string(k), "Unknown field.");
  ChecklistTemplate t;
  auto text = [&](const json::object& o, std::string_view key,
                  const std::string& field) -> Result<std::string> {
    const json::value* v = o.if_contains(key);
    if (!v || !v->is_string()) return Error::validation(field, "This field must be text.");
    return std::string(v->as_string());
  };
  LG_TRY_ASSIGN(t.name, text(body, "name", "name"));
  LG_TRY_ASSIGN(t.industry, text(body, "industry", "industry"));
  const json::value* items = body.if_contains("items");
  if (!items || !items->is_array() || items->as_array().empty() || items->as_array().size() > 100)
    return Error::validation("items", "Give 1 to 100 items.");
  size_t i = 0;
  for (const auto& v : items->as_array()) {
    std::string at = fmt::format("items[{}]", i++);
    if (!v.is_object()) return Error::validation(at, "Each item is {\"text\", \"basis\"}.");
    const auto& o = v.as_object();
    for (const auto& [k, _] : o)
      if (k != "text" && k != "basis")
        return Error::validation(at + "." + std::string(k), "Unknown field.");
    ChecklistItem item;
    LG_TRY_ASSIGN(item.text, text(o, "text", at + ".text"));
    LG_TRY_ASSIGN(item.basis, text(o, "basis", at + ".basis"));
    t.items.push_back(std::move(item));
  }
  return t;
}

json::object item_json(const TaskItem& it) {
  return json::object{
      {"seq", it.seq},
      {"text", it.text},
      {"basis", it.basis},
      {"result", opt_str(it.result)},
      {"note", it.note},
      {"photo", it.photo_hash ? json::value(*it.photo_hash) : json::value(nullptr)},
      {"lon", it.lon ? json::value(*it.lon) : json::value(nullptr)},
      {"lat", it.lat ? json::value(*it.lat) : json::value(nullptr)},
      {"recorded_by", opt_str(it.recorded_by)},
      {"recorded_at", opt_str(it.recorded_at)},
      {"hazard_id", it.hazard_id ? json::value(*it.hazard_id) : json::value(nullptr)}};
}

json::object penalty_json(const Penalty& p) {
  return json::object{
      {"id", p.id},       {"violation", p.violation},   {"violation_text", p.violation_text},
      {"basis", p.basis}, {"level", p.level},           {"amount_yuan", p.amount_yuan},
      {"note", p.note},   {"decided_by", p.decided_by}, {"decided_at", p.decided_at}};
}

json::object task_json(const Task& t, bool full) {
  json::object o{{"id", t.id},
                 {"template_id", t.template_id},
                 {"template_name", t.template_name},
                 {"draw_id", t.draw_id ? json::value(*t.draw_id) : json::value(nullptr)},
                 {"enterprise_id", t.enterprise_id},
                 {"enterprise_name", t.enterprise_name},
                 {"town_code", t.town_code},
                 {"inspectors", members_json(t.inspectors)},
                 {"status", t.status},
                 {"cancel_reason", opt_str(t.cancel_reason)},
                 {"created_at", t.created_at},
                 {"started_at", opt_str(t.started_at)},
                 {"completed_at", opt_str(t.completed_at)},
                 {"version", t.version}};
  if (full) {
    json::array items, pens;
    for (const auto& it : t.items) items.push_back(item_json(it));
    for (const auto& p : t.penalties) pens.push_back(penalty_json(p));
    o["items"] = std::move(items);
    o["penalties"] = std::move(pens);
  }
  return o;
}

json::array benchmark_json(const std::vector<ViolationRule>& table) {
  json::array a;
  for (const auto& r : table) {
    json::array ranges;
    for (const auto& f : r.ranges)
      ranges.push_back(json::object{
          {"level", discretion_name(f.level)}, {"min_yuan", f.min_yuan}, {"max_yuan", f.max_yuan}});
    a.push_back(json::object{{"code", r.code},
                             {"violation", r.violation},
                             {"basis", r.basis},
                             {"ranges", std::move(ranges)}});
  }
  return a;
}

std::string report_html(const Task& t) {
  std::string inspectors;
  for (const auto& m : t.inspectors) inspectors += (inspectors.empty() ? "" : "、") + esc(m.name);
  std::string rows;
  for (const auto& it : t.items) {
    std::string loc = it.lon && it.lat ? fmt::format("{:.6f}, {:.6f}", *it.lon, *it.lat) : "";
    std::string hz = it.hazard_id ? fmt::format("隐患 #{}", *it.hazard_id) : "";
    rows += fmt::format(
        "<tr data-seq=\"{}\"><td>{}</td><td>{}</td><td class=\"basis\">{}</td>"
        "<td class=\"result\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        it.seq, it.seq, esc(it.text), esc(it.basis), result_zh(it.result), esc(it.note), loc, hz);
  }
  std::string pens;
  for (const auto& p : t.penalties)
    pens += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"amount\">{}</td><td>{}</td></tr>",
        esc(p.violation_text), esc(p.basis), esc(p.level), p.amount_yuan, esc(p.note));
  if (pens.empty()) pens = "<tr><td colspan=\"5\">无</td></tr>";
  return fmt::format(
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>现场检查记录 #{id}</title><style>"
      "body{{font-family:sans-serif;margin:24px;color:#000}}h1{{text-align:center;font-size:22px}}"
      "table{{border-collapse:collapse;width:100%;margin:12px 0}}td,th{{border:1px solid #000;"
      "padding:4px 6px;font-size:13px;vertical-align:top}}.sign{{margin-top:32px;display:flex;"
      "justify-content:space-between}}@media print{{button{{display:none}}}}</style></head><body>"
      "<button onclick=\"print()\">打印</button><h1>现场检查记录</h1>"
      "<table><tr><th>编号</th><td id=\"task-id\">{id}</td><th>状态</th><td>{status}</td></tr>"
      "<tr><th>被检查单位</th><td id=\"enterprise\" colspan=\"3\">{ent}</td></tr>"
      "<tr><th>检查表</th><td colspan=\"3\">{tpl}</td></tr>"
      "<tr><th>检查人员</th><td id=\"inspectors\">{insp}</td><th>检查时间</th><td>{start} — "
      "{end}</td></tr></table>"
      "<h2>检查情况</h2><table id=\"items\"><tr><th>序号</th><th>检查内容</th><th>依据</th>"
      "<th>结果</th><th>情况说明</th><th>位置（GCJ-02）</th><th>隐患</th></tr>{rows}</table>"
      "<h2>行政处罚</h2><table id=\"penalties\"><tr><th>违法行为</th><th>法律依据</th>"
      "<th>裁量阶次</th><th>罚款（元）</th><th>说明</th></tr>{pens}</table>"
      "<div class=\"sign\"><span>检查人员（签名）：__________</span>"
      "<span>被检查单位负责人（签名）：__________</span></div></body></html>",
      fmt::arg("id", t.id), fmt::arg("status", status_zh(t.status)),
      fmt::arg("ent", esc(t.enterprise_name)), fmt::arg("tpl", esc(t.template_name)),
      fmt::arg("insp", inspectors), fmt::arg("start", esc(t.started_at.value_or(""))),
      fmt::arg("end", esc(t.completed_at.value_or(""))), fmt::arg("rows", rows),
      fmt::arg("pens", pens));
}

}  // namespace lakeguard::inspections
