// SQLite backend: one sqlite3 handle per pooled connection, each with its own statement cache.

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/database.h"

namespace lakeguard::db {
namespace {

// Long enough to ride out a checkpoint or a burst of writers from the other pooled connections,
// short enough that a stuck writer shows up as an error instead of a hung request.
constexpr int kBusyTimeoutMs = 5000;
// Bounds the cache if a caller builds SQL dynamically (IN lists of varying length).
constexpr size_t kMaxCachedStatements = 256;

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// The SQL goes into error messages (it never holds values: they are bound), cut to stay readable.
std::string snippet(std::string_view sql) {
  constexpr size_t kMax = 160;
  std::string out;
  for (char c : sql.substr(0, kMax)) {
    bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (sql.size() > kMax) out += "...";
  return out;
}

[[noreturn]] void throw_error(int code, const std::string& what, std::string_view sql) {
  std::string msg = "sqlite: " + what;
  if (!sql.empty()) msg += " (in: " + snippet(sql) + ")";
  // Only the violations a caller can cause with valid input are ConstraintError; NOT NULL and CHECK
  // failures mean the service skipped validation, which is a bug like any other DbError.
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      throw ConstraintError(msg);
    default:
      throw DbError(msg);
  }
}

[[noreturn]] void throw_last(sqlite3* db, std::string_view sql) {
  throw_error(sqlite3_extended_errcode(db), sqlite3_errmsg(db), sql);
}

// Watches the WAL-index header in the database's `-shm` file, which every connection to a WAL
// database maps and which SQLite rewrites on every commit by any process
// (https://www.sqlite.org/walformat.html §2.1 "The WAL-Index Header": two copies of a 48-byte
// header, the second written first; iChange is incremented by each transaction and aCksum covers
// the other fields). Reading it is a few memory loads instead of a read transaction (file locks
// and system calls), so the store epoch can notice other processes' writes on every request.
// The mapping stays valid while this process holds a connection open: SQLite truncates the
// file only when the first connection opens it, which our open pool prevents, and SQLite's own
// connections in this process read the same mapping the same way.
class WalIndexWatch {
 public:
  static std::unique_ptr<WalIndexWatch> open(const std::string& shm_path) {
    int fd = ::open(shm_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(kMapBytes)) {
      ::close(fd);
      return nullptr;
    }
    void* map = ::mmap(nullptr, kMapBytes, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) {
      ::close(fd);
      return nullptr;
    }
    return std::unique_ptr<WalIndexWatch>(new WalIndexWatch(fd, map));
  }
  ~WalIndexWatch() {
    ::munmap(map_, kMapBytes);
    ::close(fd_);
  }
  WalIndexWatch(const WalIndexWatch&) = delete;
  WalIndexWatch& operator=(const WalIndexWatch&) = delete;

  // Changes whenever a transaction commits (or a checkpoint restarts the log). Read from the
  // header's second copy, which a writer updates first.
  uint64_t signature() const {
    const auto* hdr = static_cast<const uint32_t*>(map_) + 12;     // copy 2: bytes 48..95
    uint32_t change = __atomic_load_n(hdr + 2, __ATOMIC_ACQUIRE);  // iChange
    uint32_t max_frame = __atomic_load_n(hdr + 4, __ATOMIC_RELAXED);
    uint32_t cksum0 = __atomic_load_n(hdr + 10, __ATOMIC_RELAXED);  // aCksum[0]
    uint32_t cksum1 = __atomic_load_n(hdr + 11, __ATOMIC_RELAXED);
    return ((uint64_t{change} << 32) | max_frame) ^ ((uint64_t{cksum0} << 32) | cksum1);
  }

 private:
  static constexpr size_t kMapBytes = 4096;  // the header is the first 136 bytes
  WalIndexWatch(int fd, void* map) : fd_(fd), map_(map) {}
  int fd_;
  void* map_;
};

bool is_memory_target(const std::string& path) {
  return path.empty() || path == ":memory:" || path.find("mode=memory") != std::string::npos;
}

class SqliteConnection final : public Connection {
 public:
  // `epoch` is bumped after every committed write through this connection (may be null).
  SqliteConnection(const std::string& path, SqliteSync sync, std::atomic<int64_t>* epoch)
      : epoch_(epoch) {
    sqlite3* raw = nullptr;
    // NOMUTEX: a Connection is used by one thread at a time (database.h), so SQLite's per-call
    // locking would buy nothing. EXRESCODE gives SQLITE_CONSTRAINT_UNIQUE etc. from every call.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
                SQLITE_OPEN_EXRESCODE;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) {
      std::string why = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
      throw DbError("sqlite: cannot open '" + path + "': " + why);
    }
    // The busy timeout comes first so that the pragmas below wait for other connections too.
    sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
    std::string mode = pragma("PRAGMA journal_mode=WAL");
    if (mode != "wal" && mode != "memory") {
      throw DbError("sqlite: cannot use WAL mode for '" + path + "' (got '" + mode + "')");
    }
    pragma("PRAGMA foreign_keys=ON");
    // See SqliteSync in database.h for what each level survives.
    pragma(sync == SqliteSync::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  }

