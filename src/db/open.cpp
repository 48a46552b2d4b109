#include <string>

#include "db/database.h"

namespace lakeguard::db {

std::unique_ptr<Database> open_database(const std::string& target, int pool_size) {
  OpenOptions options;
  options.pool_size = pool_size;
  return open_database(target, options);
}

std::unique_ptr<Database> open_database(const std::string& target, const OpenOptions& options) {
  // libpq accepts both URI schemes; anything else is a file path (or ":memory:") for SQLite.
  if (target.starts_with("postgresql://") || target.starts_with("postgres://")) {
    return open_postgres(target, options);
  }
  return open_sqlite(target, options);
}

}  // namespace lakeguard::db
