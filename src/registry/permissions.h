#pragma once
// Who may do what to which registry kind: PRODUCT.md "Roles and what they may do", as a pure
// table. Scope (which objects) is applied separately, in the store query.

#include <boost/json.hpp>
#include <span>
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

// The values of a closed-set field that `role` may write, when it is limited to some of them
// (an empty span: no limit). Warehouses: 区级 district stores are the district's, a town officer
// keeps 镇街级 town and 村级 village stores, a community officer only village stores.
std::span<const std::string_view> allowed_values(auth::Role role, std::string_view kind,
                                                 std::string_view field);

// What `p` may do with each registry collection, for GET /api/v1/auth/me (the console's only
// source of what to offer): {"<collection>": {"read","create","update","delete": bool,
// "fields"?: [updatable fields when limited], "values"?: {field: [writable values]}}}.
// A read-only token gets every write false.
void add_permissions(const auth::Principal& p, boost::json::object& out);

// Whether a live event about a registry object (topic = its collection) may reach `p`: the
// read permission of role_allows, and the scope rule the store queries apply (service.cpp
// base_where; a nested kind is scoped by its parent object).
bool may_see(const auth::Principal& p, const Event& e);

}  // namespace lakeguard::registry
