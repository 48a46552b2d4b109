#pragma once
// The 双随机一公开 use cases (issue 10 §3): create a draw with both pools fixed and the seed
// committed, add witnesses' texts, reveal. Scope and roles are checked here; the selection itself
// is inspections/draw.h (pure). Reaches the registry and users only through their services.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/principal.h"
#include "db/database.h"
#include "inspections/model.h"
#include "platform/changes.h"

namespace lakeguard::auth {
class AuthService;
}
namespace lakeguard::registry {
class RegistryService;
}

namespace lakeguard::inspections {

struct NewDraw {
  std::string title;  // default "双随机抽查 <date>"
  int64_t k = 0;
  int64_t m = 0;
  // Enterprise filters, as the enterprise list takes them (e.g. {"town_code": "330106009"}).
  std::vector<std::pair<std::string, std::string>> pool;
  std::vector<std::pair<int64_t, std::string>> exclude_inspectors;  // id, reason
  // For one target of a plan: the target's filters make the pool, and k, when 0, follows from
  // its share (enterprises_per_draw).
  std::optional<int64_t> plan_id;
  std::optional<int64_t> plan_target;
};

// A plan target's progress over the year.
struct TargetProgress {
  int64_t pool_size = 0;         // enterprises in the category now
  int64_t per_draw = 0;          // enterprises_per_draw(pool_size, ratio)
  int64_t planned_per_year = 0;  // per_draw × times_per_year
  int64_t draws = 0;             // draws made for the target
  int64_t revealed = 0;
  int64_t enterprises_drawn = 0;  // selected in revealed draws
};

// Who may do what with draws.
bool may_read_draws(const Principal& p);
bool may_run_draws(const Principal& p);  // create, witness, reveal

class InspectionService {
 public:
  InspectionService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                    registry::RegistryService& registry, auth::AuthService& users);

  // Fixes both pools from the caller's scope, commits to a fresh 32-byte seed. 422 when k or m is
  // larger than its pool.
  Result<Draw> create(const Principal& p, const NewDraw& nd, const platform::Actor& who);
  Result<Draw> get(const Principal& p, int64_t id);
  Result<std::pair<std::vector<Draw>, int64_t>> list(const Principal& p,
                                                     std::optional<std::string> status,
                                                     int64_t page, int64_t page_size);
  // 409 once revealed (the texts are fixed then) or when kMaxWitnesses were added.
  Result<Draw> add_witness(const Principal& p, int64_t id, const std::string& name,
                           const std::string& entropy, const platform::Actor& who);
  // 409 without a witness, or when already revealed.
  Result<Draw> reveal(const Principal& p, int64_t id, const platform::Actor& who);
  // Plans (抽查计划) of the caller's scope; officers create them.
  Result<Plan> create_plan(const Principal& p, Plan plan, const platform::Actor& who);
  Result<std::pair<Plan, std::vector<TargetProgress>>> plan(const Principal& p, int64_t id);
  Result<std::pair<std::vector<Plan>, int64_t>> plans(const Principal& p, std::optional<int> year,
                                                      int64_t page, int64_t page_size);

  int64_t now_ms() const { return clock_.now_ms(); }

  // Every draw, newest first (一公开: the public page), a page at a time.
  std::pair<std::vector<Draw>, int64_t> published(int64_t page, int64_t page_size);

 private:
  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  registry::RegistryService& registry_;
  auth::AuthService& users_;

  // Enterprises matching `pool` in p's scope (validation errors name "<field_prefix>.<filter>").
  Result<std::vector<PoolMember>> enterprise_pool(
      const Principal& p, const std::vector<std::pair<std::string, std::string>>& pool,
      const std::string& field_prefix);
};

}  // namespace lakeguard::inspections
