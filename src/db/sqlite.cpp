// SQLite backend: one sqlite3 handle per pooled connection, each with its own statement cache.
// Change epochs per table: decision 0006.

#include <fcntl.h>
// Before sqlite3.h, which declares sqlite3_preupdate_hook() only then. Debian's libsqlite3 is built
// with it (PRAGMA compile_options); a build without it fails to link here, not at run time.
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/database.h"
#include "db/table_epochs.h"

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

// A signature of the WAL-index header in a mapping of the database's `-shm` file, which every
// connection to a WAL database maps and which SQLite rewrites on every commit by any process
// (https://www.sqlite.org/walformat.html §2.1 "The WAL-Index Header": two copies of a 48-byte
// header, the second written first; iChange is incremented by each transaction and aCksum covers
// the other fields). It changes whenever a transaction commits (or a checkpoint restarts the log).
// Read from the header's second copy, which a writer updates first.
uint64_t wal_signature(const void* shm) {
  const auto* hdr = static_cast<const uint32_t*>(shm) + 12;      // copy 2: bytes 48..95
  uint32_t change = __atomic_load_n(hdr + 2, __ATOMIC_ACQUIRE);  // iChange
  uint32_t max_frame = __atomic_load_n(hdr + 4, __ATOMIC_RELAXED);
  uint32_t cksum0 = __atomic_load_n(hdr + 10, __ATOMIC_RELAXED);  // aCksum[0]
  uint32_t cksum1 = __atomic_load_n(hdr + 11, __ATOMIC_RELAXED);
  return ((uint64_t{change} << 32) | max_frame) ^ ((uint64_t{cksum0} << 32) | cksum1);
}

// Watches the WAL-index header from a read-only mapping of its own. Reading it is a few memory
// loads instead of a read transaction (file locks and system calls), so the store epoch can notice
// other processes' writes on every request. The mapping stays valid while this process holds a
// connection open: SQLite truncates the file only when the first connection opens it, which our
// open pool prevents, and SQLite's own connections in this process read the same mapping the same
// way.
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

  uint64_t signature() const { return wal_signature(map_); }

 private:
  static constexpr size_t kMapBytes = 4096;  // the header is the first 136 bytes
  WalIndexWatch(int fd, void* map) : fd_(fd), map_(map) {}
  int fd_;
  void* map_;
};

// --- telling own commits from other processes' --------------------------------------------------
//
// Every change of the WAL-index header happens while one connection holds the WAL write lock
// (shm lock 0: commits, log restarts, checkpoints that restart the log, recovery). So a header
// change made while one of our connections held that lock is ours, and any other is another
// process's. SQLite has no hook at the moment that matters — after the commit wrote the header and
// before the lock is released (sqlite3_wal_hook runs after the release, when another process may
// already have committed too) — so the connections open their main file through a thin VFS that
// forwards every call to the default one and reports the write lock's acquisition and release.

// What a connection's main database file reports. Called on the connection's own thread, from
// inside the SQLite call that takes or releases the lock; must not call into SQLite.
class WriteLockListener {
 public:
  virtual ~WriteLockListener() = default;
  // The write lock was just taken; `shm` maps the WAL-index header.
  virtual void write_locked(const void* shm) noexcept = 0;
  // The write lock is about to be released (still held); `shm` is null if the WAL index is no
  // longer mapped, and then what happened under the lock is unknown. Called once for each
  // write_locked(), also when the lock goes without an unlock (the file is unmapped or closed).
  virtual void write_unlocking(const void* shm) noexcept = 0;
  // WAL recovery is about to rebuild the header (it may surface others' commits).
  virtual void recovering() noexcept = 0;
};

constexpr const char* kVfsName = "lakeguard";
constexpr int kWriteLock = 0;    // WAL_WRITE_LOCK in SQLite's wal.c
constexpr int kRecoverLock = 2;  // WAL_RECOVER_LOCK

