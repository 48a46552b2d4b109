#pragma once
// The hidden dangers' use cases: report, list, read with the action history, act (the state
// machine of lifecycle.h), statistics. Each write is one transaction with its action record and
// its audit row (platform::ChangeSet), and its live event on topic `hazards` after the commit.
// Enterprises are reached through the registry's service (their existence, scope and town),
// never its tables. The one door other contexts use. No HTTP, no SQL. Thread-safe.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "hazards/model.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::hazards {

struct HazardsOptions {
  // The rectification deadline confirm and reopen give when none is sent: calendar days from
  // today (Asia/Shanghai). 30 for 一般 (issue 10; a 重大 one takes its plan's deadline).
  int64_t default_deadline_days = 30;
  // How far ahead any deadline may lie (a typo such as 2206 is refused).
  int64_t max_deadline_days = 1095;
};

struct HazardPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 50;
};

class HazardsService {
 public:
  // `events` may be null (no live updates).
  HazardsService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                 EventSink* events, registry::RegistryService& registry, HazardsOptions opts = {});

  // POST /hazards: 403 for a viewer (and an enterprise user reporting anything but a
  // self-check, field `source`); 422 for bad fields, or an enterprise the caller cannot see
  // (field `enterprise_id`). Returns the hazard as the API shows it, with its history.
  Result<boost::json::object> report(const Principal& p, const boost::json::object& body,
                                     const platform::Actor& who);
  // GET /hazards: the page of the caller's scope that matches the query parameters (400 naming a
  // bad parameter).
  Result<HazardPage> list(const Principal& p,
                          const std::vector<std::pair<std::string, std::string>>& params);
  // GET /hazards/{id}: the hazard, its `actions` (oldest first) and the `allowed_actions` the
  // caller may take now; 404 outside the scope.
  Result<boost::json::object> get(const Principal& p, int64_t id);
  // POST /hazards/{id}/actions: 422 for a bad body (unknown action: field `action`), 404 outside
  // the scope, then the state machine's 403/409; `if_match` a stale version → 409.
  Result<boost::json::object> act(const Principal& p, int64_t id, const boost::json::object& body,
                                  std::optional<int64_t> if_match, const platform::Actor& who);
  // GET /hazards/stats: counts by status, class, town, industry and source, the overdue count,
  // the on-time closure rate and the mean days to close, over the caller's scope and the list's
  // filters.
  Result<boost::json::object> stats(const Principal& p,
                                    const std::vector<std::pair<std::string, std::string>>& params);

  const HazardsOptions& options() const { return opts_; }

 private:
  boost::json::object detail(db::Connection& c, const Principal& p, const Hazard& h,
                             const std::string& today);
  Event event_of(std::string_view type, const Hazard& h, const std::string& today) const;

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  registry::RegistryService& registry_;
  const HazardsOptions opts_;
};

}  // namespace lakeguard::hazards
