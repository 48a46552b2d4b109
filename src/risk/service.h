#pragma once
// The enterprise risk index over the registry (issue 8 item 3; docs/risk.md "Enterprise risk
// index"): its inputs gathered through the registry's service (the enterprise, its chemicals →
// GB 18218 grade) and the hazards' service (open, overdue and 重大 hidden dangers), the risk points
// from its own store; the snapshot and its history stored, recomputed when events say an input
// changed. Scope is the registry's: an enterprise the caller cannot see is 404. No HTTP, no SQL.
// Thread-safe.

#include <boost/json.hpp>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "hazards/service.h"
#include "platform/changes.h"
#include "registry/service.h"
#include "risk/index.h"
#include "risk/model.h"
#include "risk/points.h"

namespace lakeguard::risk {

// Where a snapshot lives, for scope (the enterprise's own columns).
inline constexpr ScopeColumns kScopeColumns{
    .town = "town_code", .community = "community_code", .enterprise = "enterprise_id"};

struct RiskServiceOptions {
  IndexOptions index;
  Options levels;  // LEC/LS → colour of a risk point
  // GB 18218 α needs the people within 500 m outside the site (Table 5), which the registry does
  // not record yet: until it does, the most cautious α (≥ 100 people → 2.0) is assumed.
  int64_t assumed_people_within_500m = 100;
};

struct HistoryPage {
  boost::json::array items;
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 50;
};

class RiskService {
 public:
  // `events` may be null (no live updates). Starts the recompute worker.
  RiskService(db::Database& db, const Clock& clock, platform::AuditSink& audit, EventSink* events,
              registry::RegistryService& registry, hazards::HazardsService& hazards,
              RiskServiceOptions opts = {});
  ~RiskService();  // stops the worker (pending recomputes are dropped: the next read redoes them)
  RiskService(const RiskService&) = delete;
  RiskService& operator=(const RiskService&) = delete;

  // An input of the enterprise changed: recompute it soon (on the worker). Cheap, never blocks
  // on a recompute: for event handlers.
  void mark_dirty(int64_t enterprise_id);
  // Recomputes every pending enterprise now, on the caller's thread.
  void drain();
  // Recomputes every enterprise (start-up: the demo data and imports publish no events).
  void recompute_all();

  // GET /enterprises/{id}/risk: 404 outside the caller's scope (the registry's). Recomputed
  // first when an event marked it, when there is no snapshot, or when it was computed on an
  // earlier day (overdue moves with the date).
  Result<boost::json::object> get(const Principal& p, int64_t enterprise_id);
  // GET /enterprises/{id}/risk/history: newest first.
  Result<HistoryPage> history(const Principal& p, int64_t enterprise_id,
                              const std::vector<std::pair<std::string, std::string>>& params);

  // GET /risk/enterprises?town=&colour=&page=&page_size=: the four-colour map list of the
  // snapshots in the caller's scope, highest index first (pending recomputes done first).
  Result<HistoryPage> map(const Principal& p,
                          const std::vector<std::pair<std::string, std::string>>& params);

  // Risk points (风险点). Reads: 404 outside the registry's scope of their enterprise. Writes
  // (every role but viewer, in scope): 422 naming the field (nothing written), audited through
  // platform::ChangeSet, live topic `risk_points`, then the enterprise's index recomputed.
  Result<HistoryPage> list_points(const Principal& p, int64_t enterprise_id,
                                  const std::vector<std::pair<std::string, std::string>>& params);
  Result<boost::json::object> create_point(const Principal& p, int64_t enterprise_id,
                                           const boost::json::object& body,
                                           const platform::Actor& who);
  Result<boost::json::object> get_point(const Principal& p, int64_t id);
  // A body that changes nothing writes nothing (no version, no audit, no event); a stale
  // `if_match` → 409.
  Result<boost::json::object> update_point(const Principal& p, int64_t id,
                                           const boost::json::object& body,
                                           std::optional<int64_t> if_match,
                                           const platform::Actor& who);
  Status remove_point(const Principal& p, int64_t id, const platform::Actor& who);

 private:
  // Recomputes and stores the snapshot (history and live event only when index or colour
  // changed). False when the enterprise no longer exists. REQUIRES: compute_mu_ held.
  bool recompute(int64_t enterprise_id);
  void work();
  // The point, when its enterprise is in p's scope (else 404).
  Result<RiskPoint> scoped_point(db::Connection& c, const Principal& p, int64_t id);
  Event point_event(std::string_view type, const RiskPoint& pt) const;

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  registry::RegistryService& registry_;
  hazards::HazardsService& hazards_;
  const RiskServiceOptions opts_;

  // One recompute (or risk read) at a time: history rows are appended in order, and a read never
  // sees a snapshot the worker is about to replace.
  std::mutex compute_mu_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<int64_t> dirty_;  // GUARDED_BY(mu_)
  bool stop_ = false;        // GUARDED_BY(mu_)
  std::thread worker_;
};

}  // namespace lakeguard::risk
