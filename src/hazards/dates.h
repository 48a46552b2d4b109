#pragma once
// The hidden-danger loop's calendar is the district's (core/dates.h): deadlines are Asia/Shanghai
// dates. The names are kept in this namespace for the hazards code.

#include "core/dates.h"

namespace lakeguard::hazards {

using lakeguard::date_of_days;
using lakeguard::days_between;
using lakeguard::days_from_civil;
using lakeguard::kDayMs;
using lakeguard::kShanghaiOffsetMs;
using lakeguard::local_date;
using lakeguard::local_date_plus;
using lakeguard::local_day;
using lakeguard::parse_date;
using lakeguard::parse_instant;

}  // namespace lakeguard::hazards