  ~SqliteConnection() override { clear_cache(); }

  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }

  Rows query(std::string_view sql, const std::vector<Value>& params) override {
    WriteNotice notice(*this);
    Statement st(*this, sql, params);
    Rows out;
    int ncol = sqlite3_column_count(st.get());
    out.names.reserve(ncol);
    for (int c = 0; c < ncol; ++c) out.names.emplace_back(sqlite3_column_name(st.get(), c));
    while (st.step()) {
      Row& row = out.rows.emplace_back();
      row.cols.reserve(ncol);
      for (int c = 0; c < ncol; ++c) row.cols.push_back(column(st.get(), c));
    }
    return out;
  }

  int64_t exec(std::string_view sql, const std::vector<Value>& params) override {
    // sqlite3_changes64() keeps the count of the last INSERT/UPDATE/DELETE, so after DDL or a
    // SELECT it would report a stale number; the total only moves when this statement changed rows.
    WriteNotice notice(*this);
    sqlite3_int64 before = sqlite3_total_changes64(db_.get());
    Statement st(*this, sql, params);
    while (st.step()) {
    }
    return sqlite3_total_changes64(db_.get()) == before ? 0 : sqlite3_changes64(db_.get());
  }

  void exec_script(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string why = err ? err : sqlite3_errmsg(db_.get());
      sqlite3_free(err);
      throw_error(sqlite3_extended_errcode(db_.get()), why, sql);
    }
    bump_epoch();  // scripts are migrations: schema or data changed
  }

  // IMMEDIATE takes the write lock now. A deferred transaction that reads and then writes fails
  // with SQLITE_BUSY_SNAPSHOT (no busy wait) when another connection committed in between.
  void begin() override { exec("BEGIN IMMEDIATE", {}); }
  void commit() override {
    exec("COMMIT", {});
    bump_epoch();
  }
  void rollback() override {
    // Some errors (SQLITE_FULL, SQLITE_IOERR) end the transaction themselves; ROLLBACK would fail.
    if (in_transaction()) exec("ROLLBACK", {});
  }

  bool in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

 private:
  void bump_epoch() {
    if (epoch_) epoch_->fetch_add(1, std::memory_order_acq_rel);
  }

  // A statement run outside a transaction commits by itself: if it changed rows, the epoch moves
  // once it is done (also when it throws after a partial change, to stay on the safe side).
  class WriteNotice {
   public:
    explicit WriteNotice(SqliteConnection& c)
        : c_(c), autocommit_(!c.in_transaction()), before_(sqlite3_total_changes64(c.db_.get())) {}
    ~WriteNotice() {
      if (autocommit_ && sqlite3_total_changes64(c_.db_.get()) != before_) c_.bump_epoch();
    }

   private:
    SqliteConnection& c_;
    bool autocommit_;
    sqlite3_int64 before_;
  };

