#pragma once
// The plan workflow as one pure function: (who, action, the plan's facts) → the next state, or
// the error to answer. docs/plans.md has the table; tests/unit/plans/workflow_test.cpp checks
// every state × action × role.
//
//   draft --submit--> review --approve--> review (approved) --publish--> published --retire-->
//   retired
//     ^                 |                                                   |                    |
//     +----reject-------+                                                   |                    |
//     +---------------------------------revise------------------------------+--------------------+
//
//   - approve records the approver; it must be someone other than the author (审批人不得为编制人);
//   - publish needs an approval of this edition (and makes the edition the one in force);
//   - revise opens the next edition as a draft; the published edition stays in force (matching
//     keeps using it) until the new one is published, or the plan is retired.
//   - a PATCH of the plan's fields is allowed in draft only (may_edit).
// Who may: writers (admin, district_officer, town_officer, community_officer, enterprise_user)
// submit and revise; reviewers (admin, district_officer, town_officer) reject, approve, publish
// and retire; inspectors and viewers read. Which plans a caller may touch at all is its write
// scope (visibility.h), checked by the service before this (404).
// Order of checks: the role's right (403, field `action`), approval by the author (403, field
// `approver`), the state (409 naming the current state, field `action`), publish without an
// approval (409, field `approver`).

#include "core/error.h"
#include "core/principal.h"
#include "plans/model.h"

namespace lakeguard::plans {

struct Facts {
  State status = State::kDraft;
  bool approved = false;          // this edition has an approval (in review)
  bool caller_is_author = false;  // the caller wrote this edition
};

Result<State> next_state(Role role, Action action, const Facts& facts);

// Whether `role` may take `action` on some plan of its write scope (ignoring state).
bool role_may(Role role, Action action);
// Whether `role` may create and edit plans (POST /plans, PATCH of a draft).
bool may_write(Role role);
// PATCH: a draft only (409 naming the state otherwise).
Status may_edit(State status);

}  // namespace lakeguard::plans
