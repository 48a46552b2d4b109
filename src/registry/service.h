#pragma once
// The registry's use cases, generic over KindSpec: validate → permission and scope → store →
// audit, each write in one transaction with its audit rows. The one door other contexts use.
// Thread-safe.

#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "auth/model.h"
#include "auth/service.h"
#include "core/clock.h"
#include "core/events.h"
#include "db/database.h"
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

struct ImportError {
  int64_t row = 0;  // spreadsheet line: header = 1, first data row = 2
  std::string column;
  std::string reason;
};
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

class RegistryService {
 public:
  RegistryService(db::Database& db, const Clock& clock);

  // Where committed changes are published as live events (topic = the collection); may be null.
  // Set before serving.
  void set_events(EventSink* events) { events_ = events; }

  // The store's change epoch (db::Database::change_epoch), for read caches.
  std::optional<int64_t> change_epoch() { return db_.change_epoch(); }

  // Reloads the jurisdiction snapshot used for validation (after migrations or demo loads).
  void refresh_index();
  JurisdictionIndex index() const;

  // `parent_id` is required for nested kinds (chemicals, stock) and ignored otherwise.
  Result<Page> list(const auth::Principal& p, const KindSpec& kind, const ListQuery& q,
                    std::optional<int64_t> parent_id);
  // Every object in scope matching q (not paged), up to kMaxExportRows (else payload_too_large).
  Result<std::vector<Object>> export_all(const auth::Principal& p, const KindSpec& kind,
                                         const ListQuery& q, std::optional<int64_t> parent_id);
  Result<Object> get(const auth::Principal& p, const KindSpec& kind, int64_t id,
                     std::optional<int64_t> parent_id);
  Result<Object> create(const auth::Principal& p, const KindSpec& kind, const Object& body,
                        std::optional<int64_t> parent_id, const auth::AuditEntry& who);
  Result<Object> update(const auth::Principal& p, const KindSpec& kind, int64_t id,
                        const Object& body, std::optional<int64_t> parent_id,
                        std::optional<int64_t> if_match, const auth::AuditEntry& who);
  Status remove(const auth::Principal& p, const KindSpec& kind, int64_t id,
                std::optional<int64_t> parent_id, const auth::AuditEntry& who);
  // All-or-nothing import with per-row errors; writes only when !dry_run and no row has errors.
  Result<ImportReport> import(const auth::Principal& p, const KindSpec& kind, const ImportInput& in,
                              bool dry_run, std::optional<int64_t> parent_id,
                              const auth::AuditEntry& who);

  // Objects of the readable `layers` whose point lies in the shape (a GeoJSON Polygon or
  // MultiPolygon, or {"center":[lon,lat],"radius_m":N}), scope-restricted.
  Result<boost::json::object> within(const auth::Principal& p, const boost::json::object& shape,
                                     const std::vector<std::string>& layers);

  // Bulk load for the demo and the CLI (system actor): validation as in the API, one transaction,
  // one audit row per object. Returns the new ids in input order.
  Result<std::vector<int64_t>> load(const KindSpec& kind, const std::vector<Object>& objs,
                                    std::optional<int64_t> parent_id, bool synthetic,
                                    const auth::AuditEntry& who, db::Connection* c = nullptr);

 private:
  struct Scoped;
  Result<Scoped> scope_for(db::Connection& c, const auth::Principal& p, const KindSpec& kind,
                           std::optional<int64_t> parent_id);
  Status check_write_scope(const auth::Principal& p, const KindSpec& kind, const Object& obj);
  // A nested object (stock) is written only where its parent (the warehouse) may be.
  Status check_parent_write(const auth::Principal& p, const KindSpec& kind,
                            const std::optional<Object>& parent);
  Result<Object> prepare(const KindSpec& kind, const Object& body, bool partial, bool synthetic,
                         const Object* base);

  // After a commit: tells subscribers (events_) that `obj` was created/updated/deleted.
  void publish(const KindSpec& kind, std::string_view type, const Object& obj,
               const std::optional<Object>& parent);

  db::Database& db_;
  const Clock& clock_;
  EventSink* events_ = nullptr;
  mutable std::shared_mutex mu_;
  JurisdictionIndex index_;  // GUARDED_BY(mu_)
};

}  // namespace lakeguard::registry

namespace lakeguard::registry {
// An RFC 7946 Feature: the polygon when the object has one, else its point; the other fields as
// properties (plus "layer": the collection name).
boost::json::object to_feature(const KindSpec& kind, const Object& obj);
}  // namespace lakeguard::registry
