#pragma once
// What the store-backed benchmarks share: wall time in ms, an audit sink that keeps nothing (the
// benches time the contexts' own work), and the synthetic town codes they spread rows over.

#include <chrono>
#include <string>

#include "db/database.h"
#include "platform/changes.h"

namespace lakeguard::bench {

inline double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

class NoAudit final : public platform::AuditSink {
 public:
  void record(db::Connection&, const platform::AuditRecord&, int64_t) override {}
};

// Synthetic town code i (0–10): 330106010 … 330106020.
inline std::string town(int i) { return "3301060" + std::to_string(10 + i); }

}  // namespace lakeguard::bench
