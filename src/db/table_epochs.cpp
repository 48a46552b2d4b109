#include "db/table_epochs.h"

#include <algorithm>

namespace lakeguard::db {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// FNV-1a over the lower-cased bytes: the lookup runs on every cached read, so it must not allocate
// a lower-cased copy.
size_t hash_name(std::string_view s) noexcept {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(lower(c));
    h *= 1099511628211ull;
  }
  return static_cast<size_t>(h);
}

bool same_name(std::string_view lower_name, std::string_view s) noexcept {
  return lower_name.size() == s.size() && std::equal(s.begin(), s.end(), lower_name.begin(),
                                                     [](char a, char b) { return lower(a) == b; });
}

// Two bumps may stamp a table concurrently, the later number first: keep the larger.
void raise(std::atomic<int64_t>& a, int64_t v) noexcept {
  int64_t cur = a.load();
  while (cur < v && !a.compare_exchange_weak(cur, v)) {
  }
}

}  // namespace

const TableEpochs::Entry* TableEpochs::find(std::string_view table, size_t hash) const noexcept {
  for (size_t i = 0; i < kSlots; ++i) {
    const Entry* e = slots_[(hash + i) & (kSlots - 1)].load(std::memory_order_acquire);
    if (e == nullptr) return nullptr;  // slots are never emptied, so the probe ends here
    if (e->hash == hash && same_name(e->name, table)) return e;
  }
  return nullptr;
}

TableEpochs::Entry* TableEpochs::find_or_add(std::string_view table) noexcept {
  size_t hash = hash_name(table);
  if (const Entry* e = find(table, hash)) return const_cast<Entry*>(e);
  try {
    std::lock_guard lock(add_mu_);
    if (const Entry* e = find(table, hash)) return const_cast<Entry*>(e);
    if (entries_.size() >= kMaxTables) return nullptr;
    auto e = std::make_unique<Entry>();
    e->name.reserve(table.size());
    for (char c : table) e->name += lower(c);
    e->hash = hash;
    Entry* raw = e.get();
    entries_.push_back(std::move(e));
    size_t i = hash;
    while (slots_[i & (kSlots - 1)].load(std::memory_order_relaxed) != nullptr) ++i;
    slots_[i & (kSlots - 1)].store(raw, std::memory_order_release);  // after the entry is built
    return raw;
  } catch (...) {
    return nullptr;  // out of memory: the table is stamped through overflow_ instead
  }
}

int64_t TableEpochs::table(std::string_view table) const noexcept {
  const Entry* e = find(table, hash_name(table));
  // A table without an entry was never stamped on its own, unless the entries ran out.
  int64_t own = e ? e->last.load() : overflow_.load();
  return std::max(own, all_.load());
}

int64_t TableEpochs::global() const noexcept { return seq_.load(); }

void TableEpochs::bump(const std::vector<std::string>& tables) noexcept {
  if (tables.empty()) return;
  int64_t v = seq_.fetch_add(1) + 1;
  for (const std::string& t : tables) {
    Entry* e = find_or_add(t);
    raise(e ? e->last : overflow_, v);
  }
}

void TableEpochs::bump_all() noexcept { raise(all_, seq_.fetch_add(1) + 1); }

}  // namespace lakeguard::db
