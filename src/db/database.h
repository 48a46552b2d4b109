#pragma once
// The store's narrow interface: prepared statements with bound parameters, transactions, and a
// migration runner. Knows SQL, knows nothing of the domain. Two backends: SQLite (embedded default)
// and PostgreSQL (libpq). SQL is written once with `?` placeholders; the PostgreSQL backend
// rewrites them to $1..$n. Values are never spliced into SQL text.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lakeguard::db {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter or a column value. Booleans are stored as integers 0/1 on both backends.
using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

struct Row {
  std::vector<Value> cols;

  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(cols.at(i)); }
  // Conversions are lenient across numeric kinds (PostgreSQL returns text for numerics we coerce).
  int64_t i64(size_t i) const;
  double f64(size_t i) const;
  std::string str(size_t i) const;
  std::optional<int64_t> opt_i64(size_t i) const;
  std::optional<std::string> opt_str(size_t i) const;
};

struct Rows {
  std::vector<std::string> names;
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
};

// A row as it is read, for streaming results without copying them (Connection::query_each). Valid
// only during the callback it is passed to. Accessors are lenient across numeric kinds like Row's.
class RowView {
 public:
  virtual ~RowView() = default;
  virtual size_t size() const = 0;
  virtual bool is_null(size_t i) const = 0;
  virtual int64_t i64(size_t i) const = 0;
  virtual double f64(size_t i) const = 0;
  // The column's text (numbers as their decimal text); valid until the next call on this view.
  virtual std::string_view text(size_t i) const = 0;
};

// Thrown for I/O failures and SQL errors that are bugs. Unique-key violations are reported as
// ConstraintError so services can turn them into `conflict`.
struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct ConstraintError : DbError {
  using DbError::DbError;
};

// One session with the database. Not thread-safe: one thread uses a Connection at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement with `?` placeholders bound to params, returning all result rows.
  virtual Rows query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs one query, calling `each` for every result row in order, without materialising them
  // (the default implementation reads them through query()).
  virtual void query_each(std::string_view sql, const std::vector<Value>& params,
                          const std::function<void(const RowView&)>& each);
  // Runs one statement, returning the number of rows changed.
  virtual int64_t exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
};

