#pragma once
// The incidents' SQL: every value a bound parameter, column names only from this file. Scope
// arrives as a Where built from the caller's ScopeCondition (core/principal.h) and is part of
// every query, never filtered afterwards.
// Tables: incidents, incident_events, incident_activations, incident_tasks, incident_escalations,
// incident_receipts, incident_requests, incident_reviews, incident_review_findings

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/where.h"
#include "incidents/escalation.h"
#include "incidents/model.h"

namespace lakeguard::incidents::store {

using db::scope_where;
using db::Where;

int64_t insert_incident(db::Connection& c, const Incident& i);
std::optional<Incident> select_incident(db::Connection& c, int64_t id, const Where& scope);
int64_t count_incidents(db::Connection& c, const Where& w);
// Newest first.
std::vector<Incident> select_incidents(db::Connection& c, const Where& w, int64_t limit,
                                       int64_t offset);
// Writes the mutable columns and bumps the version where it still is `expected_version`.
int64_t update_incident(db::Connection& c, const Incident& i, int64_t expected_version);

int64_t insert_event(db::Connection& c, const TimelineEvent& e);
// Oldest first (by id: the order they were written in).
std::vector<TimelineEvent> events_of(db::Connection& c, int64_t incident_id);

int64_t insert_activation(db::Connection& c, const Activation& a);
std::vector<Activation> activations_of(db::Connection& c, int64_t incident_id);
std::optional<Activation> select_activation(db::Connection& c, int64_t incident_id, int64_t id);

// Inserts every task (ids written back).
void insert_tasks(db::Connection& c, std::vector<Task>& tasks);
std::vector<Task> tasks_of(db::Connection& c, int64_t incident_id);
// The task if `scope` admits it or it is assigned to `user_id`.
std::optional<Task> select_task(db::Connection& c, int64_t id, const Where& scope, int64_t user_id);
// The tasks assigned to `user_id`, open ones first, by deadline; at most `limit`.
std::vector<Task> tasks_assigned(db::Connection& c, int64_t user_id, int64_t limit);
int64_t update_task(db::Connection& c, const Task& t, int64_t expected_version);

// --- Escalation (a system job: no scope) ---
// Every open task (issued, read, accepted, feedback) with its unit and commander, by id.
std::vector<EscalationInput> open_tasks(db::Connection& c);
// The (task, stage) keys recorded for open tasks.
EscalationKeys recorded_escalations(db::Connection& c);
// Records e unless (task, stage) is there (ON CONFLICT DO NOTHING) and counts it on the task:
// the new row's id, or nullopt when another pass recorded it first.
std::optional<int64_t> insert_escalation(db::Connection& c, const Escalation& e,
                                         int64_t recorded_at_ms);
struct StoredEscalation {
  int64_t id = 0;
  Escalation e;
  int64_t recorded_at_ms = 0;
};
std::vector<StoredEscalation> escalations_of_task(db::Connection& c, int64_t task_id);
// Where the task belongs and its incident, for the pass's events.
struct TaskPlace {
  int64_t incident_id = 0;
  std::string title;
  std::string town_code;
  std::string community_code;
  std::optional<int64_t> commander_id;  // who activated the task's plan
};
std::optional<TaskPlace> task_place(db::Connection& c, int64_t task_id);
// Records how an escalation was delivered (delivery: sent | failed | unresolved).
void set_escalation_delivery(db::Connection& c, int64_t id, std::optional<int64_t> user_id,
                             const std::string& delivery, const std::string& error);
struct EscalationDelivery {
  std::optional<int64_t> user_id;
  std::string delivery;
  std::string error;
};
std::optional<EscalationDelivery> escalation_delivery(db::Connection& c, int64_t task_id,
                                                      int stage);

// --- Receipts of 一键通 ---
// A receipt (status pending) unless one is there for (activation, user, channel): its id or
// nullopt.
std::optional<int64_t> insert_receipt(db::Connection& c, int64_t activation_id, int64_t user_id,
                                      const std::string& channel);
void mark_receipt(db::Connection& c, int64_t id, const std::string& status,
                  const std::string& error, int64_t now_ms);
// The user read a task of the activation: their receipts (not failed) become read.
int64_t mark_read(db::Connection& c, int64_t activation_id, int64_t user_id, int64_t now_ms);
std::vector<Receipt> receipts_of(db::Connection& c, int64_t incident_id);

// --- Resource requests (资源调度) ---
int64_t insert_request(db::Connection& c, const ResourceRequest& q);
// Oldest first.
std::vector<ResourceRequest> requests_of(db::Connection& c, int64_t incident_id);
// No scope: the caller checks the request's incident with select_incident and its scope.
std::optional<ResourceRequest> select_request(db::Connection& c, int64_t id);
// Writes the state and time, bumps the version where it still is `expected_version`.
int64_t update_request(db::Connection& c, const ResourceRequest& q, int64_t expected_version);

// --- The post-event review (复盘) ---
// Inserts the review and its findings (ids written back); a second review of the incident
// throws db::ConstraintError (UNIQUE incident_id).
void insert_review(db::Connection& c, Review& r);
std::optional<Review> review_of(db::Connection& c, int64_t incident_id);
void set_finding_hazard(db::Connection& c, int64_t finding_id, std::optional<int64_t> hazard_id,
                        const std::string& error);

}  // namespace lakeguard::incidents::store