// The file object our VFS hands SQLite: its header, then the default VFS's own file object.
struct ShimFile {
  sqlite3_file base;            // first, so SQLite's pointer is ours
  sqlite3_file* real;           // the default VFS's file object, right after this header
  WriteLockListener* listener;  // set by the connection after opening; may be null
  const void* shm;              // region 0 of the WAL index once SQLite mapped it
  bool reported_lock;           // listener->write_locked() was called, write_unlocking() not yet
};

// Pairs every write_locked() with one write_unlocking(), whatever ends the lock.
void report_unlock(ShimFile* s) {
  if (!s->reported_lock) return;
  s->reported_lock = false;
  if (s->listener) s->listener->write_unlocking(s->shm);
}
constexpr size_t kShimHeader = (sizeof(ShimFile) + 15) & ~size_t{15};

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return shim(f)->real; }
const sqlite3_io_methods& real_io(sqlite3_file* f) { return *real(f)->pMethods; }
sqlite3_vfs* base_vfs(sqlite3_vfs* v) { return static_cast<sqlite3_vfs*>(v->pAppData); }

int shim_close(sqlite3_file* f) {
  report_unlock(shim(f));
  return real_io(f).xClose(real(f));
}
int shim_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return real_io(f).xRead(real(f), buf, n, off);
}
int shim_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  return real_io(f).xWrite(real(f), buf, n, off);
}
int shim_truncate(sqlite3_file* f, sqlite3_int64 size) {
  return real_io(f).xTruncate(real(f), size);
}
int shim_sync(sqlite3_file* f, int flags) { return real_io(f).xSync(real(f), flags); }
int shim_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return real_io(f).xFileSize(real(f), size);
}
int shim_lock(sqlite3_file* f, int level) { return real_io(f).xLock(real(f), level); }
int shim_unlock(sqlite3_file* f, int level) { return real_io(f).xUnlock(real(f), level); }
int shim_check_reserved(sqlite3_file* f, int* out) {
  return real_io(f).xCheckReservedLock(real(f), out);
}
int shim_file_control(sqlite3_file* f, int op, void* arg) {
  return real_io(f).xFileControl(real(f), op, arg);
}
int shim_sector_size(sqlite3_file* f) { return real_io(f).xSectorSize(real(f)); }
int shim_device(sqlite3_file* f) { return real_io(f).xDeviceCharacteristics(real(f)); }
int shim_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  int rc = real_io(f).xShmMap(real(f), region, size, extend, out);
  if (rc == SQLITE_OK && region == 0 && *out != nullptr) {
    shim(f)->shm = const_cast<const void*>(*out);
  }
  return rc;
}
int shim_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  ShimFile* s = shim(f);
  bool exclusive = (flags & SQLITE_SHM_EXCLUSIVE) != 0;
  bool write_lock = exclusive && offset <= kWriteLock && kWriteLock < offset + n;
  if (write_lock && (flags & SQLITE_SHM_UNLOCK)) report_unlock(s);
  int rc = real_io(f).xShmLock(real(f), offset, n, flags);
  if (rc == SQLITE_OK && exclusive && (flags & SQLITE_SHM_LOCK) && s->listener) {
    if (write_lock && s->shm) {
      s->reported_lock = true;
      s->listener->write_locked(s->shm);
    }
    if (offset <= kRecoverLock && kRecoverLock < offset + n) s->listener->recovering();
  }
  return rc;
}
void shim_shm_barrier(sqlite3_file* f) { real_io(f).xShmBarrier(real(f)); }
int shim_shm_unmap(sqlite3_file* f, int delete_flag) {
  ShimFile* s = shim(f);
  report_unlock(s);  // unmapping drops the locks
  s->shm = nullptr;
  return real_io(f).xShmUnmap(real(f), delete_flag);
}
int shim_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
  return real_io(f).xFetch(real(f), off, n, out);
}
int shim_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  return real_io(f).xUnfetch(real(f), off, p);
}

