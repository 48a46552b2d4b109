#pragma once
// The plan centre's use cases: create, list, read (with editions and attachments), edit a draft,
// the workflow (workflow.h), matching (matching.h), templates, attachments and the demo samples.
// Each write is one transaction with its audit rows (platform::ChangeSet) and its live event on
// topic `plans` after the commit. Enterprises and divisions are reached through the registry's
// service, never its tables. The one door other contexts use. No HTTP, no SQL. Thread-safe.

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "plans/content.h"
#include "plans/matching.h"
#include "plans/model.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::plans {

struct PlansOptions {
  MatchWeights weights;
  // The largest attachment (bytes); beyond it 413. Below the server's body limit (8 MiB).
  int64_t max_attachment_bytes = 5 * 1024 * 1024;
  // The revision due date publish sets when none is given: this many days after publication
  // (three years; a district sets its own review cycle).
  int64_t revision_days = 3 * 365;
};

struct PlanPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 50;
};

// The edition in force of a plan, parsed: what an incident activates (src/incidents).
struct InForcePlan {
  int64_t plan_id = 0;
  int64_t edition = 0;
  std::string title;
  Content content;
};

struct AttachmentFile {
  Attachment meta;
  std::string bytes;
};

class PlansService {
 public:
  // `events` may be null (no live updates).
  PlansService(db::Database& db, const Clock& clock, platform::AuditSink& audit, EventSink* events,
               registry::RegistryService& registry, PlansOptions opts = {});

  // POST /plans: 403 for a role that may not write or a jurisdiction outside the caller's write
  // scope (field `jurisdiction` / `enterprise_id`); 422 naming the bad field.
  Result<boost::json::object> create(const Principal& p, const boost::json::object& body,
                                     const platform::Actor& who);
  Result<PlanPage> list(const Principal& p,
                        const std::vector<std::pair<std::string, std::string>>& params);
  // GET /plans/{id}: with `versions` (published editions, newest first), `attachments` and the
  // `allowed_actions` of the caller; 404 outside the read scope.
  Result<boost::json::object> get(const Principal& p, int64_t id);
  // PATCH /plans/{id}: a draft only (409 naming the state); 403 when the caller may read but not
  // write it; a stale if_match → 409. An unchanged PATCH writes nothing.
  Result<boost::json::object> patch(const Principal& p, int64_t id, const boost::json::object& body,
                                    std::optional<int64_t> if_match, const platform::Actor& who);
  // POST /plans/{id}/actions.
  Result<boost::json::object> act(const Principal& p, int64_t id, const boost::json::object& body,
                                  std::optional<int64_t> if_match, const platform::Actor& who);
  // POST /plans/match: the editions in force the caller may read, ranked. A place given only as
  // lon/lat is the caller's own town or community (no point-in-town lookup yet, docs/plans.md);
  // an enterprise_id without a place takes the enterprise's town from the registry.
  Result<boost::json::object> match(const Principal& p, const boost::json::object& body);
  // The edition in force of plan `id` for activation (incidents): 422 naming `plan_id` when the
  // caller cannot read it, 409 naming `plan_id` when no edition is in force. Takes its own
  // connection: call it before taking yours.
  Result<InForcePlan> in_force(const Principal& p, int64_t id);

  // GET /plans/templates, GET /plans/types.
  boost::json::object templates() const;
  boost::json::object types() const;

  // POST /plans/{id}/attachments: the bytes are typed by their content (413 over the limit, 415
  // neither PDF nor DOCX).
  Result<boost::json::object> attach(const Principal& p, int64_t id, const std::string& filename,
                                     const std::string& bytes, const platform::Actor& who);
  Result<AttachmentFile> attachment(const Principal& p, int64_t id, int64_t attachment_id);

  // The demo's sample plans (published, labelled synthetic), once: the district's 防汛防台 and
  // 危化品 plans from the templates and a 防汛防台 plan of 留下街道. Returns how many were added.
  int64_t load_samples(const platform::Actor& who);

  const PlansOptions& options() const { return opts_; }

 private:
  Result<Plan> readable(db::Connection& c, const Principal& p, int64_t id);
  boost::json::object detail(db::Connection& c, const Principal& p, const Plan& plan);
  Event event_of(std::string_view type, const Plan& plan) const;
  // The parsed candidate of an edition in force, cached by (plan, edition): editions never change.
  std::optional<Candidate> candidate_of(int64_t plan_id, int64_t edition,
                                        const std::string& snapshot);

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  registry::RegistryService& registry_;
  const PlansOptions opts_;
  std::mutex cache_mu_;
  std::map<std::pair<int64_t, int64_t>, Candidate> cache_;  // GUARDED_BY(cache_mu_)
};

}  // namespace lakeguard::plans
