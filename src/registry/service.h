#pragma once
// The registry's use cases, generic over KindSpec: validate → permission and scope → store →
// audit and publish (platform::ChangeSet), each write in one transaction with its audit rows.
// The one door other contexts use. No HTTP, no SQL (store.h has it). Thread-safe.

#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "auth/service.h"
#include "core/clock.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/database.h"
#include "platform/changes.h"
#include "registry/model.h"
#include "registry/query.h"
#include "registry/validate.h"

namespace lakeguard::registry {

struct Page {
  std::vector<Object> items;
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 50;
};

// A page of a list as JSON text (its items array), for answering without a DOM per row.
struct JsonPage {
  std::string items;  // a JSON array of objects
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 50;
};

struct ImportError {
  int64_t row = 0;  // spreadsheet line: header = 1, first data row = 2
  std::string column;
  std::string reason;
};
// At most one error per row, sorted by row (the header's first).
struct ImportReport {
  int64_t rows = 0;
  int64_t valid = 0;
  std::vector<ImportError> errors;
  bool committed = false;
};

// One import source: a CSV table (first row = header) or JSON objects (XLSX read in the browser).
struct ImportInput {
  std::vector<std::vector<std::string>> csv;  // used when json_rows is empty
  std::vector<boost::json::value> json_rows;
  bool is_json = false;
};

inline constexpr int64_t kMaxExportRows = 50000;
inline constexpr size_t kMaxImportRows = 10000;
// The registry's limits (app/config.h sets them).
struct RegistryOptions {
  // The most objects /spatial/within answers with (over all layers); beyond it 413.
  int64_t max_within_features = 50000;
};

class RegistryService final : public auth::ScopeDirectory {
 public:
  // `audit` keeps the audit log (auth); `events` may be null (no live updates).
  RegistryService(db::Database& db, const Clock& clock, platform::AuditSink& audit,
                  EventSink* events, auth::AuthService* users = nullptr, RegistryOptions opts = {});

  // Reloads the jurisdiction snapshot used for validation (after migrations or demo loads).
  void refresh_index();
  // Before serving: every row's kept JSON current (store::prepare_docs, decision 0008).
  void prepare_store();
  JurisdictionIndex index() const;

  // `parent_id` is required for nested kinds (chemicals, stock) and ignored otherwise.
  Result<Page> list(const Principal& p, const KindSpec& kind, const ListQuery& q,
                    std::optional<int64_t> parent_id);
  // The same page written straight as JSON (what the list endpoints answer).
  Result<JsonPage> list_json(const Principal& p, const KindSpec& kind, const ListQuery& q,
                             std::optional<int64_t> parent_id);
  // Every object in scope matching q (not paged), up to kMaxExportRows (else payload_too_large).
  Result<std::vector<Object>> export_all(const Principal& p, const KindSpec& kind,
                                         const ListQuery& q, std::optional<int64_t> parent_id);
  // Every object of kind in id order, handed to `each` up to `batch` at a time (a nested kind
  // across all its parents): for bulk readers such as risk's recompute of every enterprise.
  // District-wide readers only (403 otherwise): there is no scope to apply across parents.
  Status scan(const Principal& p, const KindSpec& kind, int64_t batch,
              const std::function<void(std::vector<Object>&)>& each);
  Result<Object> get(const Principal& p, const KindSpec& kind, int64_t id,
                     std::optional<int64_t> parent_id);
  Result<Object> create(const Principal& p, const KindSpec& kind, const Object& body,
                        std::optional<int64_t> parent_id, const platform::Actor& who);
  // A change that changes nothing (an empty body, or only the values it has) writes nothing:
  // no new version, no audit row, no event.
  Result<Object> update(const Principal& p, const KindSpec& kind, int64_t id, const Object& body,
                        std::optional<int64_t> parent_id, std::optional<int64_t> if_match,
                        const platform::Actor& who);
  // Deletes the object and its children (a warehouse's stock, an enterprise's chemicals), each
  // audited and published; refused (409, naming them) while something else refers to it.
  Status remove(const Principal& p, const KindSpec& kind, int64_t id,
                std::optional<int64_t> parent_id, const platform::Actor& who);
  // All-or-nothing import with per-row errors; writes only when !dry_run and no row has errors.
  Result<ImportReport> import(const Principal& p, const KindSpec& kind, const ImportInput& in,
                              bool dry_run, std::optional<int64_t> parent_id,
                              const platform::Actor& who);

  // Objects of the readable `layers` whose point lies in the shape (a GeoJSON Polygon or
  // MultiPolygon, or {"center":[lon,lat],"radius_m":N}), scope-restricted; payload_too_large when
  // more than options.max_within_features lie inside.
  Result<boost::json::object> within(const Principal& p, const boost::json::object& shape,
                                     const std::vector<std::string>& layers);

  // Bulk load for the demo and the CLI (system actor): validation as in the API, one audit row
  // per object, no events. With `c`, in the caller's transaction; else in its own. Returns the
  // new ids in input order.
  Result<std::vector<int64_t>> load(const KindSpec& kind, const std::vector<Object>& objs,
                                    std::optional<int64_t> parent_id, bool synthetic,
                                    const platform::Actor& who, db::Connection* c = nullptr);

  // auth::ScopeDirectory.
  bool jurisdiction_exists(db::Connection& c, const std::string& code) override;
  bool enterprise_exists(db::Connection& c, int64_t id) override;

 private:
  struct Scoped;
  Result<Scoped> scope_for(db::Connection& c, const Principal& p, const KindSpec& kind,
                           std::optional<int64_t> parent_id);
  Status check_write_scope(const Principal& p, const KindSpec& kind, const Object& obj);
  Result<Object> prepare(const KindSpec& kind, const Object& body, bool partial, bool synthetic,
                         const Object* base);
  // Division rules the validator cannot see: one district per deployment, codes inside it.
  Status check_division(db::Connection& c, const KindSpec& kind, const Object& obj,
                        const Object* before);
  // What still refers to obj (the error to answer), or ok.
  Status check_unreferenced(db::Connection& c, const KindSpec& kind, const Object& obj,
                            std::string_view what);
  // The live event of a change to obj (nested objects are placed where their parent is).
  Event event_of(const KindSpec& kind, std::string_view type, const Object& obj,
                 const std::optional<Object>& parent, const Object* before = nullptr) const;
  platform::ChangeSet changes(const platform::Actor& who) {
    return platform::ChangeSet(audit_, events_, clock_, who);
  }
  // After a committed write to kind.
  void after_commit(const KindSpec& kind);

  db::Database& db_;
  const Clock& clock_;
  platform::AuditSink& audit_;
  EventSink* events_;
  auth::AuthService* users_;
  const RegistryOptions opts_;
  mutable std::shared_mutex mu_;
  JurisdictionIndex index_;  // GUARDED_BY(mu_)
};

// Where an object of kind belongs (its placement columns), for scope checks and events.
Placement placement_of(const KindSpec& kind, const Object& obj);

// An RFC 7946 Feature: the polygon when the object has one, else its point; the other fields as
// properties (plus "layer": the collection name).
boost::json::object to_feature(const KindSpec& kind, const Object& obj);

}  // namespace lakeguard::registry
