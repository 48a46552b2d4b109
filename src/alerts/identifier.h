#pragma once
// The national warning-message identifier (预警信息唯一标识; standards.md §10, GB/T 35965.1-2018
// 附录A "取值规则及说明" as found — [UNCONFIRMED] that it is exactly the standard's rule):
//
//   ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N          (31 characters)
//
//   ZZZZZZ  administrative division of the issuer (GB/T 2260): 330106 for West Lake District
//   DDD     organisation code of the issuing body (GB/T 4657): configurable (alerts_body_code)
//   UUU     internal sub-unit code, default 000
//   XX      extension code, default 00
//   YYYYMMDDhhmmss  the time the message was entered, Beijing time (UTC+8)
//   N       sequence 0–9 among the unit's messages of that second
//
// Only ten messages per unit per second can be told apart: allocation takes the smallest free N
// and refuses when all ten are taken (the caller retries the next second). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lakeguard::alerts {

struct IssuerCode {
  std::string area = "330106";  // ZZZZZZ
  // DDD. The GB/T 4657 code of the district's issuing body was not available when this was
  // written: "000" is a documented placeholder (docs/alerts.md) to be configured before real use.
  std::string body = "000";
  std::string unit = "000";      // UUU
  std::string extension = "00";  // XX
};

// Empty when every part has its width and only digits, otherwise what is wrong (naming the part).
std::string issuer_problem(const IssuerCode& c);

// ZZZZZZDDDUUUXX (14 characters). REQUIRES: issuer_problem(c) is empty.
std::string issuer_prefix(const IssuerCode& c);
// ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_ (30 characters): the identifiers of the messages entered in the
// second of `entered_ms` all start with it.
std::string identifier_stem(const IssuerCode& c, int64_t entered_ms);
// The identifier with sequence number n. REQUIRES: 0 <= n <= 9.
std::string make_identifier(const IssuerCode& c, int64_t entered_ms, int n);

// The smallest sequence number not used by `taken` (identifiers with the same stem), or nullopt
// when 0–9 are all taken.
std::optional<int> free_sequence(std::string_view stem, const std::vector<std::string>& taken);

// Whether s has the identifier's shape: 14 digits, '_', 14 digits of a real time, '_', 1 digit.
bool is_identifier(std::string_view s);

}  // namespace lakeguard::alerts
