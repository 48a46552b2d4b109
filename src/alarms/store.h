#pragma once
// The alarms' SQL: every value a bound parameter, column names only from this file. Scope arrives
// as a Where (db/where.h) and is part of every query on alarms.
// Tables: alarm_rules, alarm_rule_states, alarms, alarm_actions

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alarms/engine.h"
#include "alarms/model.h"
#include "db/database.h"
#include "db/where.h"

namespace lakeguard::alarms::store {

using db::scope_where;
using db::Where;

// --- rules ---
struct StoredRule {
  int64_t id = 0;
  std::string name;
  bool built_in = false;
  std::string definition;  // JSON (rules.h definition_of)
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 1;
};
std::vector<StoredRule> select_rules(db::Connection& c);
std::optional<StoredRule> select_rule(db::Connection& c, int64_t id);
// Throws db::ConstraintError when the name is taken.
int64_t insert_rule(db::Connection& c, const std::string& name, const std::string& type,
                    bool enabled, bool built_in, const std::string& definition, int64_t now_ms);
// Inserts unless a rule of that name exists (the built-in seed). Returns whether it inserted.
bool insert_rule_if_absent(db::Connection& c, const std::string& name, const std::string& type,
                           bool built_in, const std::string& definition, int64_t now_ms);
// Rows changed (0: the version moved meanwhile).
int64_t update_rule(db::Connection& c, int64_t id, bool enabled, const std::string& definition,
                    int64_t now_ms, int64_t expected_version);

// --- rule states ---
std::vector<SavedState> select_states(db::Connection& c);
void upsert_state(db::Connection& c, const SavedState& s, int64_t now_ms);

// --- alarms ---
void add_filter(const ListFilter& f, Where& w);
int64_t count(db::Connection& c, const Where& w);
std::vector<Alarm> select(db::Connection& c, const Where& w, const ListFilter& f, int64_t limit,
                          int64_t offset);
std::optional<Alarm> select_one(db::Connection& c, int64_t id, const Where& scope);
// The non-terminal alarm of a fingerprint, if any.
std::optional<Alarm> find_open(db::Connection& c, int64_t device_id, const std::string& metric,
                               const std::string& rule);
int64_t insert(db::Connection& c, const Alarm& a);
// Writes a's mutable columns and bumps the version where it is still expected_version.
int64_t update(db::Connection& c, const Alarm& a, int64_t expected_version);

int64_t insert_action(db::Connection& c, const ActionRecord& a);
std::vector<ActionRecord> actions_of(db::Connection& c, int64_t alarm_id);

}  // namespace lakeguard::alarms::store
