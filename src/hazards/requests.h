#pragma once
// The hidden-danger API's inputs and outputs as plain values: request bodies and list queries
// checked field by field (validation_failed / bad_request naming the field, before anything is
// written), and the JSON of a hidden danger and of its action history. Pure.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "hazards/model.h"
#include "hazards/notices.h"

namespace lakeguard::hazards {

// Text limits (characters, i.e. UTF-8 code points).
inline constexpr size_t kMaxDescriptionChars = 2000;
inline constexpr size_t kMaxNoteChars = 2000;
inline constexpr size_t kMaxLocationChars = 200;
inline constexpr size_t kMaxCategoryChars = 60;
inline constexpr size_t kMaxNameChars = 100;  // found_by, responsible
inline constexpr double kMaxFundsYuan = 1e12;
// A reported time may be this far ahead of the server's clock (a phone's clock runs fast).
inline constexpr int64_t kFoundAtSlackMs = 5 * 60 * 1000;

// What the deadline rules need: the local date today and how far ahead a deadline may lie.
struct DeadlineRules {
  int64_t now_ms = 0;
  int64_t max_days = 1095;  // about three years
};

// POST /hazards.
struct NewHazard {
  int64_t enterprise_id = 0;
  std::string description;
  HazardClass hazard_class = HazardClass::kGeneral;
  Source source = Source::kSelfCheck;
  std::string location;
  std::string category;
  std::string found_by;                // empty: the reporter
  std::optional<int64_t> found_at_ms;  // nullopt: now
};
Result<NewHazard> parse_new_hazard(const boost::json::object& body, int64_t now_ms);

// POST /hazards/{id}/actions. Which members are set depends on the action.
struct ActionRequest {
  Action action = Action::kConfirm;
  std::optional<HazardClass> hazard_class;  // confirm: the corrected class
  std::string deadline;                     // confirm, reopen: empty for the default
  std::string note;                         // confirm, submit (required), accept
  std::string reason;                       // reject, reopen (required)
  std::optional<Plan> plan;                 // plan
  std::vector<std::string> photos;          // submit: hashes of evidence photos uploaded before
};
// The most photos one submit names.
inline constexpr size_t kMaxSubmitPhotos = 20;
// `action` missing or unknown → validation_failed, field `action`; a field the action does not
// take → validation_failed naming it.
Result<ActionRequest> parse_action_request(const boost::json::object& body,
                                           const DeadlineRules& rules);

// GET /hazards query parameters: status, class, source, town (or town_code), community,
// enterprise_id, overdue (true|false), sort (id, deadline, found_at, created_at, updated_at;
// '-' for descending), page, page_size. Bad values → bad_request naming the parameter.
Result<ListFilter> parse_list_filter(
    const std::vector<std::pair<std::string, std::string>>& params);

// GET /hazards/supervisions: `status` open (default) | closed | all, plus the list's town,
// community, class, enterprise_id, page and page_size.
struct SupervisionFilter {
  ListFilter list;
  std::string status = "open";
};
Result<SupervisionFilter> parse_supervision_filter(
    const std::vector<std::pair<std::string, std::string>>& params);

// Overdue (逾期): confirmed, not yet closed (rectifying or submitted: evidence that is not
// accepted is no rectification yet), and today (local) is after its deadline — the deadline day
// itself is still in time.
bool is_overdue(const Hazard& h, const std::string& today);

// The API's JSON of a hidden danger (with `overdue` as of `today`) and of an action record.
boost::json::object to_json(const Hazard& h, const std::string& today);
boost::json::object to_json(const ActionRecord& a);
boost::json::object to_json(const Plan& p);
boost::json::object to_json(const StoredNotice& n);

}  // namespace lakeguard::hazards