// SQLite checks a file's iVersion to see which methods exist, so ours matches the real file's.
const sqlite3_io_methods* shim_methods(int version) {
  static const std::array<sqlite3_io_methods, 3> methods = [] {
    std::array<sqlite3_io_methods, 3> m{};
    for (int v = 1; v <= 3; ++v) {
      sqlite3_io_methods& io = m[v - 1];
      io.iVersion = v;
      io.xClose = shim_close;
      io.xRead = shim_read;
      io.xWrite = shim_write;
      io.xTruncate = shim_truncate;
      io.xSync = shim_sync;
      io.xFileSize = shim_file_size;
      io.xLock = shim_lock;
      io.xUnlock = shim_unlock;
      io.xCheckReservedLock = shim_check_reserved;
      io.xFileControl = shim_file_control;
      io.xSectorSize = shim_sector_size;
      io.xDeviceCharacteristics = shim_device;
      if (v >= 2) {
        io.xShmMap = shim_shm_map;
        io.xShmLock = shim_shm_lock;
        io.xShmBarrier = shim_shm_barrier;
        io.xShmUnmap = shim_shm_unmap;
      }
      if (v >= 3) {
        io.xFetch = shim_fetch;
        io.xUnfetch = shim_unfetch;
      }
    }
    return m;
  }();
  return &methods[std::clamp(version, 1, 3) - 1];
}

bool is_shim_file(const sqlite3_file* f) {
  return f && f->pMethods && f->pMethods->xShmLock == shim_shm_lock;
}

int shim_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
              int* out_flags) {
  ShimFile* s = shim(file);
  s->base.pMethods = nullptr;
  s->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kShimHeader);
  s->real->pMethods = nullptr;
  s->listener = nullptr;
  s->shm = nullptr;
  s->reported_lock = false;
  sqlite3_vfs* base = base_vfs(vfs);
  int rc = base->xOpen(base, name, s->real, flags, out_flags);
  // SQLite calls xClose whenever pMethods is set, even after a failed open: forward it then too.
  if (s->real->pMethods) s->base.pMethods = shim_methods(s->real->pMethods->iVersion);
  return rc;
}

