#include "registry/permissions.h"

#include "registry/model.h"

namespace lakeguard::registry {

using auth::Role;

bool role_allows(Role role, std::string_view kind, Op op) {
  bool read = op == Op::kRead;
  switch (role) {
    case Role::kAdmin:
    case Role::kDistrictOfficer:
      // The district keeps the registry, jurisdictions included.
      return true;
    case Role::kViewer:
      return read;
    case Role::kTownOfficer:
      // Its town's registry objects, not jurisdictions.
      return read || kind != "jurisdictions";
    case Role::kCommunityOfficer:
      // Its shelters, stores (village warehouses and their stock) and teams.
      return read || kind == "shelters" || kind == "warehouses" || kind == "stock" ||
             kind == "teams";
    case Role::kEnterpriseUser:
      // Its enterprise (contacts only) and its chemical inventory.
      if (kind == "enterprises") return read || op == Op::kUpdate;
      if (kind == "chemicals") return true;
      return false;
    case Role::kInspector:
      // Enterprises (with their inventories) and the divisions to find them on the map.
      return read && (kind == "enterprises" || kind == "chemicals" || kind == "jurisdictions");
  }
  return false;
}

namespace {
// "Its contacts" (PRODUCT.md): what an enterprise user may change of its own enterprise.
constexpr std::string_view kEnterpriseUserFields[] = {"contact_name", "contact_phone"};
}  // namespace

std::span<const std::string_view> updatable_fields(Role role, std::string_view kind) {
  if (role == Role::kEnterpriseUser && kind == "enterprises") return kEnterpriseUserFields;
  return {};
}

std::span<const std::string_view> allowed_values(Role role, std::string_view kind,
                                                 std::string_view field) {
  static constexpr std::string_view kTownLevels[] = {"town", "village"};
  static constexpr std::string_view kVillageLevel[] = {"village"};
  if (kind != "warehouses" || field != "level") return {};
  if (role == Role::kTownOfficer) return kTownLevels;
  if (role == Role::kCommunityOfficer) return kVillageLevel;
  return {};
}

void add_permissions(const auth::Principal& p, boost::json::object& out) {
  namespace json = boost::json;
  for (const auto& k : kinds()) {
    bool write = !p.read_only;
    json::object o{{"read", role_allows(p.role, k.name, Op::kRead)},
                   {"create", write && role_allows(p.role, k.name, Op::kCreate)},
                   {"update", write && role_allows(p.role, k.name, Op::kUpdate)},
                   {"delete", write && role_allows(p.role, k.name, Op::kDelete)}};
    if (auto fields = updatable_fields(p.role, k.name); !fields.empty())
      o["fields"] = json::array(fields.begin(), fields.end());
    json::object values;
    for (const auto& f : k.fields) {
      auto allowed = allowed_values(p.role, k.name, f.name);
      if (allowed.empty()) continue;
      json::array a;
      for (auto v : allowed) a.emplace_back(v);
      values[f.name] = std::move(a);
    }
    if (!values.empty()) o["values"] = std::move(values);
    out[k.name] = std::move(o);
  }
}

bool may_see(const Principal& p, const KindSpec& kind, const Placement& where) {
  if (!role_allows(p.role, kind.name, Op::kRead)) return false;
  const KindSpec* placing = kind.parent.empty() ? &kind : find_kind(kind.parent);
  return placing && in_scope(p, placing->scope, where);
}

}  // namespace lakeguard::registry
