#pragma once
// The 双随机一公开 use cases (issue 10 §3): create a draw with both pools fixed and the seed
// committed, add witnesses' texts, reveal. Scope and roles are checked here; the selection itself
// is inspections/draw.h (pure). Reaches the registry and users only through their services.

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/principal.h"
#include "db/database.h"
#include "inspections/model.h"
#include "inspections/tasks.h"
#include "platform/changes.h"

namespace lakeguard::auth {
class AuthService;
}
namespace lakeguard::registry {
class RegistryService;
}
namespace lakeguard::hazards {
class HazardsService;
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

// --- 掌上执法 (issue 10 item 4): checklist templates, tasks, items, findings, penalties ---

struct NewTask {
  int64_t template_id = 0;
  int64_t enterprise_id = 0;
  std::vector<int64_t> inspector_ids;  // 1–10 active inspectors serving the caller's scope
};

struct ItemRecord {
  std::string result;  // pass | fail | na
  std::string note;    // ≤ 500 characters
  std::optional<double> lon;
  std::optional<double> lat;
};

struct NewPenalty {
  std::string violation;  // the benchmark's code
  std::string level;      // 轻微 一般 较重 严重
  int64_t amount_yuan = 0;
  std::string note;
};

bool may_read_tasks(const Principal& p);

class TaskService {
 public:
  // `benchmark`: the penalty discretion table (行政处罚裁量基准) amounts are validated against.
  TaskService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
              registry::RegistryService& registry, auth::AuthService& users,
              hazards::HazardsService& hazards, std::vector<ViolationRule> benchmark);

  // Templates: read by every task reader; created, replaced and deleted by district officers
  // and admins (403 otherwise); a template in use by a task is not deleted (409).
  Result<std::vector<ChecklistTemplate>> templates(const Principal& p);
  // 一公开: the completed inspections of each draw (public: no principal; PublicResult holds
  // only what may be published), by draw id; draws without any are absent.
  std::map<int64_t, std::vector<PublicResult>> public_results(const std::vector<int64_t>& draw_ids);
  Result<ChecklistTemplate> template_by_id(const Principal& p, int64_t id);
  Result<ChecklistTemplate> create_template(const Principal& p, ChecklistTemplate t,
                                            const platform::Actor& who);
  Result<ChecklistTemplate> replace_template(const Principal& p, ChecklistTemplate t,
                                             const platform::Actor& who);
  Status delete_template(const Principal& p, int64_t id, const platform::Actor& who);

  // An ad hoc task (officers).
  Result<Task> create_task(const Principal& p, const NewTask& nt, const platform::Actor& who);
  // One task per enterprise the revealed draw selected, its selected inspectors assigned (409
  // when the draw is open or already has tasks).
  Result<std::vector<Task>> tasks_from_draw(const Principal& p, int64_t draw_id,
                                            int64_t template_id, const platform::Actor& who);
  Result<Task> task(const Principal& p, int64_t id);
  // `mine`: only the caller's own (an inspector's list).
  Result<std::pair<std::vector<Task>, int64_t>> tasks(const Principal& p,
                                                      std::optional<std::string> status,
                                                      std::optional<int64_t> draw_id, bool mine,
                                                      int64_t page, int64_t page_size);
  // start | complete | cancel (task_transition); complete needs every item recorded (409).
  Result<Task> act(const Principal& p, int64_t id, std::string_view action,
                   const std::string& reason, std::optional<int64_t> if_match,
                   const platform::Actor& who);
  // Records item `seq` while the task is in progress (409 otherwise).
  Result<Task> record_item(const Principal& p, int64_t id, int seq, const ItemRecord& r,
                           const platform::Actor& who);
  // A photo of item `seq`, kept in the hidden dangers' photo store (413/415 there).
  Result<Task> add_item_photo(const Principal& p, int64_t id, int seq,
                              const std::string& media_type, const std::string& bytes,
                              const platform::Actor& who);
  struct Photo {
    std::string media_type;
    std::string bytes;
  };
  Result<Photo> item_photo(const Principal& p, int64_t id, int seq);
  // A failed item becomes a hidden danger (source inspection) through the hidden dangers'
  // service, pre-filled from the task and the item; the item links to it. 409 unless the item
  // failed and has none yet. Returns the hidden danger.
  Result<boost::json::object> finding_to_hazard(const Principal& p, int64_t id, int seq,
                                                const std::string& hazard_class,
                                                const std::string& category,
                                                const platform::Actor& who);
  // 行政处罚 on an in-progress or completed task: the amount checked against the benchmark.
  Result<Task> add_penalty(const Principal& p, int64_t id, const NewPenalty& np,
                           const platform::Actor& who);
  const std::vector<ViolationRule>& benchmark() const { return benchmark_; }

 private:
  Result<Task> workable(const Principal& p, int64_t id, int seq, db::Connection& c);

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  registry::RegistryService& registry_;
  auth::AuthService& users_;
  hazards::HazardsService& hazards_;
  const std::vector<ViolationRule> benchmark_;
};

}  // namespace lakeguard::inspections
