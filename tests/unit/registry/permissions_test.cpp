// The role table of PRODUCT.md, row by row.

#include "registry/permissions.h"

#include <gtest/gtest.h>

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
  EXPECT_TRUE(enterprise_user_may_change("contact_phone"));
  EXPECT_FALSE(enterprise_user_may_change("name"));
}

TEST(RoleAllows, InspectorReadsEnterprisesAndViewerOnlyReads) {
  EXPECT_TRUE(role_allows(Role::kInspector, "enterprises", Op::kRead));
  EXPECT_FALSE(role_allows(Role::kInspector, "enterprises", Op::kUpdate));
  EXPECT_FALSE(role_allows(Role::kInspector, "shelters", Op::kRead));
  EXPECT_TRUE(role_allows(Role::kViewer, "shelters", Op::kRead));
  EXPECT_FALSE(role_allows(Role::kViewer, "shelters", Op::kCreate));
}

}  // namespace
}  // namespace lakeguard::registry
