#pragma once
// 掌上执法's JSON shapes and the printable inspection record (现场检查记录), pure.

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "inspections/model.h"
#include "inspections/tasks.h"

namespace lakeguard::inspections {

boost::json::object template_json(const ChecklistTemplate& t);
// {"name", "industry", "items": [{"text","basis"}]}: 422 naming the field for a bad shape.
Result<ChecklistTemplate> template_from_json(const boost::json::object& body);
boost::json::object item_json(const TaskItem& it);
boost::json::object penalty_json(const Penalty& p);
// With the items and penalties unless `full` is false (lists, audit of a state change).
boost::json::object task_json(const Task& t, bool full = true);
boost::json::array benchmark_json(const std::vector<ViolationRule>& table);

// The 现场检查记录 as a printable zh-CN HTML page: enterprise, inspectors, each item with its
// basis, result, note and location, the findings' hidden dangers, the penalties, and blank
// signature lines. Every value is escaped.
std::string report_html(const Task& t);

}  // namespace lakeguard::inspections
