#pragma once
// Request bodies of the duty routes, checked field by field (pure): unknown fields, types,
// limits and text (core/text.h) are validation_failed naming the field. Instants are ISO 8601
// with an offset (core/dates.h parse_instant), e.g. "2026-12-07T08:00:00+08:00".

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "duty/model.h"

namespace lakeguard::duty {

// A shift's body: unit_code, starts_at, ends_at, people [{user_id, role}], note. With `partial`
// (PATCH) only the given fields change `base`; unit_code may not change.
Result<Shift> parse_shift(const boost::json::object& body, bool partial, const Shift& base);

struct HandoverInput {
  std::vector<std::string> open_items;
  std::string notes;
};
Result<HandoverInput> parse_handover(const boost::json::object& body);

struct LogInput {
  LogKind kind = LogKind::kOther;
  std::string text;
  std::optional<int64_t> at_ms;  // when it happened; the time of writing when absent
};
Result<LogInput> parse_log(const boost::json::object& body);

// A phone number: digits, '-', '+', spaces and parentheses, 5 to 20 characters, at least 5
// digits (e.g. "0571-87001234", "13800000000").
Result<std::string> parse_phone(const boost::json::object& body);

}  // namespace lakeguard::duty
