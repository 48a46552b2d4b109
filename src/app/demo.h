#pragma once
// Creates the West Lake demo: real divisions from data/ and labelled synthetic objects from a
// fixed seed, through the registry's validating load path, plus the demo users.

#include <cstdint>
#include <string>

#include "app/app.h"

namespace lakeguard::app {

struct DemoSummary {
  int64_t jurisdictions = 0, enterprises = 0, chemicals = 0, shelters = 0, stations = 0,
          warehouses = 0, stock = 0, teams = 0, devices = 0, cameras = 0, users = 0;
  int64_t first_hazchem_enterprise = 0;
};

// Loads everything into an empty, migrated store. `password` is shared by the demo users and is
// hashed once. Throws std::runtime_error with the reason on failure.
DemoSummary load_demo(App& app, const std::string& data_dir, const std::string& password,
                      uint64_t seed);

// Removes an existing SQLite demo file (and its -wal/-shm), or empties a PostgreSQL schema.
void reset_store(const std::string& target);

}  // namespace lakeguard::app
