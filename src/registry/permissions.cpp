#include "registry/permissions.h"

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

bool enterprise_user_may_change(std::string_view field) {
  return field == "contact_name" || field == "contact_phone";
}

}  // namespace lakeguard::registry
