#pragma once
// The stateless calculations as JSON in, JSON text out (the shapes of docs/api.md "Calculations"):
// strict decoding of each request body (unknown fields, types, ranges → validation_failed naming
// the field, e.g. "substances[1].quantity_t"), then the rule, then the answer. Used by the
// routes (api.cpp) and by the golden tests. Pure, thread-safe.

#include <boost/json.hpp>
#include <string>

#include "core/error.h"
#include "risk/model.h"

namespace lakeguard::risk {

// POST /api/v1/calc/major-hazard:
// {"substances":[{"name"|"cas"|"table1_seq", "hazard_class": "W5.2" | ["J3","W2"],
//   "quantity_t"}], "people_within_500m"} → {"S","is_major_hazard","alpha","R","grade",
//   "grade_name","terms":[{"substance","table1_seq","hazard_classes","class_defaulted","q","Q",
//   "beta","ratio","Q_source","beta_source"}]}.
Result<MajorHazardInput> major_hazard_input(const boost::json::object& body);
std::string to_json_text(const MajorHazardResult& r);

// POST /api/v1/calc/lec: {"L","E","C"} → {"D","level","measure","risk_level","color"}.
Result<LecInput> lec_input(const boost::json::object& body);
std::string to_json_text(const LecResult& r);

// POST /api/v1/calc/ls: {"L","S"} → {"R","level","color"}.
Result<LsInput> ls_input(const boost::json::object& body);
std::string to_json_text(const LsResult& r);

// POST /api/v1/calc/accident-grade: {"deaths","serious_injuries","direct_loss_yuan"} →
// {"grade","criteria":{"deaths","serious_injuries","direct_loss_yuan"}}.
Result<AccidentInput> accident_input(const boost::json::object& body);
std::string to_json_text(const AccidentResult& r);

// Decode, calculate, encode: the answer's JSON text, numbers in plain decimal where exact (126,
// 2.62, 0.05; core/json_text.h).
Result<std::string> calc_major_hazard(const boost::json::object& body);
Result<std::string> calc_lec(const boost::json::object& body, const Options& opts);
Result<std::string> calc_ls(const boost::json::object& body, const Options& opts);
Result<std::string> calc_accident_grade(const boost::json::object& body);

}  // namespace lakeguard::risk
