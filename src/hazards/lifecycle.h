#pragma once
// The hidden-danger state machine as one pure function: (who, action, the hazard's facts) → the
// new state, or the error to answer. docs/hazards.md has the table; tests/unit/hazards/golden/
// lifecycle.txt checks every state × action × role × class × plan.
//
//   reported  --confirm-->  rectifying  --submit-->  submitted  --accept-->  closed (销号)
//                              ^   ^                    |                     |
//                              |   +------reject--------+                     |
//                              +-----------------reopen (district only)-------+
//   plan: attaches or revises the remediation plan, in reported or rectifying (no state change).
//
// Rules beyond the arrows (16号令 第三条 and issue 10):
//   - a 重大 hidden danger needs a remediation plan before it is confirmed;
//   - only a district officer (district_officer, admin) may accept — or reject — a 重大 one, and
//     only a district officer may reopen a closed one.
// The checks run "never you" before "not now": the role's right to the action (403), the
// district-only rule for 重大 (403, field `class`), the state (409 naming the current state,
// field `action`), the plan (409, field `plan`). Scope (404) is the caller's job, before this.

#include "core/error.h"
#include "core/principal.h"
#include "hazards/model.h"

namespace lakeguard::hazards {

// What the state machine needs to know of the hidden danger.
struct Facts {
  State status = State::kReported;
  // Its class; for confirm, the class after the correction confirm may make.
  HazardClass hazard_class = HazardClass::kGeneral;
  bool has_plan = false;
};

// The state after `action` by a caller with `role` on a hidden danger with these facts, or
// forbidden / conflict as described above (messages name the action and the current state).
Result<State> next_status(Role role, Action action, const Facts& facts);

// Whether `role` may take `action` on some hidden danger of its scope (ignoring state and class).
bool role_may(Role role, Action action);
// Whether `role` may report hidden dangers (POST /hazards): every role but viewer.
bool may_report(Role role);
// A district-level role (district_officer, admin): the one that accepts 重大 and reopens.
bool is_district_level(Role role);

}  // namespace lakeguard::hazards