// A thread-safe pool of connections to one database. Every connection has the same settings.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // A human-readable target with any password masked (for logs).
  virtual std::string describe() const = 0;

  // A borrowed connection, returned to the pool on destruction.
  class Lease {
   public:
    Lease(Database* owner, std::unique_ptr<Connection> c) : owner_(owner), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    // Returns the connection held (if any) to the pool before taking the other's.
    Lease& operator=(Lease&& o) noexcept {
      if (this != &o) {
        if (conn_) owner_->release(std::move(conn_));
        owner_ = o.owner_;
        conn_ = std::move(o.conn_);
      }
      return *this;
    }
    ~Lease() {
      if (conn_) owner_->release(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Database* owner_;
    std::unique_ptr<Connection> conn_;
  };
  // Blocks until a connection is free.
  virtual Lease acquire() = 0;

  // A number that grows with every committed transaction or autocommit statement that changed at
  // least one row of any table (statements that changed no row do not move it; a migration script
  // always does): at once for writes through this Database, at once for other processes' on the
  // same SQLite file (e.g. `lakeguard import`), and for other instances (PostgreSQL) once their
  // notification arrives. nullopt when the backend cannot tell (in-memory SQLite; PostgreSQL while
  // the change watch is not listening): callers must not cache then. Read caches are keyed on it:
  // an entry is used only while its epoch holds. Thread-safe; lock-free between rechecks.
  virtual std::optional<int64_t> change_epoch() { return std::nullopt; }
  // The change epoch of one table: grows with every committed transaction or autocommit
  // statement that changed at least one row of `table` (INSERT/UPDATE/DELETE, rows changed by
  // foreign-key cascades and triggers included). It does not move for commits that changed no row
  // of `table`. Own commits (through this Database) are visible before commit()/exec() returns;
  // other processes' (SQLite: e.g. `lakeguard import` on the same file) at once, other instances'
  // (PostgreSQL) once their notification arrives. nullopt when the backend cannot tell (in-memory
  // SQLite; PostgreSQL while the change watch is not listening): callers must not cache then.
  // Thread-safe. Cheap: no syscall, no query and no contended lock when nothing was committed since
  // the last call — it runs on the HTTP server's I/O thread for every cached read.
  //
  // `table` is the table's name as in the schema, unqualified; ASCII case is ignored. Values are
  // monotone per table within one process and comparable only within it: use them for equality
  // (cache keys); a sum over several tables moves when any of them does. A commit this Database
  // cannot attribute (another process's on SQLite, a lost notification on PostgreSQL, rows of a
  // PostgreSQL table that has no change triggers because migrate() has not run since it was
  // created) moves every table. Migration scripts (exec_script) move every table. Limits: SQLite
  // virtual tables report under their shadow tables' names; on PostgreSQL a function that writes,
  // called from a plain SELECT in autocommit, is seen only when its notification arrives
  // (decision 0006).
  virtual std::optional<int64_t> change_epoch(std::string_view table) {
    (void)table;
    return std::nullopt;
  }

 protected:
  virtual void release(std::unique_ptr<Connection> c) = 0;
};

// Opens `target`: a `postgresql://` or `postgres://` URI, or an SQLite file path.
// SQLite is opened in WAL mode with foreign keys on and a busy timeout. `pool_size` connections.
std::unique_ptr<Database> open_database(const std::string& target, int pool_size = 4);

// How hard an SQLite commit is pushed to disk (PRAGMA synchronous). In WAL mode kNormal keeps every
// committed transaction through a crash of the process (kill -9): the WAL is written before commit
// returns and the kernel keeps it. Only a power loss or an OS crash can lose the last commits.
// kFull also fsyncs the WAL on every commit, surviving those too, at one fsync per commit.
enum class SqliteSync { kNormal, kFull };

struct OpenOptions {
  int pool_size = 4;  // connections, opened lazily; an in-memory SQLite database always gets 1
  SqliteSync sqlite_sync = SqliteSync::kNormal;
};

// As above, with all options. Opens one connection at once so a bad target fails here, not later.
// Throws DbError when the target cannot be opened.
std::unique_ptr<Database> open_database(const std::string& target, const OpenOptions& options);
// The two backends behind open_database(), for callers that already know which one they want.
std::unique_ptr<Database> open_sqlite(const std::string& path, const OpenOptions& options = {});
std::unique_ptr<Database> open_postgres(const std::string& uri, const OpenOptions& options = {});

// Work done inside every transaction of this thread while set: right after it begins and just
// before it commits (e.g. claiming a request's Idempotency-Key in the transaction of its first
// write, so the claim and the write commit or roll back together). Set for the duration of one
// request with ScopedCommitHook; thread-local, so other threads' transactions never see it.
class CommitHook {
 public:
  virtual ~CommitHook() = default;
  virtual void after_begin(Connection& c) { (void)c; }
  // May throw: the transaction then rolls back and the exception reaches commit()'s caller.
  virtual void before_commit(Connection& c) = 0;
};

// The hook set on this thread, or nullptr.
CommitHook* current_commit_hook() noexcept;

// Sets `hook` on this thread for its lifetime (restoring the previous one after).
class ScopedCommitHook {
 public:
  explicit ScopedCommitHook(CommitHook* hook) noexcept;
  ~ScopedCommitHook();
  ScopedCommitHook(const ScopedCommitHook&) = delete;
  ScopedCommitHook& operator=(const ScopedCommitHook&) = delete;

 private:
  CommitHook* previous_;
};

// RAII transaction: rolls back unless commit() was called. Runs the thread's CommitHook.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) {
    c_.begin();
    if (CommitHook* h = current_commit_hook()) {
      try {
        h->after_begin(c_);
      } catch (...) {
        c_.rollback();
        throw;
      }
    }
  }
  ~Transaction() {
    if (!done_) {
      try {
        c_.rollback();
      } catch (...) {
      }
    }
  }
  void commit() {
    if (CommitHook* h = current_commit_hook()) h->before_commit(c_);
    c_.commit();
    done_ = true;
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  Connection& c_;
  bool done_ = false;
};

// Applies numbered migrations from `dir` (files NNNN_name.sql, plus NNNN_name.sqlite.sql /
// NNNN_name.pg.sql for dialect-specific ones) not yet recorded in schema_migrations, in order,
// each in its own transaction. Returns the number applied.
int migrate(Database& db, const std::string& dir);

// Rewrites `?` placeholders (outside string literals) as $1..$n for PostgreSQL.
std::string to_pg_placeholders(std::string_view sql);

}  // namespace lakeguard::db
