#pragma once
// Who may do what to which registry kind: PRODUCT.md "Roles and what they may do", as a pure
// table. Scope (which objects) is applied separately, in the store query.

#include <boost/json.hpp>
#include <span>
#include <string_view>

#include "auth/model.h"
#include "core/principal.h"
#include "registry/model.h"

namespace lakeguard::registry {

enum class Op { kRead, kCreate, kUpdate, kDelete };

// True when `role` may perform `op` on objects of collection `kind` inside its scope.
bool role_allows(auth::Role role, std::string_view kind, Op op);

// The only fields `role` may change on objects of `kind` (an enterprise user on its enterprise:
// "its contacts"), or an empty span when it is not limited field by field.
std::span<const std::string_view> updatable_fields(auth::Role role, std::string_view kind);

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

// Whether a live event about a registry object of `kind` placed at `where` may reach `p`: the
// read permission of role_allows, and the same scope_of condition the store queries apply (a
// nested kind is placed and scoped by its parent).
bool may_see(const Principal& p, const KindSpec& kind, const Placement& where);

}  // namespace lakeguard::registry
