#pragma once
// The incidents' use cases: open (also from an alarm, converting it through
// alarms::AlarmsService in the same transaction), list, read (timeline, activations, tasks,
// receipts, resource requests, review), level up/down, note and close, activate a published plan
// (through plans::PlansService, never its tables), resource requests against the registry's teams
// and stock (registry::RegistryService), the post-event review whose findings become hidden
// dangers (hazards::HazardsService), act on a task (instructions.h), 一键通 (notify.h), the
// situation report (sitrep.h), and the escalation pass (escalation.h) over the stored tasks and the
// Clock. Each write is one transaction with its timeline events and audit rows
// (platform::ChangeSet), its live events on topic `incidents` after the commit. The one door other
// contexts use. No HTTP, no SQL. Thread-safe.

#include <boost/json.hpp>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "alarms/service.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "duty/service.h"
#include "hazards/service.h"
#include "incidents/escalation.h"
#include "incidents/model.h"
#include "incidents/notify.h"
#include "plans/service.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::incidents {

struct EscalationOptions {
  EscalationConfig config;
  // A background pass every this many seconds (the first at start); 0: none (tests, instances
  // that leave it to another: passes are safe on several instances).
  int64_t interval_s = 0;
};

struct IncidentsOptions {
  EscalationOptions escalation;
  int64_t max_tasks_listed = 500;  // GET /incident-tasks (mine), at most
};

// Whether p may command incidents (open, change, activate, notify): an admin, a district or a
// town officer, not through a read-only token. Where: their scope.
bool may_command(const Principal& p);

// The log channel of 一键通: writes each callout's text to the log (spdlog info) and takes it.
class LogNotifier final : public Notifier {
 public:
  std::string_view name() const override { return "log"; }
  Status send(const Callout& c) override;
};

struct IncidentPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
};

struct PassCounts {
  int64_t now_ms = 0;
  int64_t open = 0;       // open tasks looked at
  int64_t recorded = 0;   // escalations this pass recorded (none another pass had)
  int64_t unread = 0;     // of them, of tasks never read
  int64_t undone = 0;     // of them, of tasks read but not done
  int64_t delivered = 0;  // of them, handed to the notification channel for their addressee
  int64_t failed = 0;     // of them, refused by the channel (the reason is recorded)
};
boost::json::object to_json(const PassCounts& c);

class IncidentsService {
 public:
  // `events` may be null. `notifier` must outlive the service.
  IncidentsService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                   EventSink* events, plans::PlansService& plans, Notifier& notifier,
                   alarms::AlarmsService& alarms, registry::RegistryService& registry,
                   hazards::HazardsService& hazards, IncidentsOptions opts = {},
                   duty::DutyService* duty = nullptr);

  // POST /incidents: 403 unless may_command and the town is in the caller's scope (field
  // town_code); 422 naming the field. With `alarm_id`: the place from the alarm (and its
  // device's point in the registry), title/type/level derived unless given; 422 alarm_id when
  // the caller cannot see the alarm, 409 alarm_id unless it is verified (a converted one
  // included: one incident per alarm); the alarm is converted in the same transaction.
  Result<boost::json::object> open(const Principal& p, const boost::json::object& body,
                                   const platform::Actor& who);
  // GET /incidents (status filter), newest first.
  Result<IncidentPage> list(const Principal& p, std::optional<IncidentStatus> status, int64_t page,
                            int64_t page_size);
  // GET /incidents/{id}: with timeline, activations, tasks and receipts; 404 outside the scope.
  Result<boost::json::object> get(const Principal& p, int64_t id);
  // POST /incidents/{id}/actions: level_up, level_down, note, close; 409 when closed or at the
  // end of the level range.
  Result<boost::json::object> act(const Principal& p, int64_t id, const boost::json::object& body,
                                  const platform::Actor& who);
  // POST /incidents/{id}/activations: the plan's edition in force at `level` (default the
  // incident's): its tasks, due at now + offset. 409 when the incident is closed.
  Result<boost::json::object> activate(const Principal& p, int64_t id,
                                       const boost::json::object& body, const platform::Actor& who);
  // POST /incidents/{id}/activations/{activation_id}/notify (一键通): a receipt per responsible
  // person (once: a second call sends only to those not yet reached), then the callouts.
  Result<boost::json::object> notify(const Principal& p, int64_t id, int64_t activation_id,
                                     const platform::Actor& who);
  // POST /incident-tasks/{id}/actions: the state machine; 404 when the caller can neither see
  // the incident nor is the assignee.
  Result<boost::json::object> act_on_task(const Principal& p, int64_t task_id,
                                          const boost::json::object& body,
                                          const platform::Actor& who);
  // GET /incident-tasks: the caller's own tasks (the phone page).
  Result<std::vector<boost::json::object>> my_tasks(const Principal& p);
  // POST /incidents/{id}/requests (资源调度): the team, or the warehouse's stock item and a
  // quantity not above its stock on hand, as the caller sees them in the registry (422 naming the
  // field otherwise); 409 when the incident is closed. The stock is not reserved.
  Result<boost::json::object> request_resource(const Principal& p, int64_t id,
                                               const boost::json::object& body,
                                               const platform::Actor& who);
  // POST /incident-requests/{id}/actions: dispatch, arrive, cancel (response.h); 404 outside the
  // scope, 403 unless a commander, 409 naming the state or when the incident is closed.
  Result<boost::json::object> act_on_request(const Principal& p, int64_t request_id,
                                             const boost::json::object& body,
                                             const platform::Actor& who);
  // POST /incidents/{id}/review (复盘): once, on a closed incident (409 otherwise); each finding
  // with an enterprise (visible to the caller: 422 findings[i].enterprise_id) becomes a hidden
  // danger (source inspection) through the hazards' service after the review committed.
  Result<boost::json::object> review(const Principal& p, int64_t id,
                                     const boost::json::object& body, const platform::Actor& who);
  // GET /incidents/{id}/sitrep: text or HTML.
  Result<std::string> sitrep(const Principal& p, int64_t id, bool html);

  // One escalation pass now (a system job), and POST /incidents/escalations/run (admin or a
  // district officer).
  PassCounts run_escalation_pass();
  Result<PassCounts> run_escalation(const Principal& p);
  // A pass every opts.escalation.interval_s on a thread of its own; nothing when it is 0.
  void start();
  void stop();
  ~IncidentsService();

 private:
  Event event_of(std::string_view type, const Incident& i, boost::json::object data) const;
  Result<Incident> readable(db::Connection& c, const Principal& p, int64_t id);
  Result<Incident> commandable(db::Connection& c, const Principal& p, int64_t id);
  Result<boost::json::object> open_parsed(const Principal& p, const boost::json::object& body,
                                          std::optional<alarms::Alarm> alarm,
                                          const platform::Actor& who);
  void add_event(db::Connection& c, platform::ChangeSet& ch, const Incident& i, TimelineEvent e);

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  plans::PlansService& plans_;
  Notifier& notifier_;
  alarms::AlarmsService& alarms_;
  registry::RegistryService& registry_;
  hazards::HazardsService& hazards_;
  duty::DutyService* duty_;  // who is on duty: the superior an escalation goes to (may be null)
  const IncidentsOptions opts_;
  std::mutex pass_mu_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lakeguard::incidents
