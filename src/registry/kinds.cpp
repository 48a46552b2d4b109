#include "registry/model.h"

#include "registry/chemical_rules.h"
#include "registry/jurisdiction_rules.h"

namespace lakeguard::registry {
namespace {

using F = FieldSpec;
using T = FieldType;

// Location fields shared by every located kind (API-CONVENTIONS.md: lon/lat WGS-84 numbers).
std::vector<FieldSpec> with_location(std::vector<FieldSpec> fields, bool community = true) {
  fields.push_back(F{.name = "town_code",
                     .required = true,
                     .filter = true,
                     .sort = true,
                     .check = Check::kTownCode,
                     .max_len = 9});
  if (community)
    fields.push_back(F{.name = "community_code",
                       .filter = true,
                       .sort = true,
                       .check = Check::kCommunityCode,
                       .max_len = 12});
  fields.push_back(F{.name = "lon", .type = T::kReal, .required = true, .check = Check::kLon});
  fields.push_back(F{.name = "lat", .type = T::kReal, .required = true, .check = Check::kLat});
  return fields;
}

std::vector<KindSpec> make_kinds() {
  std::vector<KindSpec> k;
  k.push_back(KindSpec{
      .name = "jurisdictions",
      .table = "jurisdictions",
      .title = "Jurisdiction",
      .fields =
          {
              F{.name = "code",
                .required = true,
                .filter = true,
                .sort = true,
                .search = true,
                .check = Check::kJurisdictionCode,
                .max_len = 12},
              F{.name = "name",
                .required = true,
                .filter = true,
                .sort = true,
                .search = true,
                .max_len = 60},
              F{.name = "level",
                .required = true,
                .filter = true,
                .sort = true,
                .allowed = {"district", "town", "community"}},
              F{.name = "parent_code",
                .filter = true,
                .check = Check::kJurisdictionCode,
                .max_len = 12},
              F{.name = "town_code", .filter = true, .read_only = true},
              F{.name = "community_code", .filter = true, .read_only = true},
              F{.name = "lon", .type = T::kReal, .check = Check::kLon},
              F{.name = "lat", .type = T::kReal, .check = Check::kLat},
              F{.name = "population", .type = T::kInt, .sort = true, .min = 0, .max = 1e8},
              F{.name = "approximate", .type = T::kBool, .filter = true},
              // 社区 urban community or 村 village (for communities only).
              F{.name = "kind", .filter = true, .allowed = {"社区", "村"}},
              F{.name = "polygon", .type = T::kGeometry},
          },
      .located = false,
      .unique_field = "code",
      .referrers = {.placements = true, .sub_divisions = true, .scoped_users = true},
      .code_field = "code",
      .refreshes_index = true,
      .complete = complete_jurisdiction,
  });
  k.push_back(KindSpec{
      .name = "enterprises",
      .table = "enterprises",
      .title = "Enterprise",
      .fields = with_location({
          F{.name = "name",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 100},
          F{.name = "credit_code",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .check = Check::kCreditCode,
            .max_len = 18},
          // 规上 above designated size, 规下 below, 小微 small and micro.
          F{.name = "scale",
            .required = true,
            .filter = true,
            .sort = true,
            .allowed = {"规上", "规下", "小微"}},
          F{.name = "industry", .filter = true, .sort = true, .search = true, .max_len = 60},
          F{.name = "address", .search = true, .max_len = 200},
          F{.name = "hazchem_user", .type = T::kBool, .filter = true, .sort = true},
          // 三场所三企业: three kinds of places and three kinds of enterprises under special watch.
          F{.name = "flags",
            .type = T::kStringList,
            .filter = true,
            .allowed = {"人员密集场所", "高层建筑", "地下空间", "危险化学品企业", "工贸企业",
                        "建筑施工企业"},
            .max_len = 6},
          F{.name = "contact_name", .search = true, .max_len = 40},
          F{.name = "contact_phone", .check = Check::kPhone, .max_len = 20},
      }),
      .unique_field = "credit_code",
      // An enterprise user sees its own enterprise: the row whose id is its enterprise.
      .scope = {.town = "town_code", .community = "community_code", .enterprise = "id"},
      .referrers = {.enterprise_users = true},
  });
  k.push_back(KindSpec{
      .name = "chemicals",
      .table = "chemicals",
      .title = "Chemical",
      .fields =
          {
              F{.name = "name",
                .required = true,
                .filter = true,
                .sort = true,
                .search = true,
                .max_len = 100},
              F{.name = "cas", .filter = true, .search = true, .check = Check::kCas, .max_len = 12},
              F{.name = "table1_seq", .type = T::kInt, .filter = true, .min = 1, .max = 85},
              F{.name = "hazard_class",
                .filter = true,
                .sort = true,
                .check = Check::kHazardClass,
                .max_len = 5},
              F{.name = "max_quantity_t",
                .type = T::kReal,
                .required = true,
                .sort = true,
                .min = 0,
                .max = 1e7},
              F{.name = "storage_unit", .search = true, .max_len = 60},
          },
      .located = false,
      .parent = "enterprises",
      .parent_fk = "enterprise_id",
      .complete = complete_chemical,
  });
  k.push_back(KindSpec{
      .name = "shelters",
      .table = "shelters",
      .title = "Shelter",
      .fields = with_location({
          F{.name = "name",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 100},
          F{.name = "type", .filter = true, .sort = true, .allowed = {"室内", "室外", "综合"}},
          F{.name = "capacity_people",
            .type = T::kInt,
            .required = true,
            .filter = true,
            .sort = true,
            .min = 0,
            .max = 1e6},
          F{.name = "area_m2", .type = T::kReal, .sort = true, .min = 0, .max = 1e8},
          F{.name = "address", .search = true, .max_len = 200},
          F{.name = "standardised", .type = T::kBool, .filter = true},
          F{.name = "video_url", .check = Check::kUrl, .max_len = 500},
      }),
  });
  k.push_back(KindSpec{
      .name = "warehouses",
      .table = "warehouses",
      .title = "Warehouse",
      .fields = with_location({
          F{.name = "name",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 100},
          F{.name = "level",
            .required = true,
            .filter = true,
            .sort = true,
            .allowed = {"district", "town", "village"}},
          F{.name = "area_m2",
            .type = T::kReal,
            .filter = true,
            .sort = true,
            .min = 0,
            .max = 1e8},
          F{.name = "address", .search = true, .max_len = 200},
          F{.name = "contact_phone", .check = Check::kPhone, .max_len = 20},
      }),
  });
  k.push_back(KindSpec{
      .name = "stock",
      .table = "stock",
      .title = "StockItem",
      .fields =
          {
              F{.name = "category",
                .required = true,
                .filter = true,
                .sort = true,
                .search = true,
                .max_len = 40},
              F{.name = "name",
                .required = true,
                .filter = true,
                .sort = true,
                .search = true,
                .max_len = 100},
              F{.name = "quantity",
                .type = T::kReal,
                .required = true,
                .sort = true,
                .min = 0,
                .max = 1e9},
              F{.name = "unit", .required = true, .max_len = 20},
              F{.name = "expiry", .type = T::kDate, .filter = true, .sort = true},
          },
      .located = false,
      .parent = "warehouses",
      .parent_fk = "warehouse_id",
  });
  k.push_back(KindSpec{
      .name = "teams",
      .table = "teams",
      .title = "Team",
      .fields = with_location({
          F{.name = "name",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 100},
          F{.name = "type", .filter = true, .sort = true, .search = true, .max_len = 40},
          F{.name = "headcount",
            .type = T::kInt,
            .required = true,
            .filter = true,
            .sort = true,
            .min = 0,
            .max = 100000},
          F{.name = "base_address", .search = true, .max_len = 200},
          F{.name = "capabilities", .type = T::kStringList, .filter = true, .max_len = 30},
          F{.name = "contact_phone", .check = Check::kPhone, .max_len = 20},
      }),
  });
  k.push_back(KindSpec{
      .name = "stations",
      .table = "stations",
      .title = "Station",
      .fields = with_location({
          F{.name = "name",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 100},
          F{.name = "address", .search = true, .max_len = 200},
          F{.name = "contact_phone", .check = Check::kPhone, .max_len = 20},
      }),
  });
  k.push_back(KindSpec{
      .name = "devices",
      .table = "devices",
      .title = "Device",
      .fields = with_location({
          F{.name = "code",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 40},
          F{.name = "name",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 100},
          F{.name = "kind",
            .required = true,
            .filter = true,
            .sort = true,
            .allowed = {"rain_gauge", "water_level", "wind", "gas_detector", "pipeline_pressure",
                        "waterlogging", "bridge_strain", "tunnel_water"}},
          F{.name = "metrics", .type = T::kStringList, .max_len = 20},
      }),
      .label_field = "code",
      .unique_field = "code",
  });
  k.push_back(KindSpec{
      .name = "cameras",
      .table = "cameras",
      .title = "Camera",
      .fields = with_location({
          F{.name = "code",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 40},
          F{.name = "name",
            .required = true,
            .filter = true,
            .sort = true,
            .search = true,
            .max_len = 100},
          F{.name = "stream_url", .check = Check::kUrl, .max_len = 500},
      }),
      .label_field = "code",
      .unique_field = "code",
  });
  return k;
}

}  // namespace

const std::vector<KindSpec>& kinds() {
  static const std::vector<KindSpec> k = make_kinds();
  return k;
}

const KindSpec* find_kind(std::string_view name) {
  for (const auto& k : kinds())
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace lakeguard::registry
