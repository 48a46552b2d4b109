#pragma once
// Who may do what to which registry kind: PRODUCT.md "Roles and what they may do", as a pure
// table. Scope (which objects) is applied separately, in the store query.

#include <string_view>

#include "auth/model.h"
#include "core/events.h"

namespace lakeguard::registry {

enum class Op { kRead, kCreate, kUpdate, kDelete };

// True when `role` may perform `op` on objects of collection `kind` inside its scope.
bool role_allows(auth::Role role, std::string_view kind, Op op);

// For an enterprise user updating its own enterprise: the only fields it may change
// ("its contacts"). Other roles are not limited field by field.
bool enterprise_user_may_change(std::string_view field);

// Whether a live event about a registry object (topic = its collection) may reach `p`: the
// read permission of role_allows, and the scope rule the store queries apply (service.cpp
// base_where; a nested kind is scoped by its parent object).
bool may_see(const auth::Principal& p, const Event& e);

}  // namespace lakeguard::registry
