#pragma once
// The safety codes' use cases: special-operations workers (list, create, read, change, delete),
// the enterprise and personnel codes with their colour and reasons, claiming (认领), the claim
// rate, and the public view a scanned QR code opens. Enterprises are reached through the
// registry's service and hidden dangers through the hazards' service, never their tables. Each
// write is one transaction with its audit rows (platform::ChangeSet) and its live event on topic
// `codes` after the commit. No HTTP, no SQL. Thread-safe.

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "codes/model.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "hazards/service.h"
#include "platform/changes.h"
#include "registry/service.h"

namespace lakeguard::codes {

struct CodesOptions {
  // The start of the URL a QR code encodes ("https://yjj.example.gov.cn"); when empty, the
  // address the request came to (its Host) is used, which suits the demo on a local network.
  std::string public_base_url;
};

// The colour name ("red", "orange", "yellow", "blue") of an enterprise's risk index, when the
// risk context provides one; unset while it does not.
using IndexColourSource = std::function<std::optional<std::string>(int64_t enterprise_id)>;

struct WorkerPage {
  std::vector<boost::json::object> items;
  int64_t total = 0;
};

class CodesService {
 public:
  CodesService(db::Database& db, const Clock& clock, platform::AuditSink& audit, EventSink* events,
               registry::RegistryService& registry, hazards::HazardsService& hazards,
               CodesOptions opts = {});

  void set_index_colour_source(IndexColourSource f) { index_colour_ = std::move(f); }

  // GET /enterprises/{id}/special-workers: 404 when the enterprise is outside the scope.
  Result<WorkerPage> list_workers(const Principal& p, int64_t enterprise_id, int64_t page,
                                  int64_t page_size);
  // POST /enterprises/{id}/special-workers: 403 for roles that may not, 404 outside the scope,
  // 422 naming the field, 409 for a certificate number already recorded. Issues its code.
  Result<boost::json::object> create_worker(const Principal& p, int64_t enterprise_id,
                                            const boost::json::object& body,
                                            const platform::Actor& who);
  Result<boost::json::object> get_worker(const Principal& p, int64_t id);
  Result<boost::json::object> update_worker(const Principal& p, int64_t id,
                                            const boost::json::object& body,
                                            std::optional<int64_t> if_match,
                                            const platform::Actor& who);
  Status delete_worker(const Principal& p, int64_t id, const platform::Actor& who);

  // GET …/code: the code with its colour, reasons, token and public URL (`base_url` from the
  // request when the options give none). Issues the code on first use (audited).
  Result<boost::json::object> enterprise_code(const Principal& p, int64_t enterprise_id,
                                              const std::string& base_url,
                                              const platform::Actor& who);
  Result<boost::json::object> worker_code(const Principal& p, int64_t worker_id,
                                          const std::string& base_url, const platform::Actor& who);

  // POST /codes/{token}/claim: the enterprise's own user claims its code or a worker's; 404 for
  // an unknown token or one outside the scope, 403 for anyone else, 409 when already claimed.
  Result<boost::json::object> claim(const Principal& p, const std::string& token,
                                    const platform::Actor& who);
  // GET /codes/stats: codes issued and claimed, by town and subject, and the claim rates.
  Result<boost::json::object> stats(const Principal& p);

  // GET /public/codes/{token}: what a scan may show — subject, name (a worker's masked), colour,
  // valid-until, the time of the check. 404 for an unknown token.
  Result<boost::json::object> public_view(const std::string& token);

  std::string public_url(const std::string& base_url, const std::string& token) const;

 private:
  Result<boost::json::object> enterprise_of(const Principal& p, int64_t enterprise_id);
  Verdict verdict_of_enterprise(int64_t enterprise_id);
  boost::json::object code_json(const Code& k, const Verdict& v, const std::string& name,
                                const std::optional<std::string>& valid_until,
                                const std::string& base_url) const;
  Code issue(db::Connection& c, Subject s, int64_t subject_id, int64_t enterprise_id,
             const std::string& town, const std::string& community, platform::ChangeSet& changes);
  boost::json::object worker_json(const Worker& w, const std::string& today) const;
  Event event_of(std::string_view type, std::string data, const Placement& where) const;

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  registry::RegistryService& registry_;
  hazards::HazardsService& hazards_;
  const CodesOptions opts_;
  IndexColourSource index_colour_;
};

}  // namespace lakeguard::codes
