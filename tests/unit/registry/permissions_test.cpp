// The role table of PRODUCT.md, row by row.

#include "registry/permissions.h"

#include <gtest/gtest.h>

#include <vector>

#include "registry/model.h"

namespace lakeguard::registry {
namespace {

using auth::Role;

TEST(RoleAllows, AdminAndDistrictOfficerWriteTheWholeRegistry) {
  for (Role r : {Role::kAdmin, Role::kDistrictOfficer})
    for (auto k : {"jurisdictions", "enterprises", "chemicals", "shelters", "stock"})
      for (Op op : {Op::kRead, Op::kCreate, Op::kUpdate, Op::kDelete})
        EXPECT_TRUE(role_allows(r, k, op));
}

TEST(RoleAllows, TownOfficerWritesItsRegistryButNotJurisdictions) {
  EXPECT_TRUE(role_allows(Role::kTownOfficer, "shelters", Op::kCreate));
  EXPECT_TRUE(role_allows(Role::kTownOfficer, "enterprises", Op::kDelete));
  EXPECT_TRUE(role_allows(Role::kTownOfficer, "jurisdictions", Op::kRead));
  EXPECT_FALSE(role_allows(Role::kTownOfficer, "jurisdictions", Op::kUpdate));
}

TEST(RoleAllows, CommunityOfficerWritesShelterssStoresAndTeamsOnly) {
  for (auto k : {"shelters", "warehouses", "stock", "teams"})
    EXPECT_TRUE(role_allows(Role::kCommunityOfficer, k, Op::kCreate)) << k;
  for (auto k : {"enterprises", "chemicals", "devices", "cameras", "stations", "jurisdictions"})
    EXPECT_FALSE(role_allows(Role::kCommunityOfficer, k, Op::kCreate)) << k;
}

TEST(RoleAllows, EnterpriseUserKeepsItsInventoryAndContacts) {
  EXPECT_TRUE(role_allows(Role::kEnterpriseUser, "chemicals", Op::kCreate));
  EXPECT_TRUE(role_allows(Role::kEnterpriseUser, "enterprises", Op::kUpdate));
  EXPECT_FALSE(role_allows(Role::kEnterpriseUser, "enterprises", Op::kCreate));
  EXPECT_FALSE(role_allows(Role::kEnterpriseUser, "enterprises", Op::kDelete));
  EXPECT_FALSE(role_allows(Role::kEnterpriseUser, "shelters", Op::kRead));
  auto fields = updatable_fields(Role::kEnterpriseUser, "enterprises");
  EXPECT_EQ(std::vector<std::string_view>(fields.begin(), fields.end()),
            (std::vector<std::string_view>{"contact_name", "contact_phone"}));
  EXPECT_TRUE(updatable_fields(Role::kDistrictOfficer, "enterprises").empty());
}

TEST(RoleAllows, InspectorReadsEnterprisesAndViewerOnlyReads) {
  EXPECT_TRUE(role_allows(Role::kInspector, "enterprises", Op::kRead));
  EXPECT_FALSE(role_allows(Role::kInspector, "enterprises", Op::kUpdate));
  EXPECT_FALSE(role_allows(Role::kInspector, "shelters", Op::kRead));
  EXPECT_TRUE(role_allows(Role::kViewer, "shelters", Op::kRead));
  EXPECT_FALSE(role_allows(Role::kViewer, "shelters", Op::kCreate));
}

// One scope rule for rows and events: the event filter admits exactly what scope_of admits.
TEST(MaySee, LiveEventsFollowTheSameScopeAsQueries) {
  Principal town;
  town.role = Role::kTownOfficer;
  town.scope_type = ScopeType::kTown;
  town.scope_code = "330106009";
  const KindSpec& shelters = *find_kind("shelters");
  EXPECT_TRUE(may_see(town, shelters, Placement{"330106009", "330106009001", std::nullopt}));
  EXPECT_FALSE(may_see(town, shelters, Placement{"330106002", "330106002001", std::nullopt}));
  EXPECT_FALSE(may_see(town, shelters, Placement{}));  // no place: not the town's

  Principal ent;
  ent.role = Role::kEnterpriseUser;
  ent.scope_type = ScopeType::kEnterprise;
  ent.enterprise_id = 7;
  const KindSpec& enterprises = *find_kind("enterprises");
  const KindSpec& chemicals = *find_kind("chemicals");
  EXPECT_TRUE(may_see(ent, enterprises, Placement{"330106009", "", 7}));
  EXPECT_FALSE(may_see(ent, enterprises, Placement{"330106009", "", 8}));
  // Chemicals are placed where their enterprise is.
  EXPECT_TRUE(may_see(ent, chemicals, Placement{"330106009", "", 7}));
  EXPECT_FALSE(may_see(ent, chemicals, Placement{"330106009", "", 8}));
  // Its role reads no shelters at all.
  EXPECT_FALSE(may_see(ent, shelters, Placement{"330106009", "", 7}));

  Principal district;
  district.role = Role::kViewer;
  EXPECT_TRUE(may_see(district, shelters, Placement{}));
}

TEST(AllowedValues, WarehouseLevelsByRole) {
  EXPECT_TRUE(allowed_values(Role::kDistrictOfficer, "warehouses", "level").empty());
  auto town = allowed_values(Role::kTownOfficer, "warehouses", "level");
  EXPECT_EQ(std::vector<std::string_view>(town.begin(), town.end()),
            (std::vector<std::string_view>{"town", "village"}));
  auto comm = allowed_values(Role::kCommunityOfficer, "warehouses", "level");
  EXPECT_EQ(std::vector<std::string_view>(comm.begin(), comm.end()),
            (std::vector<std::string_view>{"village"}));
  EXPECT_TRUE(allowed_values(Role::kCommunityOfficer, "shelters", "type").empty());
}

}  // namespace
}  // namespace lakeguard::registry
