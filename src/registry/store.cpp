#include "registry/store.h"
#include "core/json.h"

#include <fmt/format.h>

#include "core/json_text.h"

namespace lakeguard::registry::store {
namespace {

namespace json = boost::json;

db::Value to_db(FieldType t, const json::value& v) {
  if (v.is_null()) return nullptr;
  switch (t) {
    case FieldType::kText:
    case FieldType::kDate:
      return std::string(v.as_string());
    case FieldType::kInt:
      return v.to_number<int64_t>();
    case FieldType::kReal:
      return v.to_number<double>();
    case FieldType::kBool:
      return int64_t{v.as_bool()};
    case FieldType::kStringList:
    case FieldType::kGeometry:
      return json_text(v);
  }
  return nullptr;
}

json::value from_db(FieldType t, const db::Row& r, size_t i) {
  if (r.is_null(i)) return nullptr;
  switch (t) {
    case FieldType::kText:
    case FieldType::kDate:
      return json::value(r.str(i));
    case FieldType::kInt:
      return json::value(r.i64(i));
    case FieldType::kReal:
      return json::value(r.f64(i));
    case FieldType::kBool:
      return json::value(r.i64(i) != 0);
    case FieldType::kStringList:
    case FieldType::kGeometry: {
      boost::system::error_code ec;
      auto v = json::parse(r.str(i), ec);
      return ec ? json::value(nullptr) : v;
    }
  }
  return nullptr;
}

std::string columns(const KindSpec& kind) {
  std::string s = "id, synthetic, created_at, updated_at, version";
  if (!kind.parent_fk.empty()) s += fmt::format(", {}", kind.parent_fk);
  for (const auto& f : kind.fields) s += fmt::format(", {}", f.name);
  return s;
}

Object to_object(const KindSpec& kind, const db::Row& r) {
  Object o;
  o.reserve(6 + kind.fields.size());
  o["id"] = r.i64(0);
  o["synthetic"] = r.i64(1) != 0;
  o["created_at"] = r.str(2);
  o["updated_at"] = r.str(3);
  o["version"] = r.i64(4);
  size_t i = 5;
  if (!kind.parent_fk.empty()) o[kind.parent_fk] = r.i64(i++);
  for (const auto& f : kind.fields) o[f.name] = from_db(f.type, r, i++);
  return o;
}

// LIKE pattern for a substring, with \ as the escape character.
std::string like_pattern(std::string_view s) {
  std::string p = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') p.push_back('\\');
    p.push_back(c);
  }
  p.push_back('%');
  return p;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

void add_query(const KindSpec& kind, const ListQuery& q, Where& w) {
  for (const auto& f : q.filters) {
    const char* op = f.op == Filter::Op::kFrom ? ">=" : f.op == Filter::Op::kTo ? "<=" : "=";
    if (f.op == Filter::Op::kHas) {
      // List fields are JSON text: match the quoted item.
      w.add(fmt::format("{} LIKE ? ESCAPE '\\'", f.column), {like_pattern(json_text(f.value))});
    } else {
      w.add(fmt::format("{} {} ?", f.column, op), {to_db(f.type, f.value)});
    }
  }
  if (!q.q.empty()) {
    // A substring match finds Chinese terms of one and two characters too (FTS5 trigram would
    // not); the registry's sizes (10⁴ rows) keep a scan well under a millisecond per thousand.
    std::string clause;
    std::vector<db::Value> ps;
    std::string pat = like_pattern(lower_ascii(q.q));
    for (const auto& f : kind.fields) {
      if (!f.search) continue;
      if (!clause.empty()) clause += " OR ";
      clause += fmt::format("LOWER({}) LIKE ? ESCAPE '\\'", f.name);
      ps.emplace_back(pat);
    }
    if (!clause.empty()) w.add(clause, std::move(ps));
  }
}

int64_t count(db::Connection& c, const KindSpec& kind, const Where& w) {
  // Without a condition, no WHERE at all: SQLite then counts the b-tree's cells (OP_Count)
  // instead of stepping through every row, 10× less for a district officer's whole list.
  auto rows =
      w.unconditional()
          ? c.query(fmt::format("SELECT COUNT(*) FROM {}", kind.table))
          : c.query(fmt::format("SELECT COUNT(*) FROM {} WHERE {}", kind.table, w.sql), w.params);
  return rows.rows.at(0).i64(0);
}

namespace {

// The SELECT of a list (rows in order, paged when limit ≥ 0) and its parameters.
std::string list_sql(const KindSpec& kind, const std::string& select_list, const Where& w,
                     const ListQuery& q, int64_t limit, int64_t offset,
                     std::vector<db::Value>* params) {
  std::string sql = fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {} {}{}", select_list,
                                kind.table, w.sql, q.sort_column, q.sort_desc ? "DESC" : "ASC",
                                q.sort_column == "id" ? "" : ", id ASC");
  *params = w.params;
  if (limit >= 0) {
    sql += " LIMIT ? OFFSET ?";
    params->emplace_back(limit);
    params->emplace_back(offset);
  }
  return sql;
}

// One value of a row as JSON text, as to_object + serialisation would give it.
void append_value(std::string& out, FieldType t, const db::RowView& r, size_t i) {
  if (r.is_null(i)) {
    out += "null";
    return;
  }
  switch (t) {
    case FieldType::kText:
    case FieldType::kDate:
      append_json_string(out, r.text(i));
      return;
    case FieldType::kInt:
      append_json_int(out, r.i64(i));
      return;
    case FieldType::kReal:
      append_json_double(out, r.f64(i));
      return;
    case FieldType::kBool:
      out += r.i64(i) != 0 ? "true" : "false";
      return;
    case FieldType::kStringList:
    case FieldType::kGeometry: {
      // Stored as the JSON text this store serialised on write (a list or a GeoJSON object).
      std::string_view text = r.text(i);
      bool json_like = !text.empty() && (text.front() == '[' || text.front() == '{');
      out += json_like ? text : std::string_view("null");
      return;
    }
  }
  out += "null";
}

}  // namespace

std::vector<Object> select(db::Connection& c, const KindSpec& kind, const Where& w,
                           const ListQuery& q, int64_t limit, int64_t offset) {
  std::vector<db::Value> params;
  std::string sql = list_sql(kind, columns(kind), w, q, limit, offset, &params);
  auto rows = c.query(sql, params);
  std::vector<Object> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(to_object(kind, r));
  return out;
}

namespace {

// The keys of to_object after "id", in its order, each with its separator, quote and colon.
std::vector<std::string> tail_keys(const KindSpec& kind) {
  std::vector<std::string> keys{
      ",\"synthetic\":", ",\"created_at\":", ",\"updated_at\":", ",\"version\":"};
  if (!kind.parent_fk.empty()) keys.push_back(fmt::format(",\"{}\":", kind.parent_fk));
  for (const auto& f : kind.fields) keys.push_back(fmt::format(",\"{}\":", f.name));
  return keys;
}

// A row of columns(kind) as JSON text from after its "id" value to its closing brace: what the
// `doc` column keeps (decision 0008) and what a list writes after {"id":<id>.
void append_tail(std::string& out, const KindSpec& kind, const std::vector<std::string>& keys,
                 const db::RowView& r) {
  size_t k = 0;
  out += keys[k++];
  out += r.i64(1) != 0 ? "true" : "false";
  out += keys[k++];
  append_json_string(out, r.text(2));
  out += keys[k++];
  append_json_string(out, r.text(3));
  out += keys[k++];
  append_json_int(out, r.i64(4));
  size_t i = 5;
  if (!kind.parent_fk.empty()) {
    out += keys[k++];
    append_json_int(out, r.i64(i++));
  }
  for (const auto& f : kind.fields) {
    out += keys[k++];
    append_value(out, f.type, r, i++);
  }
  out.push_back('}');
}

// Writes the `doc` of the rows `where` admits (with its parameters) from their columns.
int64_t write_docs(db::Connection& c, const KindSpec& kind, const std::string& where,
                   const std::vector<db::Value>& params) {
  auto keys = tail_keys(kind);
  struct Doc {
    int64_t id, version;
    std::string text;
  };
  std::vector<Doc> docs;
  c.query_each(fmt::format("SELECT {} FROM {} WHERE {}", columns(kind), kind.table, where), params,
               [&](const db::RowView& r) {
                 Doc d{r.i64(0), r.i64(4), {}};
                 d.text.reserve(512);
                 append_tail(d.text, kind, keys, r);
                 docs.push_back(std::move(d));
               });
  // Only over the version it was written from: a row another instance changed meanwhile keeps
  // the document its writer gave it.
  std::string sql = fmt::format("UPDATE {} SET doc = ? WHERE id = ? AND version = ?", kind.table);
  int64_t n = 0;
  for (auto& d : docs) n += c.exec(sql, {std::move(d.text), d.id, d.version});
  return n;
}

void refresh_doc(db::Connection& c, const KindSpec& kind, int64_t id) {
  write_docs(c, kind, "id = ?", {id});
}

}  // namespace

void select_json(db::Connection& c, const KindSpec& kind, const Where& w, const ListQuery& q,
                 int64_t limit, int64_t offset, std::string& out) {
  std::vector<db::Value> params;
  const size_t start = out.size();
  // Fast path: each row's JSON is kept beside it (`doc`, decision 0008), so a page is its ids and
  // documents. A row without one (written by other means than this store) sends the page down
  // the column-by-column path below, which gives the same bytes.
  {
    std::string sql = list_sql(kind, "id, doc", w, q, limit, offset, &params);
    bool complete = true;
    out.push_back('[');
    c.query_each(sql, params, [&](const db::RowView& r) {
      if (!complete) return;
      if (r.is_null(1)) {
        complete = false;
        return;
      }
      if (out.size() > start + 1) out.push_back(',');
      out += "{\"id\":";
      append_json_int(out, r.i64(0));
      out += r.text(1);
    });
    out.push_back(']');
    if (complete) return;
    out.resize(start);
  }
  std::string sql = list_sql(kind, columns(kind), w, q, limit, offset, &params);
  auto keys = tail_keys(kind);
  out.push_back('[');
  c.query_each(sql, params, [&](const db::RowView& r) {
    if (out.size() > start + 1) out.push_back(',');
    out += "{\"id\":";
    append_json_int(out, r.i64(0));
    append_tail(out, kind, keys, r);
  });
  out.push_back(']');
}

int64_t prepare_docs(db::Connection& c, const KindSpec& kind) {
  // What the documents of this kind look like; when it changes (a field added, a type changed,
  // the writer changed), every document is rewritten.
  std::string format = "1|" + columns(kind) + "|";
  if (!kind.parent_fk.empty()) format += "p";
  for (const auto& f : kind.fields) format += std::to_string(static_cast<int>(f.type));
  auto rows = c.query("SELECT format FROM registry_doc_format WHERE table_name = ?",
                      {std::string(kind.table)});
  if (rows.empty() || rows.rows[0].str(0) != format) {
    c.exec(fmt::format("UPDATE {} SET doc = NULL WHERE doc IS NOT NULL", kind.table));
    c.exec(
        "INSERT INTO registry_doc_format (table_name, format) VALUES (?, ?) "
        "ON CONFLICT (table_name) DO UPDATE SET format = excluded.format",
        {std::string(kind.table), format});
  }
  return write_docs(c, kind, "doc IS NULL", {});
}

std::optional<Object> select_one(db::Connection& c, const KindSpec& kind, int64_t id,
                                 const Where& scope) {
  std::vector<db::Value> params;
  params.reserve(scope.params.size() + 1);
  params.emplace_back(id);
  params.insert(params.end(), scope.params.begin(), scope.params.end());
  auto rows = c.query(
      fmt::format("SELECT {} FROM {} WHERE id = ? AND {}", columns(kind), kind.table, scope.sql),
      params);
  if (rows.empty()) return std::nullopt;
  return to_object(kind, rows.rows[0]);
}

int64_t insert(db::Connection& c, const KindSpec& kind, const Object& obj,
               std::optional<int64_t> parent_id, const std::string& now) {
  std::string cols = "synthetic, created_at, updated_at, version";
  std::string marks = "?, ?, ?, 1";
  bool synthetic = false;
  if (auto s = obj.if_contains("synthetic"); s && s->is_bool()) synthetic = s->as_bool();
  std::vector<db::Value> params{int64_t{synthetic}, now, now};
  if (!kind.parent_fk.empty()) {
    cols += fmt::format(", {}", kind.parent_fk);
    marks += ", ?";
    params.emplace_back(parent_id.value_or(0));
  }
  for (const auto& f : kind.fields) {
    auto v = obj.if_contains(f.name);
    if (!v) continue;
    cols += fmt::format(", {}", f.name);
    marks += ", ?";
    params.push_back(to_db(f.type, *v));
  }
  auto rows = c.query(
      fmt::format("INSERT INTO {} ({}) VALUES ({}) RETURNING id", kind.table, cols, marks), params);
  int64_t id = rows.rows.at(0).i64(0);
  refresh_doc(c, kind, id);
  return id;
}

int64_t update(db::Connection& c, const KindSpec& kind, int64_t id, const Object& changes,
               const std::string& now, std::optional<int64_t> expected_version) {
  std::string sets = "updated_at = ?, version = version + 1, doc = NULL";
  std::vector<db::Value> params{now};
  for (const auto& f : kind.fields) {
    auto v = changes.if_contains(f.name);
    if (!v) continue;
    sets += fmt::format(", {} = ?", f.name);
    params.push_back(to_db(f.type, *v));
  }
  params.emplace_back(id);
  std::string sql = fmt::format("UPDATE {} SET {} WHERE id = ?", kind.table, sets);
  if (expected_version) {
    sql += " AND version = ?";
    params.emplace_back(*expected_version);
  }
  int64_t n = c.exec(sql, params);
  if (n > 0) refresh_doc(c, kind, id);
  return n;
}

int64_t remove(db::Connection& c, const KindSpec& kind, int64_t id) {
  return c.exec(fmt::format("DELETE FROM {} WHERE id = ?", kind.table), {id});
}

bool exists(db::Connection& c, const KindSpec& kind, std::string_view column,
            const std::string& value, int64_t except_id) {
  auto rows =
      c.query(fmt::format("SELECT 1 FROM {} WHERE {} = ? AND id <> ? LIMIT 1", kind.table, column),
              {value, except_id});
  return !rows.empty();
}

bool any_with(db::Connection& c, const KindSpec& kind, std::string_view column,
              const std::string& value) {
  return !c.query(fmt::format("SELECT 1 FROM {} WHERE {} = ? LIMIT 1", kind.table, column), {value})
              .empty();
}

std::vector<Object> children(db::Connection& c, const KindSpec& child, int64_t parent_id) {
  Where w;
  w.add(fmt::format("{} = ?", child.parent_fk), {parent_id});
  return select(c, child, w, ListQuery{}, -1, 0);
}

}  // namespace lakeguard::registry::store
