#pragma once
// The warning workflow as pure functions: who may draft, and (who, action, the warning's facts)
// → the warning's next state, or the error to answer. docs/alerts.md has the table.
//
//   draft --approve (not the drafter)--> approved --publish--> published --cancel--> cancelled
//                                                                  |
//                                   update: a new draft (msgType Update) referring to it; when
//                                   that one is published, this one becomes `updated`.
//
// Drafting, approving, publishing, updating and cancelling are the district's (PRODUCT.md roles:
// district_officer "warnings (drafts; approval by a second officer)", and admin). The checks run
// "never you" before "not now": the role (403, field `action`), the four-eyes rule (403, field
// `approver`: the drafter never approves their own warning), then the state (409, field
// `action`). Scope (404) is the caller's job, before this.

#include "alerts/model.h"
#include "core/error.h"
#include "core/principal.h"

namespace lakeguard::alerts {

struct Facts {
  State status = State::kDraft;
  MsgType msg_type = MsgType::kAlert;
  bool caller_drafted = false;  // the caller is the warning's drafter
};

// A district-level role (district_officer, admin).
bool is_district_level(Role role);
// Whether `role` may draft and edit warnings (and take the workflow's actions).
bool may_draft(Role role);
// Whether `role` may read warnings at all (every role but enterprise users and inspectors; scope
// narrows it further).
bool may_read(Role role);

// The state after `action` (update leaves the warning published: it makes a new draft).
Result<State> next_status(Role role, Action action, const Facts& facts);

}  // namespace lakeguard::alerts
