// PostgreSQL backend over libpq: one PGconn per pooled connection, each with its own cache of
// server-side prepared statements, text-format parameters and results. Change epochs per table:
// decision 0006.

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/database.h"
#include "db/table_epochs.h"

namespace lakeguard::db {
namespace {

// Bounds the prepared statements a session keeps if a caller builds SQL dynamically.
constexpr size_t kMaxPrepared = 256;

// Type OIDs of the built-in types we convert (fixed since PostgreSQL 7; the symbolic names live in
// the server-side header catalog/pg_type_d.h, which libpq-dev does not ship).
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

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

bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Copies sql to out, numbering each `?` outside literals, quoted identifiers and comments.
// PostgreSQL's jsonb operators `?`, `?|` and `?&` cannot be told apart from placeholders: write
// jsonb_exists(), jsonb_exists_any() or jsonb_exists_all() instead.
std::string rewrite_placeholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  const size_t len = sql.size();
  size_t i = 0;
  // Copies sql[i, end) verbatim and moves on.
  auto copy_to = [&](size_t end) {
    end = std::min(end, len);
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < len) {
    char c = sql[i];
    char next = i + 1 < len ? sql[i + 1] : '\0';
    if (c == '\'') {
      // E'...' literals treat a backslash as an escape, so E'\'' does not end at the second quote.
      bool backslash =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !ident_char(sql[i - 2]));
      size_t j = i + 1;
      while (j < len) {
        if (backslash && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < len && sql[j + 1] == '\'') {
            j += 2;  // '' is a quote inside the literal
          } else {
            break;
          }
        } else {
          ++j;
        }
      }
      copy_to(j + 1);
    } else if (c == '"') {
      // "" inside an identifier reads as two adjacent identifiers here, which copies the same.
      size_t j = sql.find('"', i + 1);
      copy_to(j == std::string_view::npos ? len : j + 1);
    } else if (c == '-' && next == '-') {
      size_t j = sql.find('\n', i);
      copy_to(j == std::string_view::npos ? len : j + 1);
    } else if (c == '/' && next == '*') {
      // PostgreSQL block comments nest.
      int depth = 0;
      size_t j = i;
      while (j < len) {
        if (sql[j] == '/' && j + 1 < len && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < len && sql[j + 1] == '/') {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      copy_to(j);
    } else if (c == '$' && (i == 0 || !ident_char(sql[i - 1])) &&
               !std::isdigit(static_cast<unsigned char>(next))) {
      // A dollar-quoted string: $$...$$ or $tag$...$tag$.
      size_t j = i + 1;
      while (j < len && ident_char(sql[j]) && sql[j] != '$') ++j;
      if (j < len && sql[j] == '$') {
        std::string_view tag = sql.substr(i, j - i + 1);
        size_t end = sql.find(tag, j + 1);
        copy_to(end == std::string_view::npos ? len : end + tag.size());
      } else {
        copy_to(i + 1);
      }
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  if (count) *count = n;
  return out;
}

// Replaces the password in a URI's user info and any password=... parameter with "***".
std::string mask_password(const std::string& target) {
  std::string out = target;
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    size_t value = pos + std::strlen("password=");
    size_t end = out.find_first_of("& ", value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return out;
}

std::string render(double d) {
  // PostgreSQL spells the special values its own way; to_chars would write "nan" and "inf".
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  std::array<char, 32> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), d);
  return std::string(buf.data(), res.ptr);
}

Value convert(Oid type, const char* text, int length) {
  const char* end = text + length;
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      int64_t n = 0;
      auto res = std::from_chars(text, end, n);
      if (res.ec == std::errc() && res.ptr == end) return n;
      break;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double d = 0;
      auto res = std::from_chars(text, end, d);
      if (res.ec == std::errc() && res.ptr == end) return d;
      break;  // a numeric beyond double's range stays text; Row::f64 then reports it
    }
    case kBoolOid:
      return int64_t{length > 0 && text[0] == 't' ? 1 : 0};
    default:
      break;
  }
  return std::string(text, length);
}

// True if the statement's first word is WITH (after spaces, comments and parentheses): only then
// can a statement whose command tag is SELECT change rows (a data-modifying WITH must be at the
// top level).
bool starts_with_with(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '(') {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      size_t end = sql.find("*/", i + 2);  // a nested comment here only errs towards true
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  if (sql.size() - i < 4) return false;
  std::string word;
  for (char c : sql.substr(i, 4))
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return word == "WITH" && (sql.size() == i + 4 || !ident_char(sql[i + 4]));
}

