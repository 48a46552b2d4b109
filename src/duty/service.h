#pragma once
// The duty rota's use cases: units, shifts (list a window with the calendar's flags, create,
// read, change, delete), who is on duty now, handovers (write, acknowledge, list), the duty log
// and the address book. Units and their names come from the registry's service, people from
// auth's (users), never their tables; both are asked before a connection is taken. Each write is
// one transaction with its audit rows (platform::ChangeSet) and its live event on topic `duty`
// after the commit. No HTTP, no SQL. Thread-safe.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/service.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "duty/model.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::duty {

struct Unit {
  std::string code;
  std::string name;
  std::string town_code;  // "" for the district
};

struct JsonPage {
  boost::json::array items;
  int64_t total = 0;
};

class DutyService {
 public:
  DutyService(db::Database& db, const Clock& clock, platform::AuditSink& audit, EventSink* events,
              registry::RegistryService& registry, auth::AuthService& users);

  // GET /duty/units: the units (district, towns) in the caller's scope, with names.
  Result<boost::json::array> units(const Principal& p);
  // GET /duty/shifts: the shifts in scope sharing an instant with (from, to] (at most six
  // weeks; by default the current week from Monday 00:00 Beijing time), optionally of one unit,
  // with each shift's flags (rota.h flags_of).
  Result<boost::json::object> list_shifts(const Principal& p, std::optional<int64_t> from_ms,
                                          std::optional<int64_t> to_ms,
                                          const std::string& unit_code);
  Result<boost::json::object> get_shift(const Principal& p, int64_t id);
  // 403 for roles that may not keep a rota or a unit outside the scope, 422 naming the field,
  // 409 naming the clashing shift (rota.h R5, R6).
  Result<boost::json::object> create_shift(const Principal& p, const boost::json::object& body,
                                           const platform::Actor& who);
  Result<boost::json::object> update_shift(const Principal& p, int64_t id,
                                           const boost::json::object& body,
                                           std::optional<int64_t> if_match,
                                           const platform::Actor& who);
  // 409 while a handover or a log entry refers to the shift.
  Status delete_shift(const Principal& p, int64_t id, const platform::Actor& who);

  // GET /duty/now: per unit in scope, the shift on duty at the clock's now (start < now ≤ end),
  // its leader and officers with their phones; units with nobody on duty say so.
  Result<boost::json::object> now(const Principal& p);
  // The 带班领导 (leader) of the shift on duty at `at_ms` (start < at ≤ end) of the town's unit,
  // else of the district's unit; nullopt when neither has a leader on duty. Who "the assignee's
  // superior" is when an incident task escalates (issue 11 item 3, docs/incidents.md).
  std::optional<Assignment> superior_on_duty(const std::string& town_code, int64_t at_ms);

  // POST /duty/shifts/{id}/handover: an officer or the leader of the shift hands over to the
  // unit's next shift. 403 for anyone else, 409 without a next shift or when already written.
  Result<boost::json::object> write_handover(const Principal& p, int64_t shift_id,
                                             const boost::json::object& body,
                                             const platform::Actor& who);
  // POST /duty/handovers/{id}/acknowledge: a person of the incoming shift (not the writer).
  // 403 for anyone else, 409 when already acknowledged.
  Result<boost::json::object> acknowledge(const Principal& p, int64_t id,
                                          const platform::Actor& who);
  Result<JsonPage> list_handovers(const Principal& p, const std::string& state, int64_t page,
                                  int64_t page_size);

  Result<boost::json::object> add_log(const Principal& p, int64_t shift_id,
                                      const boost::json::object& body, const platform::Actor& who);
  Result<boost::json::array> list_log(const Principal& p, int64_t shift_id);

  // GET /duty/contacts: the address book in scope, by unit.
  Result<JsonPage> contacts(const Principal& p, int64_t page, int64_t page_size);
  // PUT /duty/contacts/{user_id}: the user's phone, set by the user or a rota keeper in scope.
  Result<boost::json::object> set_phone(const Principal& p, int64_t user_id,
                                        const boost::json::object& body,
                                        const platform::Actor& who);

  // The demo's synthetic rota (演示数据): three duty officers per unit (users with the demo's
  // password hash), their synthetic phone numbers, and a week of 24-hour shifts (08:00–08:00
  // Beijing time) from Monday of the current week, rotated from `seed`. Returns the shifts made.
  int64_t load_samples(const std::string& password_hash, uint64_t seed, const platform::Actor& who);

 private:
  std::vector<Unit> all_units();
  Result<Unit> unit_of(const std::string& code);
  // Fills names and checks each person may stand duty for the unit (before any connection).
  Status resolve_people(Shift& s);
  Contact contact_of(const auth::User& u) const;
  boost::json::object shift_json(const Shift& s, const std::vector<Unit>& units) const;
  boost::json::object handover_json(const Handover& h) const;
  boost::json::object log_json(const LogEntry& e) const;
  boost::json::object contact_json(const Contact& k) const;
  Event event_of(std::string_view type, std::string data, const std::string& town) const;

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  registry::RegistryService& registry_;
  auth::AuthService& users_;
};

}  // namespace lakeguard::duty