int vfs_delete(sqlite3_vfs* v, const char* name, int sync_dir) {
  return base_vfs(v)->xDelete(base_vfs(v), name, sync_dir);
}
int vfs_access(sqlite3_vfs* v, const char* name, int flags, int* out) {
  return base_vfs(v)->xAccess(base_vfs(v), name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs* v, const char* name, int n, char* out) {
  return base_vfs(v)->xFullPathname(base_vfs(v), name, n, out);
}
void* vfs_dl_open(sqlite3_vfs* v, const char* name) {
  return base_vfs(v)->xDlOpen(base_vfs(v), name);
}
void vfs_dl_error(sqlite3_vfs* v, int n, char* out) { base_vfs(v)->xDlError(base_vfs(v), n, out); }
void (*vfs_dl_sym(sqlite3_vfs* v, void* handle, const char* symbol))(void) {
  return base_vfs(v)->xDlSym(base_vfs(v), handle, symbol);
}
void vfs_dl_close(sqlite3_vfs* v, void* handle) { base_vfs(v)->xDlClose(base_vfs(v), handle); }
int vfs_randomness(sqlite3_vfs* v, int n, char* out) {
  return base_vfs(v)->xRandomness(base_vfs(v), n, out);
}
int vfs_sleep(sqlite3_vfs* v, int us) { return base_vfs(v)->xSleep(base_vfs(v), us); }
int vfs_current_time(sqlite3_vfs* v, double* out) {
  return base_vfs(v)->xCurrentTime(base_vfs(v), out);
}
int vfs_last_error(sqlite3_vfs* v, int n, char* out) {
  return base_vfs(v)->xGetLastError(base_vfs(v), n, out);
}
int vfs_current_time64(sqlite3_vfs* v, sqlite3_int64* out) {
  return base_vfs(v)->xCurrentTimeInt64(base_vfs(v), out);
}
int vfs_set_syscall(sqlite3_vfs* v, const char* name, sqlite3_syscall_ptr p) {
  return base_vfs(v)->xSetSystemCall(base_vfs(v), name, p);
}
sqlite3_syscall_ptr vfs_get_syscall(sqlite3_vfs* v, const char* name) {
  return base_vfs(v)->xGetSystemCall(base_vfs(v), name);
}
const char* vfs_next_syscall(sqlite3_vfs* v, const char* name) {
  return base_vfs(v)->xNextSystemCall(base_vfs(v), name);
}

// Registers the VFS once (not as the default). Returns its name, or nullptr if the default VFS is
// too old to wrap (then connections open without it and epochs fall back, see SqliteChanges).
const char* shim_vfs() {
  static const char* name = []() -> const char* {
    sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
    if (base == nullptr || base->iVersion < 3) return nullptr;
    static sqlite3_vfs vfs{};
    vfs.iVersion = 3;
    vfs.szOsFile = static_cast<int>(kShimHeader) + base->szOsFile;
    vfs.mxPathname = base->mxPathname;
    vfs.zName = kVfsName;
    vfs.pAppData = base;
    vfs.xOpen = shim_open;
    vfs.xDelete = vfs_delete;
    vfs.xAccess = vfs_access;
    vfs.xFullPathname = vfs_full_pathname;
    vfs.xDlOpen = vfs_dl_open;
    vfs.xDlError = vfs_dl_error;
    vfs.xDlSym = vfs_dl_sym;
    vfs.xDlClose = vfs_dl_close;
    vfs.xRandomness = vfs_randomness;
    vfs.xSleep = vfs_sleep;
    vfs.xCurrentTime = vfs_current_time;
    vfs.xGetLastError = vfs_last_error;
    vfs.xCurrentTimeInt64 = vfs_current_time64;
    vfs.xSetSystemCall = vfs_set_syscall;
    vfs.xGetSystemCall = vfs_get_syscall;
    vfs.xNextSystemCall = vfs_next_syscall;
    return sqlite3_vfs_register(&vfs, /*makeDflt=*/0) == SQLITE_OK ? kVfsName : nullptr;
  }();
  return name;
}

// Attributes WAL-index header changes to this Database's commits or to others', and keeps the
// table epochs. `known_` is the header state whose changes have all been accounted for.
// REQUIRES for the write-lock calls: the caller holds the WAL write lock.
class SqliteChanges {
 public:
  TableEpochs& epochs() { return epochs_; }
  uint64_t known() const { return known_fast_.load(std::memory_order_acquire); }

  // One of our connections took the write lock: nobody else can change the header until it is
  // released, and whatever changed it since `known_` was someone else.
  void write_locked(uint64_t sig) noexcept {
    std::lock_guard lock(mu_);
    if (!known_valid_ || sig != known_) {
      epochs_.bump_all();
      set_known(sig);
    }
    own_writer_ = true;
  }

  // The header moved while we held the lock: our commit (of rows of `tables`), or our log restart
  // or checkpoint (no rows), or a recovery (`everything`: it may replay others' commits).
  void write_unlocking(uint64_t sig, const std::vector<std::string>& tables,
                       bool everything) noexcept {
    std::lock_guard lock(mu_);
    if (!known_valid_ || sig != known_) {
      if (everything) {
        epochs_.bump_all();
      } else {
        epochs_.bump(tables);
      }
      set_known(sig);
    }
    own_writer_ = false;
  }

  // The lock went while the header could not be read: anything may have happened.
  void write_unlocking_unknown() noexcept {
    std::lock_guard lock(mu_);
    epochs_.bump_all();
    known_valid_ = false;
    known_fast_.store(0, std::memory_order_release);
    own_writer_ = false;
  }

  // The watch saw the header differ from `known_`. While one of ours holds the write lock the
  // difference is its commit in progress, which write_unlocking() accounts for; otherwise it is
  // another process's.
  void observe(const WalIndexWatch& w) noexcept {
    std::lock_guard lock(mu_);
    uint64_t sig = w.signature();
    if (own_writer_ || (known_valid_ && sig == known_)) return;
    epochs_.bump_all();
    set_known(sig);
  }

  // The watch starts: whatever happened before it is unknown.
  void start(const WalIndexWatch& w) noexcept {
    std::lock_guard lock(mu_);
    epochs_.bump_all();
    set_known(w.signature());
  }

 private:
  void set_known(uint64_t sig) {  // REQUIRES: mu_ held
    known_ = sig;
    known_valid_ = true;
    known_fast_.store(sig, std::memory_order_release);
  }

  TableEpochs epochs_;
  std::mutex mu_;             // short sections only: never held across a call into SQLite
  uint64_t known_ = 0;        // GUARDED_BY(mu_)
  bool known_valid_ = false;  // GUARDED_BY(mu_)
  bool own_writer_ = false;   // GUARDED_BY(mu_)
  std::atomic<uint64_t> known_fast_{0};  // copy of known_ for the lock-free check
};

bool is_memory_target(const std::string& path) {
  return path.empty() || path == ":memory:" || path.find("mode=memory") != std::string::npos;
}

class SqliteConnection final : public Connection, private WriteLockListener {
 public:
  // `changes` is told of every commit through this connection (null: not tracked, in-memory).
  SqliteConnection(const std::string& path, SqliteSync sync, SqliteChanges* changes)
      : changes_(changes) {
    sqlite3* raw = nullptr;
    // NOMUTEX: a Connection is used by one thread at a time (database.h), so SQLite's per-call
    // locking would buy nothing. EXRESCODE gives SQLITE_CONSTRAINT_UNIQUE etc. from every call.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
                SQLITE_OPEN_EXRESCODE;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, changes_ ? shim_vfs() : nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) {
      std::string why = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
      throw DbError("sqlite: cannot open '" + path + "': " + why);
    }
    if (changes_) {
      // A `vfs=` URI parameter overrides ours: then commits are attributed after they return
      // (settle()) and the watch counts every header change as another process's.
      sqlite3_file* file = nullptr;
      if (sqlite3_file_control(db_.get(), "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK &&
          is_shim_file(file)) {
        shim_ = shim(file);
        shim_->listener = this;
      }
      // The pre-update hook, unlike sqlite3_update_hook, also fires for WITHOUT ROWID tables and
      // for rows a REPLACE deletes, and its presence turns off the truncate optimisation (an
      // unqualified DELETE then deletes row by row, reporting each); rows changed by foreign-key
      // actions and triggers are reported like any other. Only virtual tables are not reported
      // (their shadow tables are).
      sqlite3_preupdate_hook(db_.get(), &SqliteConnection::on_preupdate, this);
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

  ~SqliteConnection() override {
    clear_cache();
    if (shim_) {
      report_unlock(shim_);  // a connection dropped while it held the write lock
      shim_->listener = nullptr;
    }
    db_.reset();  // closing may still take and release locks: with the hooks detached
  }

  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }

  Rows query(std::string_view sql, const std::vector<Value>& params) override {
    Settle settle(*this);
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

  void query_each(std::string_view sql, const std::vector<Value>& params,
                  const std::function<void(const RowView&)>& each) override {
    Settle settle(*this);
    Statement st(*this, sql, params);
    // The row straight from the statement: no copy of any column.
    class View final : public RowView {
     public:
      explicit View(sqlite3_stmt* s) : s_(s), n_(static_cast<size_t>(sqlite3_column_count(s))) {}
      size_t size() const override { return n_; }
      bool is_null(size_t i) const override {
        return sqlite3_column_type(s_, static_cast<int>(i)) == SQLITE_NULL;
      }
      int64_t i64(size_t i) const override {
        return static_cast<int64_t>(sqlite3_column_int64(s_, static_cast<int>(i)));
      }
      double f64(size_t i) const override { return sqlite3_column_double(s_, static_cast<int>(i)); }
      std::string_view text(size_t i) const override {
        const unsigned char* p = sqlite3_column_text(s_, static_cast<int>(i));
        int n = sqlite3_column_bytes(s_, static_cast<int>(i));
        return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(n))
                 : std::string_view();
      }

     private:
      sqlite3_stmt* s_;
      size_t n_;
    } view(st.get());
    while (st.step()) each(view);
  }

  int64_t exec(std::string_view sql, const std::vector<Value>& params) override {
    // sqlite3_changes64() keeps the count of the last INSERT/UPDATE/DELETE, so after DDL or a
    // SELECT it would report a stale number; the total only moves when this statement changed rows.
    Settle settle(*this);
    sqlite3_int64 before = sqlite3_total_changes64(db_.get());
    Statement st(*this, sql, params);
    while (st.step()) {
    }
    return sqlite3_total_changes64(db_.get()) == before ? 0 : sqlite3_changes64(db_.get());
  }

  void exec_script(std::string_view sql) override {
    // Scripts are migrations: DDL changes what a table's rows look like without changing them, so
    // every table's epoch moves once the script's changes are committed.
    struct Everything {
      SqliteConnection& c;
      ~Everything() {
        c.everything_ = true;
        c.settle();
      }
    } everything{*this};
    std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string why = err ? err : sqlite3_errmsg(db_.get());
      sqlite3_free(err);
      throw_error(sqlite3_extended_errcode(db_.get()), why, sql);
    }
  }

  // IMMEDIATE takes the write lock now. A deferred transaction that reads and then writes fails
  // with SQLITE_BUSY_SNAPSHOT (no busy wait) when another connection committed in between.
  void begin() override { exec("BEGIN IMMEDIATE", {}); }
  void commit() override { exec("COMMIT", {}); }
  void rollback() override {
    // Nothing of the transaction was committed: drop its tables before ROLLBACK's own settle().
    pending_.clear();
    everything_ = false;
    // Some errors (SQLITE_FULL, SQLITE_IOERR) end the transaction themselves; ROLLBACK would fail.
    if (in_transaction()) exec("ROLLBACK", {});
  }

  bool in_transaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

 private:
  // --- change attribution (decision 0006) ---
  //
  // The pre-update hook collects the tables the current transaction changes (pending_). With our
  // VFS (shim_ set), the write lock's release hands them to SqliteChanges while the lock is still
  // held, which is the only moment at which the header change is known to be ours; after a
  // rollback the header has not moved and they are dropped. Without it, settle() hands them over
  // once the statement or COMMIT has returned outside a transaction.

  static void on_preupdate(void* self, sqlite3*, int, const char* db, const char* table,
                           sqlite3_int64, sqlite3_int64) {
    if (std::strcmp(db, "main") != 0) return;  // TEMP tables are this connection's own
    static_cast<SqliteConnection*>(self)->note_change(table);
  }

  void note_change(const char* table) noexcept {
    // Batches change one table row after row: the last entry is the likely match.
    if (!pending_.empty() && pending_.back() == table) return;
    for (const std::string& t : pending_) {
      if (t == table) return;
    }
    try {
      pending_.emplace_back(table);
    } catch (...) {
      everything_ = true;
    }
  }

  void write_locked(const void* shm) noexcept override {
    recovering_ = false;
    changes_->write_locked(wal_signature(shm));
  }

  void write_unlocking(const void* shm) noexcept override {
    if (shm) {
      changes_->write_unlocking(wal_signature(shm), pending_, everything_ || recovering_);
    } else {
      changes_->write_unlocking_unknown();
    }
    pending_.clear();
    everything_ = false;
    recovering_ = false;
  }

  void recovering() noexcept override { recovering_ = true; }

  // Outside a transaction, hands over what the write lock's release did not (no VFS of ours, or a
  // script's "everything"). A statement that failed after changing rows counts too: on the safe
  // side.
  void settle() noexcept {
    if (!changes_ || in_transaction()) return;
    if (everything_) {
      changes_->epochs().bump_all();
    } else {
      changes_->epochs().bump(pending_);
    }
    pending_.clear();
    everything_ = false;
  }

  class Settle {
   public:
    explicit Settle(SqliteConnection& c) : c_(c) {}
    ~Settle() { c_.settle(); }
    Settle(const Settle&) = delete;
    Settle& operator=(const Settle&) = delete;

   private:
    SqliteConnection& c_;
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

  SqliteChanges* changes_ = nullptr;
  ShimFile* shim_ = nullptr;          // our VFS's file object for "main", owned by SQLite
  std::vector<std::string> pending_;  // tables changed by the open transaction (or statement)
  bool everything_ = false;           // ... or every table
  bool recovering_ = false;           // a WAL recovery ran under the write lock held now
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
  // Last, so that it closes first, while the members the hooks use still exist.
  std::unique_ptr<sqlite3, SqliteCloser> db_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, SqliteSync sync, int pool_size)
      : path_(std::move(path)), memory_(is_memory_target(path_)), sync_(sync), max_(pool_size) {}

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

  // Own commits move the epochs of the tables they changed before they return (SqliteChanges,
  // told by the connections). Other processes' commits move every table as soon as they commit,
  // seen in the WAL-index header (WalIndexWatch). Where the header cannot be mapped, PRAGMA
  // data_version on a connection that never writes is the fallback: it takes file locks, so it
  // runs at most once per kRecheck, and it cannot tell our commits from others', so each commit
  // moves every table there.
  std::optional<int64_t> change_epoch() override {
    if (!refresh()) return std::nullopt;
    return changes_.epochs().global();
  }

  std::optional<int64_t> change_epoch(std::string_view table) override {
    if (!refresh()) return std::nullopt;
    return changes_.epochs().table(table);
  }

  // Accounts for other processes' commits; false when the epochs cannot be trusted.
  bool refresh() {
    if (memory_) return false;
    if (const WalIndexWatch* w = wal_watch_.load(std::memory_order_acquire)) {
      // The cheap path: a few loads, equal unless something committed since the last check.
      if (w->signature() != changes_.known()) changes_.observe(*w);
      return true;
    }
    int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
    if (now - last_check_ns_.load(std::memory_order_acquire) >=
        std::chrono::nanoseconds(kRecheck).count()) {
      std::unique_lock lock(watch_mu_, std::try_to_lock);
      if (lock.owns_lock()) {
        auto v = data_version_locked();
        if (!v) return false;
        if (*v != last_data_version_) {
          last_data_version_ = *v;
          changes_.epochs().bump_all();
        }
        last_check_ns_.store(now, std::memory_order_release);
        if (!wal_watch_owner_ && !wal_watch_tried_) {
          wal_watch_tried_ = true;
          const char* file = sqlite3_db_filename(watcher_.get(), "main");
          if (file && *file) wal_watch_owner_ = WalIndexWatch::open(std::string(file) + "-shm");
          if (wal_watch_owner_) {
            // Moves every table once: a commit between the pragma above and the signature read
            // now would otherwise go unnoticed.
            changes_.start(*wal_watch_owner_);
            wal_watch_.store(wal_watch_owner_.get(), std::memory_order_release);
          }
        }
      }
    }
    return true;
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
      return Lease(this,
                   std::make_unique<SqliteConnection>(path_, sync_, memory_ ? nullptr : &changes_));
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
  const bool memory_;  // every connection its own database: no epochs
  const SqliteSync sync_;
  const int max_;
  SqliteChanges changes_;  // before idle_: the connections report to it until they close
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
  std::atomic<int64_t> last_check_ns_{INT64_MIN / 2};
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