void ignore_notice(void*, const char*) {
  // Notices ("relation already exists, skipping") are expected chatter, not errors; libpq would
  // print them on stderr.
}

class PgConnection final : public Connection {
 public:
  // `epochs`: the pool's change epochs, moved by every commit made through this connection that
  // changed rows (may be null).
  explicit PgConnection(const std::string& uri, TableEpochs* epochs = nullptr) : epochs_(epochs) {
    // Keywords before dbname are defaults the URI may override (libpq processes them in order).
    const std::array<const char*, 5> keys = {"connect_timeout", "fallback_application_name",
                                             "client_encoding", "dbname", nullptr};
    const std::array<const char*, 5> values = {"10", "lakeguard", "UTF8", uri.c_str(), nullptr};
    conn_.reset(PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1));
    if (!conn_) throw DbError("postgres: out of memory connecting to " + mask_password(uri));
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      throw DbError("postgres: cannot connect to " + mask_password(uri) + ": " + last_error());
    }
    PQsetNoticeProcessor(conn_.get(), ignore_notice, nullptr);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Rows query(std::string_view sql, const std::vector<Value>& params) override {
    bool may_write_rows = false;
    PgResult r = run(sql, params, &may_write_rows);
    after_statement(r.get(), may_write_rows);
    PGresult* res = r.get();
    Rows out;
    int nf = PQnfields(res);
    int nt = PQntuples(res);
    std::vector<Oid> types(nf);
    out.names.reserve(nf);
    for (int c = 0; c < nf; ++c) {
      out.names.emplace_back(PQfname(res, c));
      types[c] = PQftype(res, c);
    }
    out.rows.reserve(nt);
    for (int t = 0; t < nt; ++t) {
      Row& row = out.rows.emplace_back();
      row.cols.reserve(nf);
      for (int c = 0; c < nf; ++c) {
        if (PQgetisnull(res, t, c)) {
          row.cols.emplace_back(nullptr);
        } else {
          row.cols.push_back(convert(types[c], PQgetvalue(res, t, c), PQgetlength(res, t, c)));
        }
      }
    }
    return out;
  }

  int64_t exec(std::string_view sql, const std::vector<Value>& params) override {
    bool may_write_rows = false;
    PgResult r = run(sql, params, &may_write_rows);
    after_statement(r.get(), may_write_rows);
    // Empty for commands that change no rows by definition (DDL, BEGIN).
    const char* tuples = PQcmdTuples(r.get());
    int64_t n = 0;
    std::from_chars(tuples, tuples + std::strlen(tuples), n);
    return n;
  }

  void exec_script(std::string_view sql) override {
    // The simple-query protocol runs every statement in the string; no parameters allowed there.
    std::string text(sql);
    PgResult r(PQexec(conn_.get(), text.c_str()));
    // Scripts are migrations: DDL changes what a table's rows look like without changing them, so
    // every table's epoch moves once the script is committed (here if it ran on its own).
    if (transaction_status() == PQTRANS_IDLE) {
      take_changes(/*everything=*/true, /*changed_rows=*/false);
    } else {
      everything_ = true;
    }
    check(r.get(), sql, /*empty_ok=*/true);
  }

  void begin() override { simple("BEGIN"); }

  void commit() override {
    // COMMIT of a transaction that already failed "succeeds" with the tag ROLLBACK: report it, or
    // the caller would believe its writes landed.
    if (PQtransactionStatus(conn_.get()) == PQTRANS_INERROR) {
      forget_changes();
      simple("ROLLBACK");
      throw DbError("postgres: commit of a transaction that had failed; it was rolled back");
    }
    // The tables the triggers recorded are read and cleared in the same round trip as COMMIT; a
    // failed COMMIT rolls the clearing back with everything else.
    std::vector<PgResult> rs = simple_all(
        "SELECT current_setting('lakeguard.changed', true);"
        " SELECT set_config('lakeguard.changed', '', false);"
        " COMMIT");
    bool changed_rows = changed_rows_;
    bool everything = everything_;
    forget_changes();
    for (const PgResult& r : rs) {
      if (PQresultStatus(r.get()) == PGRES_COMMAND_OK || PQresultStatus(r.get()) == PGRES_TUPLES_OK)
        continue;
      // A failed statement skips the rest of the string: the transaction may still be open.
      if (transaction_status() != PQTRANS_IDLE) {
        PgResult ignored(PQexec(conn_.get(), "ROLLBACK"));
      }
      check(r.get(), "COMMIT", false);
    }
    if (rs.size() != 3) throw DbError("postgres: commit: " + last_error());
    if (std::strcmp(PQcmdStatus(rs[2].get()), "ROLLBACK") == 0) {
      throw DbError("postgres: the transaction was rolled back at commit");
    }
    attribute(recorded_tables(rs[0].get()), changed_rows, everything);
  }

  void rollback() override {
    forget_changes();
    simple("ROLLBACK");
  }

  // Called when the connection is leased: a connection whose server went away (restart, idle
  // timeout, pg_terminate_backend) is reconnected instead of failing the borrower's first query.
  // Throws DbError if the server is still unreachable.
  void ensure_connected() {
    if (PQstatus(conn_.get()) == CONNECTION_OK) return;
    PQreset(conn_.get());
    prepared_.clear();  // the new session has none of them
    forget_changes();
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      throw DbError("postgres: reconnect failed: " + last_error());
    }
  }

  PGTransactionStatusType transaction_status() const { return PQtransactionStatus(conn_.get()); }

 private:
  struct Prepared {
    std::string name;
    int params = 0;
    bool may_write_rows = false;  // a SELECT that may change rows: starts with WITH
  };

  std::string last_error() const {
    std::string e = PQerrorMessage(conn_.get());
    while (!e.empty() && (e.back() == '\n' || e.back() == ' ')) e.pop_back();
    return e;
  }

  // --- change attribution (decision 0006) ---
  //
  // The triggers migrate() installs record, for the session, every table whose rows a transaction
  // changed: the session setting lakeguard.changed holds "(hex of the name)" per table (a
  // session-level set_config, so it survives the commit of an autocommit statement and is undone
  // with a rolled-back transaction or savepoint). This connection reads and clears it at COMMIT,
  // in the same round trip, or after an autocommit statement that changed rows, in one more.
  // Own commits are thus attributed exactly and before commit()/exec() returns; the triggers'
  // notifications, which reach PgChangeWatch a little later, move the same tables again.

  // What a finished statement changed, from its command tag: INSERT/UPDATE/DELETE/MERGE/COPY
  // carry the row count; a SELECT changes rows only through a data-modifying WITH (functions that
  // write are not looked for: their changes arrive with the notification); DO, CALL and TRUNCATE
  // may change anything or nothing; DDL and session commands change no rows.
  enum class Changed { kNone, kMaybe, kSome };
  static Changed changed_rows(const PGresult* r, bool may_write_rows) {
    std::string_view tag = PQcmdStatus(const_cast<PGresult*>(r));
    for (std::string_view dml : {"INSERT ", "UPDATE ", "DELETE ", "MERGE ", "COPY "}) {
      if (tag.starts_with(dml))
        return tag.substr(tag.rfind(' ') + 1) == "0" ? Changed::kNone : Changed::kSome;
    }
    if (tag.starts_with("SELECT")) return may_write_rows ? Changed::kMaybe : Changed::kNone;
    if (tag == "DO" || tag == "CALL" || tag.starts_with("TRUNCATE")) return Changed::kMaybe;
    return Changed::kNone;
  }

  void after_statement(const PGresult* r, bool may_write_rows) {
    if (!epochs_) return;
    Changed rows = changed_rows(r, may_write_rows);
    if (rows == Changed::kNone) return;
    if (transaction_status() == PQTRANS_IDLE) {
      take_changes(/*everything=*/false, rows == Changed::kSome);
    } else if (rows == Changed::kSome) {
      changed_rows_ = true;
    }
  }

  // After an autocommit statement or script, which has committed: never throws, since it did.
  void take_changes(bool everything, bool changed_rows) noexcept {
    if (!epochs_) return;
    try {
      std::vector<PgResult> rs = simple_all(
          "SELECT current_setting('lakeguard.changed', true);"
          " SELECT set_config('lakeguard.changed', '', false)");
      if (everything || rs.size() != 2 || PQresultStatus(rs[0].get()) != PGRES_TUPLES_OK) {
        epochs_->bump_all();
      } else {
        attribute(recorded_tables(rs[0].get()), changed_rows, false);
      }
    } catch (...) {
      epochs_->bump_all();
    }
  }

  // The tables lakeguard.changed names; nullopt if it cannot be read as written by the trigger.
  static std::optional<std::vector<std::string>> recorded_tables(const PGresult* r) {
    std::vector<std::string> out;
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) return std::nullopt;
    if (PQgetisnull(r, 0, 0)) return out;
    std::string_view v = PQgetvalue(r, 0, 0);
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    while (!v.empty()) {
      size_t close = v.find(')');
      if (v.front() != '(' || close == std::string_view::npos || close % 2 == 0)
        return std::nullopt;
      std::string name;
      for (size_t i = 1; i < close; i += 2) {
        int hi = hex(v[i]), lo = hex(v[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        name += static_cast<char>(hi * 16 + lo);
      }
      out.push_back(std::move(name));
      v.remove_prefix(close + 1);
    }
    return out;
  }

  // Rows changed but no trigger recorded them: a table without the triggers (created after the
  // last migrate()), so every table moves.
  void attribute(const std::optional<std::vector<std::string>>& tables, bool changed_rows,
                 bool everything) noexcept {
    if (!epochs_) return;
    if (everything || !tables || (tables->empty() && changed_rows)) {
      epochs_->bump_all();
    } else {
      epochs_->bump(*tables);
    }
  }

  void forget_changes() {
    changed_rows_ = false;
    everything_ = false;
  }

  // Runs a string of several statements (simple protocol, no parameters) and returns every
  // result; PQexec keeps only the last.
  std::vector<PgResult> simple_all(const char* sql) {
    if (!PQsendQuery(conn_.get(), sql)) throw DbError("postgres: " + last_error());
    std::vector<PgResult> out;
    while (PGresult* r = PQgetResult(conn_.get())) out.emplace_back(r);
    return out;
  }

  PgResult simple(const char* sql) {
    PgResult r(PQexec(conn_.get(), sql));
    check(r.get(), sql, false);
    return r;
  }

  const Prepared& prepare(std::string_view sql) {
    if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
    if (prepared_.size() >= kMaxPrepared && transaction_status() != PQTRANS_INERROR) {
      PgResult r(PQexec(conn_.get(), "DEALLOCATE ALL"));
      if (PQresultStatus(r.get()) == PGRES_COMMAND_OK) prepared_.clear();
    }
    Prepared p;
    std::string text = rewrite_placeholders(sql, &p.params);
    p.may_write_rows = starts_with_with(sql);
    // Names are never reused in a session, so a failed DEALLOCATE cannot cause a clash.
    p.name = "lg" + std::to_string(++statements_);
    PgResult r(PQprepare(conn_.get(), p.name.c_str(), text.c_str(), 0, nullptr));
    check(r.get(), sql, false);
    return prepared_.emplace(std::string(sql), std::move(p)).first->second;
  }

  PgResult run(std::string_view sql, const std::vector<Value>& params, bool* may_write_rows) {
    // Text format for every parameter: the server infers each type from the statement, so one
    // rendering works for any column type.
    std::vector<std::string> texts(params.size());
    std::vector<const char*> ptrs(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<int64_t>(&v)) {
        texts[i] = std::to_string(*n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        texts[i] = render(*d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        if (s->find('\0') != std::string::npos) {
          throw DbError("postgres: text parameter " + std::to_string(i + 1) +
                        " contains a NUL byte (in: " + snippet(sql) + ")");
        }
        texts[i] = *s;
      } else {
        continue;  // NULL stays nullptr
      }
      ptrs[i] = texts[i].c_str();
    }
    for (int attempt = 0;; ++attempt) {
      const Prepared& p = prepare(sql);
      if (static_cast<size_t>(p.params) != params.size()) {
        throw DbError("postgres: statement takes " + std::to_string(p.params) +
                      " parameters, got " + std::to_string(params.size()) +
                      " (in: " + snippet(sql) + ")");
      }
      PgResult r(
          PQexecPrepared(conn_.get(), p.name.c_str(), p.params, ptrs.data(), nullptr, nullptr, 0));
      // A migration that changed a table's columns invalidates a cached `SELECT *` with 0A000
      // ("cached plan must not change result type"). Outside a transaction, prepare anew once.
      if (attempt == 0 && r && PQresultStatus(r.get()) == PGRES_FATAL_ERROR &&
          sqlstate(r.get()) == "0A000" && transaction_status() == PQTRANS_IDLE) {
        std::string deallocate = "DEALLOCATE " + p.name;
        PgResult ignored(PQexec(conn_.get(), deallocate.c_str()));
        prepared_.erase(prepared_.find(sql));
        continue;
      }
      check(r.get(), sql, false);
      *may_write_rows = p.may_write_rows;
      return r;
    }
  }

  static std::string sqlstate(const PGresult* r) {
    const char* s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    return s ? s : "";
  }

  void check(const PGresult* r, std::string_view sql, bool empty_ok) {
    if (!r) throw DbError("postgres: " + last_error() + " (in: " + snippet(sql) + ")");
    switch (PQresultStatus(r)) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
        return;
      case PGRES_EMPTY_QUERY:
        if (empty_ok) return;
        throw DbError("postgres: empty statement");
      default:
        break;
    }
    std::string state = sqlstate(r);
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    std::string msg = "postgres: ";
    msg += primary ? primary : PQresultErrorMessage(r);
    if (!state.empty()) msg += " [" + state + "]";
    msg += " (in: " + snippet(sql) + ")";
    // unique_violation and foreign_key_violation are the ones valid input can cause; the primary
    // message names the constraint, e.g. `violates unique constraint "users_email_key"`.
    if (state == "23505" || state == "23503") throw ConstraintError(msg);
    throw DbError(msg);
  }

  TableEpochs* epochs_;
  bool changed_rows_ = false;  // a statement of the open transaction reported changing rows
  bool everything_ = false;    // the open transaction ran a script
  std::unique_ptr<PGconn, ConnDeleter> conn_;
  std::unordered_map<std::string, Prepared, StringHash, std::equal_to<>> prepared_;
  int64_t statements_ = 0;
};

