#pragma once
// Configuration: in-class defaults, then a TOML file, then LAKEGUARD_* environment variables,
// then command-line flags (STYLE.md §4). Filled only in main; validated; printed at start with
// secrets masked.

#include <string>
#include <vector>

#include "core/error.h"
#include "plans/matching.h"

namespace lakeguard::app {

struct Config {
  std::string db = "lakeguard.sqlite";  // SQLite file or postgresql:// URI
  std::string listen = "127.0.0.1:8080";
  std::string web_root;        // built console; default <source>/web/dist
  std::string data_dir;        // shipped data; default <source>/data
  std::string migrations_dir;  // default <source>/migrations
  int io_threads = 1;
  int worker_threads = 4;
  int db_pool = 4;
  int64_t body_limit = 8 * 1024 * 1024;
  std::string log_level = "info";
  bool cookie_secure = false;
  int api_token_ttl_days = 365;         // default lifetime of a new API token
  int64_t within_max_features = 50000;  // the most objects /spatial/within answers with
  int64_t read_cache_mb = 32;           // memory for cached reads (decision 0004); 0: no cache
  // Plan matching weights (TOML keys plans_weight_type_exact, _type_category, _place_enterprise,
  // _place_community, _place_town, _place_district, _trigger, _named_level, _keyword,
  // _keyword_max; defaults in plans/matching.h, docs/plans.md) and the largest plan attachment.
  plans::MatchWeights plans_weights;
  int64_t plans_max_attachment_bytes = 5 * 1024 * 1024;
  std::string tile_url;  // optional raster tiles for the console (the only outside request)

  // Returns the first problem, naming the setting.
  Status validate() const;
  // One line per setting, secrets (database password) masked.
  std::string describe() const;
  std::string host() const;
  uint16_t port() const;
};

// Applies a TOML file (keys as the member names). Fails with the file's line on bad input.
Status apply_toml_file(Config& c, const std::string& path);
// Applies LAKEGUARD_DB, LAKEGUARD_LISTEN, … from the environment.
Status apply_env(Config& c);
// The database target with any password replaced by ***.
std::string mask_db(const std::string& target);

}  // namespace lakeguard::app