  // A cached statement bound to params for one run; reset (and unbound, since bindings point into
  // params) when it goes out of scope, also on exceptions.
  class Statement {
   public:
    Statement(SqliteConnection& conn, std::string_view sql, const std::vector<Value>& params)
        : db_(conn.db_.get()), sql_(sql), stmt_(conn.prepare(sql)) {
      try {
        bind(params);
      } catch (...) {
        // The destructor will not run: drop the bindings made so far, they point into params.
        sqlite3_clear_bindings(stmt_);
        throw;
      }
    }
    ~Statement() {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    sqlite3_stmt* get() const { return stmt_; }

    // Returns true while there is a row to read.
    bool step() {
      int rc = sqlite3_step(stmt_);
      if (rc == SQLITE_ROW) return true;
      if (rc == SQLITE_DONE) return false;
      throw_last(db_, sql_);
    }

   private:
    void bind(const std::vector<Value>& params) {
      int want = sqlite3_bind_parameter_count(stmt_);
      if (static_cast<size_t>(want) != params.size()) {
        throw DbError("sqlite: statement takes " + std::to_string(want) + " parameters, got " +
                      std::to_string(params.size()) + " (in: " + snippet(sql_) + ")");
      }
      for (int i = 0; i < want; ++i) {
        const Value& v = params[i];
        int rc = SQLITE_OK;
        // SQLITE_STATIC is safe: the destructor clears the bindings before params can go away.
        if (const auto* n = std::get_if<int64_t>(&v)) {
          rc = sqlite3_bind_int64(stmt_, i + 1, *n);
        } else if (const auto* d = std::get_if<double>(&v)) {
          rc = sqlite3_bind_double(stmt_, i + 1, *d);
        } else if (const auto* s = std::get_if<std::string>(&v)) {
          rc = sqlite3_bind_text64(stmt_, i + 1, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
        } else {
          rc = sqlite3_bind_null(stmt_, i + 1);
        }
        if (rc != SQLITE_OK) throw_last(db_, sql_);
      }
    }

    sqlite3* db_;
    std::string_view sql_;
    sqlite3_stmt* stmt_;
  };

  sqlite3_stmt* prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCachedStatements) clear_cache();
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) throw_last(db_.get(), sql);
    if (stmt == nullptr) throw DbError("sqlite: empty statement");
    std::string_view rest(tail, sql.data() + sql.size() - tail);
    if (holds_statement(rest)) {
      sqlite3_finalize(stmt);
      // Silently running only the first statement would lose the rest; exec_script runs several.
      throw DbError("sqlite: one statement expected, got several (in: " + snippet(sql) + ")");
    }
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  // True if `sql` is more than whitespace, comments and semicolons.
  bool holds_statement(std::string_view sql) {
    if (sql.empty()) return false;
    sqlite3_stmt* stmt = nullptr;
    int rc =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    bool found = rc != SQLITE_OK || stmt != nullptr;
    sqlite3_finalize(stmt);
    return found;
  }

