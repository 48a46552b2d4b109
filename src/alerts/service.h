#pragma once
// The warnings' use cases: draft, edit a draft, list, read with the history, the workflow
// actions (workflow.h), and the public reads (current messages for the Atom feed, a published
// CAP document). Each write is one transaction with its history row and its audit row
// (platform::ChangeSet), and its live event on topic `warnings` after the commit. Publication
// allocates the national identifier (identifier.h) inside the transaction, renders the CAP XML
// (message.h, cap.h) and stores it; it never changes afterwards. No HTTP, no SQL. Thread-safe.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alerts/identifier.h"
#include "alerts/message.h"
#include "alerts/model.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "platform/changes.h"

namespace lakeguard::alerts {

struct AlertsOptions {
  IssuerCode code;  // the identifier's issuer part (config alerts_body_code sets code.body)
  Issuer issuer{.sender = "lakeguard.330106",
                .sender_name = "杭州市西湖区应急管理局",
                .sender_name_en = "West Lake District Emergency Management Bureau",
                .area_code = "330106"};
  SeverityMap severities = default_severities();
  int64_t feed_limit = 200;  // the most entries the Atom feed holds
};

struct WarningPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 50;
};

class AlertsService {
 public:
  // `events` may be null (no live updates).
  AlertsService(db::Database& db, const Clock& clock, platform::AuditSink& audit, EventSink* events,
                AlertsOptions opts = {});

  // POST /warnings: 403 unless the role drafts (district officer, admin); 422 naming the field.
  Result<boost::json::object> create(const Principal& p, const boost::json::object& body,
                                     const platform::Actor& who);
  // GET /warnings (400 naming a bad parameter; 403 for roles that do not read warnings).
  Result<WarningPage> list(const Principal& p,
                           const std::vector<std::pair<std::string, std::string>>& params);
  // GET /warnings/{id}: the warning, its `actions` and the `allowed_actions` now; 404 outside
  // the scope.
  Result<boost::json::object> get(const Principal& p, int64_t id);
  // PATCH /warnings/{id}: a draft's fields, by its drafter (403), while it is a draft (409).
  Result<boost::json::object> patch(const Principal& p, int64_t id, const boost::json::object& body,
                                    std::optional<int64_t> if_match, const platform::Actor& who);
  // POST /warnings/{id}/actions. approve and publish answer the warning; update answers the new
  // draft (msgType Update); cancel answers the published Cancel message.
  Result<boost::json::object> act(const Principal& p, int64_t id, const boost::json::object& body,
                                  std::optional<int64_t> if_match, const platform::Actor& who);

  // Public: the published messages that have not expired (a cancelled or updated one is no
  // longer published; a Cancel stays until the time the warning it cancels would have expired).
  std::vector<Warning> current();
  // Public: the CAP document of a published message (404 for anything else).
  Result<std::string> document(const std::string& identifier);

  const AlertsOptions& options() const { return opts_; }
  int64_t now_ms() const { return clock_.now_ms(); }

 private:
  boost::json::object detail(db::Connection& c, const Principal& p, const Warning& w);
  Event event_of(std::string_view type, const Warning& w) const;
  // Publishes `w` (status approved, or a new Cancel) in c's transaction: identifier, XML,
  // the previous message superseded. Adds the changes to ch.
  Status publish_in(db::Connection& c, Warning& w, const Principal& p, const platform::Actor& who,
                    platform::ChangeSet& ch, int64_t now);

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  const AlertsOptions opts_;
};

}  // namespace lakeguard::alerts
