#pragma once
// The duty rota's SQL: every value a bound parameter, column names only from this file. Scope
// arrives as a Where built from the caller's ScopeCondition (core/principal.h) over the rows'
// `town_code` and is part of every query, never filtered afterwards. Where clauses given to the
// shift queries may name only duty_shifts' columns (they are also used joined to the people).
// Tables: duty_shifts, duty_assignments, duty_handovers, duty_log, duty_contacts

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/where.h"
#include "duty/model.h"

namespace lakeguard::duty::store {

using db::scope_where;
using db::Where;

inline constexpr int64_t kMaxShiftsListed = 5000;

// Returns the new id; writes the people too.
int64_t insert_shift(db::Connection& c, const Shift& s);
// Writes times, note and people where the row still has `expected_version`; returns rows changed.
int64_t update_shift(db::Connection& c, const Shift& s, int64_t expected_version);
void delete_shift(db::Connection& c, int64_t id);
std::optional<Shift> select_shift(db::Connection& c, int64_t id, const Where& scope);
// The shifts w admits that share an instant with (from, to], by unit then start, at most
// kMaxShiftsListed.
std::vector<Shift> select_shifts(db::Connection& c, const Where& w, int64_t from_ms, int64_t to_ms);
// The shifts w admits on duty at now: starts_at < now ≤ ends_at.
std::vector<Shift> select_on_duty(db::Connection& c, const Where& w, int64_t now_ms);
// The unit's first shift starting at or after `from_ms` (its next shift).
std::optional<Shift> select_next_shift(db::Connection& c, const std::string& unit_code,
                                       int64_t from_ms);
// Handovers and log entries that refer to the shift (a shift with any cannot go).
int64_t count_shift_refs(db::Connection& c, int64_t shift_id);

// Returns the new id. Throws db::ConstraintError when the shift already has its handover.
int64_t insert_handover(db::Connection& c, const Handover& h);
std::optional<Handover> select_handover(db::Connection& c, int64_t id, const Where& scope);
// The handover written by the shift (as the outgoing one) or to it (as the incoming one).
std::optional<Handover> select_handover_of(db::Connection& c, int64_t shift_id);
std::optional<Handover> select_handover_to(db::Connection& c, int64_t shift_id);
int64_t count_handovers(db::Connection& c, const Where& w);
std::vector<Handover> select_handovers(db::Connection& c, const Where& w, int64_t limit,
                                       int64_t offset);
// Sets the acknowledgement where the handover is still `written`; returns rows changed.
int64_t acknowledge_handover(db::Connection& c, int64_t id, int64_t user_id,
                             const std::string& name, int64_t at_ms);

int64_t insert_log(db::Connection& c, const LogEntry& e);
std::vector<LogEntry> select_log(db::Connection& c, int64_t shift_id, const Where& scope,
                                 int64_t limit);

// Writes the entry's name, unit, town, title (and phone when not empty), keeping a phone already
// recorded when the entry has none.
void upsert_contact(db::Connection& c, const Contact& k);
std::optional<Contact> select_contact(db::Connection& c, int64_t user_id, const Where& scope);
int64_t count_contacts(db::Connection& c, const Where& w);
std::vector<Contact> select_contacts(db::Connection& c, const Where& w, int64_t limit,
                                     int64_t offset);

}  // namespace lakeguard::duty::store