  void clear_cache() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
  }

  std::string pragma(const char* sql) {
    Rows r = query(sql, {});
    return r.empty() || r.rows[0].cols.empty() || r.rows[0].is_null(0) ? "" : r.rows[0].str(0);
  }

  static Value column(sqlite3_stmt* st, int c) {
    switch (sqlite3_column_type(st, c)) {
      case SQLITE_INTEGER:
        return static_cast<int64_t>(sqlite3_column_int64(st, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(st, c);
      case SQLITE_NULL:
        return nullptr;
      case SQLITE_BLOB: {
        const void* p = sqlite3_column_blob(st, c);
        int n = sqlite3_column_bytes(st, c);
        return p ? std::string(static_cast<const char*>(p), n) : std::string();
      }
      default: {  // SQLITE_TEXT
        const unsigned char* p = sqlite3_column_text(st, c);
        int n = sqlite3_column_bytes(st, c);
        return p ? std::string(reinterpret_cast<const char*>(p), n) : std::string();
      }
    }
  }

  std::unique_ptr<sqlite3, SqliteCloser> db_;
  std::atomic<int64_t>* epoch_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, SqliteSync sync, int pool_size)
      : path_(std::move(path)), sync_(sync), max_(pool_size) {}

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

  // The epoch moves at once for every write committed through this pool (the connections bump
  // it), and for writes by other processes as soon as they commit, seen in the WAL-index header
  // (WalIndexWatch). Where the header cannot be mapped, PRAGMA data_version on a connection that
  // never writes is the fallback: it takes file locks, so it runs at most once per kRecheck.
  std::optional<int64_t> change_epoch() override {
    if (is_memory_target(path_)) return std::nullopt;
    if (const WalIndexWatch* w = wal_watch_.load(std::memory_order_acquire)) {
      uint64_t sig = w->signature();
      uint64_t seen = last_signature_.load(std::memory_order_acquire);
      if (sig != seen && last_signature_.compare_exchange_strong(seen, sig))
        epoch_.fetch_add(1, std::memory_order_acq_rel);
      return epoch_.load(std::memory_order_acquire);
    }
    int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
    if (now - last_check_ns_.load(std::memory_order_acquire) >=
        std::chrono::nanoseconds(kRecheck).count()) {
      std::unique_lock lock(watch_mu_, std::try_to_lock);
      if (lock.owns_lock()) {
        auto v = data_version_locked();
        if (!v) return std::nullopt;
        if (*v != last_data_version_) {
          last_data_version_ = *v;
          epoch_.fetch_add(1, std::memory_order_acq_rel);
        }
        last_check_ns_.store(now, std::memory_order_release);
        if (!wal_watch_owner_ && !wal_watch_tried_) {
          wal_watch_tried_ = true;
          const char* file = sqlite3_db_filename(watcher_.get(), "main");
          if (file && *file) wal_watch_owner_ = WalIndexWatch::open(std::string(file) + "-shm");
          if (wal_watch_owner_) {
            last_signature_.store(wal_watch_owner_->signature(), std::memory_order_release);
            wal_watch_.store(wal_watch_owner_.get(), std::memory_order_release);
            // A commit between the pragma above and the signature just read would otherwise go
            // unnoticed: start a new epoch once.
            epoch_.fetch_add(1, std::memory_order_acq_rel);
          }
        }
      }
    }
    return epoch_.load(std::memory_order_acquire);
  }

  // REQUIRES: watch_mu_ held.
  std::optional<int64_t> data_version_locked() {
    if (!watcher_) {
      sqlite3* raw = nullptr;
      if (sqlite3_open_v2(path_.c_str(), &raw,
                          SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
                          nullptr) != SQLITE_OK) {
        sqlite3_close(raw);
        return std::nullopt;
      }
      watcher_.reset(raw);
      sqlite3_busy_timeout(raw, kBusyTimeoutMs);
      if (sqlite3_prepare_v2(raw, "PRAGMA data_version", -1, &watch_stmt_, nullptr) != SQLITE_OK) {
        watcher_.reset();
        return std::nullopt;
      }
    }
    std::optional<int64_t> v;
    if (sqlite3_step(watch_stmt_) == SQLITE_ROW) v = sqlite3_column_int64(watch_stmt_, 0);
    sqlite3_reset(watch_stmt_);
    return v;
  }

  ~SqliteDatabase() override {
    if (watch_stmt_) sqlite3_finalize(watch_stmt_);
  }

  Lease acquire() override {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || opened_ < max_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    // Opening runs unlocked: it may wait on the busy timeout, and other threads may lease
    // meanwhile.
    ++opened_;
    lock.unlock();
    try {
      return Lease(this, std::make_unique<SqliteConnection>(path_, sync_, &epoch_));
    } catch (...) {
      forget_one();
      throw;
    }
  }

 protected:
  void release(std::unique_ptr<Connection> c) override {
    auto* conn = static_cast<SqliteConnection*>(c.get());
    // A caller that began without a Transaction and returned early must not hand an open write
    // transaction (and the database's write lock) to the next borrower.
    if (conn->in_transaction()) {
      try {
        conn->rollback();
      } catch (...) {
        c.reset();
        forget_one();
        return;
      }
    }
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

 private:
  void forget_one() {
    {
      std::lock_guard lock(mu_);
      --opened_;
    }
    cv_.notify_one();
  }

  const std::string path_;
  const SqliteSync sync_;
  const int max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  int opened_ = 0;                                 // GUARDED_BY(mu_): idle plus leased
  std::mutex watch_mu_;
  std::unique_ptr<sqlite3, SqliteCloser> watcher_;  // GUARDED_BY(watch_mu_)
  sqlite3_stmt* watch_stmt_ = nullptr;              // GUARDED_BY(watch_mu_)
  int64_t last_data_version_ = -1;                  // GUARDED_BY(watch_mu_)
  bool wal_watch_tried_ = false;                    // GUARDED_BY(watch_mu_)
  std::unique_ptr<WalIndexWatch> wal_watch_owner_;  // GUARDED_BY(watch_mu_); set once
  std::atomic<const WalIndexWatch*> wal_watch_{nullptr};
  std::atomic<uint64_t> last_signature_{0};
  std::atomic<int64_t> last_check_ns_{INT64_MIN / 2};
  std::atomic<int64_t> epoch_{0};
  static constexpr std::chrono::milliseconds kRecheck{1};
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, const OpenOptions& options) {
  if (options.pool_size < 1) throw DbError("sqlite: pool_size must be at least 1");
  // Every connection to ":memory:" is a database of its own, so a pool of them would not share
  // data.
  int pool = is_memory_target(path) ? 1 : options.pool_size;
  auto db = std::make_unique<SqliteDatabase>(path, options.sqlite_sync, pool);
  {
    Database::Lease first = db->acquire();  // opens the file now, so a bad path fails at start-up
  }
  return db;
}

}  // namespace lakeguard::db
