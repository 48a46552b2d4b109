#pragma once
// alerts: early-warning publication (预警发布, PRODUCT.md F9) as CAP 1.2 messages. A warning is
// drafted by hand (or, later, from an alarm: `source_alarm_id` is stored as given), approved by a
// second officer, published as a CAP Alert with the national identifier, then updated (a new
// message, msgType Update, that goes through approval again) or cancelled (msgType Cancel).
// 《突发事件应对法》(2024) 第六十三条: warning levels 一级…四级 shown as 红、橙、黄、蓝; 第六十四条
// the eight items every warning states (category → event, level → colour, start → effective, area,
// content → description, measures → instruction, issuing body → senderName, time → sent).
// docs/alerts.md has the states, who may do what, and the choices made. Plain types only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.h"
#include "core/principal.h"

namespace lakeguard::alerts {

// 预警级别 colour (第六十三条; standards.md §4, §6): wire names blue, yellow, orange, red, the
// landed convention of risk and codes; red = 一级, the highest. A separate enum from risk grades.
enum class Colour { kBlue, kYellow, kOrange, kRed };
inline constexpr Colour kAllColours[] = {Colour::kBlue, Colour::kYellow, Colour::kOrange,
                                         Colour::kRed};
std::string_view colour_name(Colour c);  // "blue" …
std::string_view colour_zh(Colour c);    // "蓝色" …
std::optional<Colour> parse_colour(std::string_view s);

// The states of a warning (wire names: draft, approved, published, updated, cancelled).
// updated: superseded by a published Update; cancelled: withdrawn by a published Cancel.
enum class State { kDraft, kApproved, kPublished, kUpdated, kCancelled };
inline constexpr State kAllStates[] = {State::kDraft, State::kApproved, State::kPublished,
                                       State::kUpdated, State::kCancelled};
// POST /warnings/{id}/actions (wire names approve, publish, update, cancel). Drafting is POST
// /warnings; editing a draft is PATCH.
enum class Action { kApprove, kPublish, kUpdate, kCancel };
inline constexpr Action kAllActions[] = {Action::kApprove, Action::kPublish, Action::kUpdate,
                                         Action::kCancel};
// CAP msgType of the message a warning is (Alert, Update, Cancel).
enum class MsgType { kAlert, kUpdate, kCancel };

std::string_view state_name(State s);
std::string_view action_name(Action a);
std::string_view msg_type_name(MsgType m);
std::optional<State> parse_state(std::string_view s);
std::optional<Action> parse_action(std::string_view s);
std::optional<MsgType> parse_msg_type(std::string_view s);

// A circle in a request (API-CONVENTIONS.md "Geometry in requests": centre [lon, lat], radius in
// metres); written to CAP as "lat,lon radius_km".
struct Circle {
  double lon = 0;
  double lat = 0;
  double radius_m = 0;
  bool operator==(const Circle&) const = default;
};

// What a warning says: the fields of a draft.
struct Content {
  std::string cap_status = "Actual";  // Actual | Exercise | Test (a sample is Exercise)
  std::string category;               // CAP category (Met, Safety, …)
  std::string event;                  // 预警类别, e.g. 暴雨
  Colour colour = Colour::kBlue;
  std::string urgency = "Expected";
  std::string severity;  // CAP severity; empty in a request: from the colour (AlertsOptions)
  std::string certainty = "Likely";
  int64_t effective_ms = 0;  // 起始时间
  int64_t expires_ms = 0;
  std::string headline;
  std::string description;  // 警示事项
  std::string instruction;  // 应当采取的措施
  std::string area_description;
  std::vector<Ring> polygons;  // closed lon/lat rings (GeoJSON Polygon / MultiPolygon outers)
  std::optional<Circle> circle;
  std::string town_code;  // 9 digits; empty: the whole district
  // The optional second info in en-US (empty en_headline: none).
  std::string en_event, en_headline, en_description, en_instruction, en_area_description;
  std::string note;  // CAP note (a Cancel's reason)
  bool operator==(const Content&) const = default;
};

struct Warning {
  int64_t id = 0;
  Content content;
  State status = State::kDraft;
  MsgType msg_type = MsgType::kAlert;
  std::optional<int64_t> source_alarm_id;   // stored as given (drafting from an alarm comes later)
  std::optional<int64_t> previous_id;       // the message an Update or Cancel refers to
  std::optional<int64_t> superseded_by_id;  // the Update or Cancel that replaced this one
  std::optional<int64_t> drafted_by_id;
  std::string drafted_by;
  std::optional<int64_t> approved_by_id;
  std::string approved_by;
  std::optional<int64_t> approved_at_ms;
  std::optional<int64_t> published_by_id;
  std::string published_by;
  // Set at publication, immutable afterwards.
  std::string identifier;
  std::string sender;
  std::optional<int64_t> sent_ms;
  std::string references;  // CAP references text of the earlier messages
  std::string xml;         // the CAP document exactly as published
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 1;
};

// One entry of a warning's history.
struct ActionRecord {
  int64_t id = 0;
  int64_t warning_id = 0;
  std::string action;  // "draft", "edit" or an Action's name
  std::string from_status;
  std::string to_status;
  std::optional<int64_t> actor_id;
  std::string actor;
  int64_t at_ms = 0;
  std::string payload;  // a JSON object
  std::string request_id;
};

// Scope: a warning for one town concerns that town; one for the whole district (no town) concerns
// every town. A town's officer sees both; district scope sees all; other scopes see none.
inline constexpr ScopeColumns kScopeColumns = {
    .town = "town_code", .community = "", .enterprise = ""};
// Whether a caller with scope condition `cond` (scope_of(p, kScopeColumns)) sees a warning for
// `town_code` ("" = district-wide). The store's WHERE and the live topic both follow it.
bool visible(const ScopeCondition& cond, std::string_view town_code);

struct ListFilter {
  std::optional<State> status;
  std::optional<Colour> colour;
  std::string town_code;
  int64_t page = 1;
  int64_t page_size = 50;
};

}  // namespace lakeguard::alerts
