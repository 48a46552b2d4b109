#pragma once
// The colour rules of the safety codes (docs/codes.md). Pure: no I/O, no clock (today is given).

#include <string>
#include <string_view>

#include "codes/model.h"

namespace lakeguard::codes {

// A personnel code is green only while the certificate stays valid for more than this many days.
inline constexpr int64_t kExpiryWarningDays = 30;

// The enterprise code: the risk index's colour (blue while there is none), raised by the hard
// rules — an overdue 重大 hidden danger makes it red; an open 重大 one at least orange; an overdue
// 一般 one at least yellow. Never lowered by a rule.
Verdict enterprise_verdict(const EnterpriseFacts& f);

// The personnel code on local date `today` (YYYY-MM-DD): red when the certificate has expired
// (valid through its valid-until day) or a violation is open; yellow when it expires within
// kExpiryWarningDays days (valid-until ≤ today + 30) or no training is recorded; else green.
// REQUIRES: f.certificate_valid_until and today are valid dates (the service checks them).
Verdict worker_verdict(const WorkerFacts& f, std::string_view today);

// The risk index's colour name (red/orange/yellow/blue) as a code colour, or nullopt.
std::optional<Colour> index_colour(std::string_view name);

// "张*", "欧阳**": a worker's name as the public page shows it (the first character, then one *
// per further character), so a scan confirms a person without publishing who they are.
std::string masked_name(std::string_view name);

}  // namespace lakeguard::codes
