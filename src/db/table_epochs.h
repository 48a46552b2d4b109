#pragma once
// Internal to db/: the per-table change epochs behind Database::change_epoch(table), shared by
// both backends (decision 0006). Not part of the store's interface.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lakeguard::db {

// One sequence of change numbers for a whole Database. A commit that changed rows takes the next
// number and stamps it on each table it changed (bump); a change that cannot be attributed
// (another process's commit, a reconnect that may have missed notifications) stamps it on every
// table at once (bump_all). A table's epoch is the latest number stamped on it, so it moves exactly
// when one of those happened, and never goes back.
//
// Table names are compared ignoring ASCII case (SQLite's rule; on PostgreSQL two tables differing
// only in case share one epoch, which errs on the safe side). Thread-safe. table() and global()
// take no lock and allocate nothing: a few atomic loads and a hash probe. bump() takes a mutex only
// to register a table it has never seen.
class TableEpochs {
 public:
  TableEpochs() = default;
  TableEpochs(const TableEpochs&) = delete;
  TableEpochs& operator=(const TableEpochs&) = delete;

  // The epoch of `table`: 0 until something changed it (or everything).
  int64_t table(std::string_view table) const noexcept;
  // Moves with every bump() and bump_all().
  int64_t global() const noexcept;

  // One commit that changed rows of each of `tables` (duplicates are fine). Empty: nothing moves.
  void bump(const std::vector<std::string>& tables) noexcept;
  // A change of unknown extent: every table's epoch moves.
  void bump_all() noexcept;

 private:
  struct Entry {
    std::string name;  // lower-case
    size_t hash = 0;
    std::atomic<int64_t> last{0};
  };
  static constexpr size_t kSlots = 1024;     // a power of two
  static constexpr size_t kMaxTables = 512;  // keeps probes short; beyond it, `overflow_`
  const Entry* find(std::string_view table, size_t hash) const noexcept;
  Entry* find_or_add(std::string_view table) noexcept;

  std::array<std::atomic<Entry*>, kSlots> slots_{};  // written under add_mu_, read lock-free
  std::mutex add_mu_;
  std::vector<std::unique_ptr<Entry>> entries_;  // GUARDED_BY(add_mu_): owns what slots_ point to
  std::atomic<int64_t> seq_{0};                  // the last number handed out
  std::atomic<int64_t> all_{0};                  // the last number stamped on every table
  std::atomic<int64_t> overflow_{0};  // the last number stamped on a table without an entry
};

}  // namespace lakeguard::db
