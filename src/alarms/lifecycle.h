#pragma once
// The alarm lifecycle as one pure function (docs/alarms.md; golden table
// tests/unit/alarms/golden/lifecycle.txt, every state × action):
//
//   open --claim--> claimed --verify--> verified --convert--> converted --close--> closed
//     |                |                    |
//     +--dismiss-------+--dismiss           +--close (verified, handled without an incident)
//   open/claimed --close--> closed (handled: no incident needed)
//
// dismiss marks a false alarm (误报) and is allowed from open or claimed only. closed and
// dismissed are terminal: a new occurrence of the fingerprint then opens a new alarm.
// An illegal step is a conflict (409, field `action`) whose message names the current state.

#include "alarms/model.h"
#include "core/error.h"
#include "core/principal.h"

namespace lakeguard::alarms {

Result<State> next_status(State from, Action action);

// Whether a role handles alarms (duty officers at every level: admin, district, town and
// community officers). Others read them in scope but take no action (403).
bool role_may_act(Role role);

}  // namespace lakeguard::alarms