// Notices commits by any instance: row-level triggers on every table of the schema (created by
// migrate(), migrate.cpp kChangeTriggers) call pg_notify('lakeguard_changes', '<schema>.<table>')
// for every changed row (delivered when the writing transaction commits, nothing for a rollback;
// PostgreSQL folds identical notifications of one transaction into one), and a dedicated connection
// LISTENs on a thread of its own. Each notification moves its table's epoch. While the connection
// is down the watch is not healthy (the read cache is then off) and a reconnect moves every table,
// since notifications may have been missed. Another instance's write is seen when its notification
// arrives: usually well under a millisecond after its commit on one machine or LAN (decision 0004).
class PgChangeWatch {
 public:
  PgChangeWatch(std::string uri, TableEpochs& epochs)
      : uri_(std::move(uri)), epochs_(epochs), thread_([this] { run(); }) {}
  ~PgChangeWatch() {
    stop_.store(true);
    thread_.join();
  }
  bool healthy() const { return healthy_.load(std::memory_order_acquire); }

 private:
  // LISTENs and returns the schema name ("" on failure). The triggers that notify are created by
  // migrate() (migrate.cpp, kChangeTriggers), never here: DDL on tables that are being written
  // would take locks that deadlock with the writers.
  static std::string listen(PGconn* c) {
    PgResult r(PQexec(c, "LISTEN lakeguard_changes"));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) return {};
    PgResult s(PQexec(c, "SELECT current_schema()"));
    if (!s || PQresultStatus(s.get()) != PGRES_TUPLES_OK || PQntuples(s.get()) != 1) return {};
    return PQgetvalue(s.get(), 0, 0);
  }

  void run() {
    std::unique_ptr<PGconn, ConnDeleter> conn;
    std::string prefix;  // "<schema>."
    std::vector<std::string> tables;
    while (!stop_.load()) {
      if (!conn) {
        const std::array<const char*, 4> keys = {"connect_timeout", "fallback_application_name",
                                                 "dbname", nullptr};
        const std::array<const char*, 4> values = {"5", "lakeguard-watch", uri_.c_str(), nullptr};
        conn.reset(PQconnectdbParams(keys.data(), values.data(), 1));
        std::string schema;
        if (conn && PQstatus(conn.get()) == CONNECTION_OK) {
          PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
          schema = listen(conn.get());
        }
        if (schema.empty()) {
          conn.reset();
          for (int i = 0; i < 10 && !stop_.load(); ++i)  // retry in a second
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
        prefix = schema + ".";
        epochs_.bump_all();  // anything may have changed meanwhile
        healthy_.store(true, std::memory_order_release);
      }
      pollfd p{PQsocket(conn.get()), POLLIN, 0};
      int ready = ::poll(&p, 1, 100);              // wakes at least every 100 ms to see stop_
      if (ready < 0 && errno != EINTR) ready = 1;  // let PQconsumeInput report the trouble
      if (ready <= 0) continue;
      if (!PQconsumeInput(conn.get()) || PQstatus(conn.get()) != CONNECTION_OK) {
        healthy_.store(false, std::memory_order_release);
        epochs_.bump_all();
        conn.reset();
        continue;
      }
      tables.clear();
      while (PGnotify* n = PQnotifies(conn.get())) {
        // Other schemas' tables are not ours; a bare "<schema>" comes from the trigger function's
        // notification for instances older than per-table epochs, and is redundant here.
        std::string_view extra = n->extra;
        if (extra.size() > prefix.size() && extra.starts_with(prefix)) {
          try {
            tables.emplace_back(extra.substr(prefix.size()));
          } catch (...) {
            epochs_.bump_all();
          }
        }
        PQfreemem(n);
      }
      epochs_.bump(tables);
    }
  }

  const std::string uri_;
  TableEpochs& epochs_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> healthy_{false};
  std::thread thread_;  // last: starts after the members it uses
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string uri, int pool_size) : uri_(std::move(uri)), max_(pool_size) {}

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string describe() const override { return mask_password(uri_); }

  // Move at once for commits through this pool (PgConnection attributes them), and for other
  // instances' commits when their notification arrives (PgChangeWatch, started by the first call).
  // nullopt while the watch is not listening: then nothing may be cached.
  std::optional<int64_t> change_epoch() override {
    if (!watching()) return std::nullopt;
    return epochs_.global();
  }

  std::optional<int64_t> change_epoch(std::string_view table) override {
    if (!watching()) return std::nullopt;
    return epochs_.table(table);
  }

  Lease acquire() override {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || opened_ < max_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      // The Lease owns the connection before the check, so a failed reconnect returns it to the
      // pool (to be tried again by the next borrower) instead of losing a slot.
      Lease lease(this, std::move(c));
      static_cast<PgConnection&>(*lease).ensure_connected();
      return lease;
    }
    // Connecting takes a network round trip or a timeout: never under the lock.
    ++opened_;
    lock.unlock();
    try {
      return Lease(this, std::make_unique<PgConnection>(uri_, &epochs_));
    } catch (...) {
      forget_one();
      throw;
    }
  }

 protected:
  void release(std::unique_ptr<Connection> c) override {
    auto* conn = static_cast<PgConnection*>(c.get());
    switch (conn->transaction_status()) {
      case PQTRANS_IDLE:
      case PQTRANS_UNKNOWN:  // broken: ensure_connected() resets it at the next lease
        break;
      case PQTRANS_INTRANS:
      case PQTRANS_INERROR:
        // The borrower began without a Transaction and left: end it here, or the next borrower
        // would run inside it.
        try {
          conn->rollback();
          break;
        } catch (...) {
          c.reset();
          forget_one();
          return;
        }
      default:  // PQTRANS_ACTIVE cannot happen with the synchronous API; do not reuse it
        c.reset();
        forget_one();
        return;
    }
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

 private:
  // After the first call, one atomic load for call_once and one for healthy().
  bool watching() {
    std::call_once(watch_once_,
                   [this] { watch_ = std::make_unique<PgChangeWatch>(uri_, epochs_); });
    return watch_->healthy();
  }

  void forget_one() {
    {
      std::lock_guard lock(mu_);
      --opened_;
    }
    cv_.notify_one();
  }

  const std::string uri_;
  const int max_;
  TableEpochs epochs_;  // before idle_ and watch_: they report to it until destroyed
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // GUARDED_BY(mu_)
  int opened_ = 0;                                 // GUARDED_BY(mu_): idle plus leased
  std::once_flag watch_once_;
  std::unique_ptr<PgChangeWatch> watch_;  // set once by change_epoch; stopped first on destruction
};

}  // namespace

std::string to_pg_placeholders(std::string_view sql) { return rewrite_placeholders(sql, nullptr); }

std::unique_ptr<Database> open_postgres(const std::string& uri, const OpenOptions& options) {
  if (options.pool_size < 1) throw DbError("postgres: pool_size must be at least 1");
  auto db = std::make_unique<PgDatabase>(uri, options.pool_size);
  {
    Database::Lease first = db->acquire();  // connects now, so a bad URI fails at start-up
  }
  return db;
}

}  // namespace lakeguard::db
