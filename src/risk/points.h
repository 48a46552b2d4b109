#pragma once
// Risk points (风险点): a place or activity of an enterprise assessed with LEC (D = L × E × C,
// standards.md §2) or LS (R = L × S, §3), who assessed it and when. The request body's rules;
// the factors are checked by lec.h / ls.h, so a bad L, E, C or S is the same 422 as the
// calculators'. Pure.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"
#include "risk/model.h"

namespace lakeguard::risk {

inline constexpr std::size_t kMaxPointNameChars = 100;
inline constexpr std::size_t kMaxPointTextChars = 200;

struct RiskPoint {
  int64_t id = 0;
  int64_t enterprise_id = 0;
  std::string town_code, community_code;  // the enterprise's, when written
  std::string name;
  std::string location;        // may be empty
  std::string method;          // "LEC" | "LS"
  double L = 0;                // LEC or LS likelihood
  std::optional<double> E, C;  // LEC
  std::optional<int64_t> S;    // LS severity
  double score = 0;            // D (LEC) or R (LS)
  RiskLevel level = RiskLevel::kLow;
  std::string assessed_by;  // the assessor's name
  std::string assessed_at;  // YYYY-MM-DD
  int64_t created_at_ms = 0, updated_at_ms = 0;
  int64_t version = 1;
};

// The point's fields from a body (POST: every required field; PATCH: the body merged over `base`
// first, so the result is checked whole). Computes score and level by opts. validation_failed
// naming the field: name, location, method, L, E, C, S, assessed_by, assessed_at, or an unknown
// one.
Result<RiskPoint> point_from_body(const boost::json::object& body, const RiskPoint* base,
                                  const Options& opts);

// The point as the API shows it.
boost::json::object point_json(const RiskPoint& p);

}  // namespace lakeguard::risk
