#include "plans/store.h"

#include <fmt/format.h>

#include <array>

namespace lakeguard::plans::store {
namespace {

constexpr std::string_view kColumns =
    "id, title, category, sub_type, level, owner_unit, jurisdiction_code, town_code, "
    "community_code, enterprise_id, keywords, summary, content, status, edition, "
    "in_force_edition, author_id, author_name, approver_id, approver_name, approved_at_ms, "
    "revision_due, synthetic, created_at_ms, updated_at_ms, published_at_ms, version";

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}
db::Value opt_int(const std::optional<int64_t>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}

// Keywords are kept as one text, each keyword on its own line (a keyword has no line break).
std::string join_keywords(const std::vector<std::string>& ks) {
  std::string s;
  for (const auto& k : ks) s += (s.empty() ? "" : "\n") + k;
  return s;
}
std::vector<std::string> split_keywords(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find('\n', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

Plan to_plan(const db::Row& r) {
  Plan p;
  p.id = r.i64(0);
  p.title = r.str(1);
  p.category = parse_category(r.str(2)).value_or(Category::kNatural);
  p.sub_type = r.opt_str(3).value_or("");
  p.level = parse_level(r.str(4)).value_or(Level::kDistrict);
  p.owner_unit = r.str(5);
  p.jurisdiction_code = r.str(6);
  p.town_code = r.opt_str(7).value_or("");
  p.community_code = r.opt_str(8).value_or("");
  p.enterprise_id = r.opt_i64(9);
  p.keywords = split_keywords(r.str(10));
  p.summary = r.opt_str(11).value_or("");
  p.content = r.str(12);
  p.status = parse_state(r.str(13)).value_or(State::kDraft);
  p.edition = r.i64(14);
  p.in_force_edition = r.opt_i64(15);
  p.author_id = r.opt_i64(16);
  p.author_name = r.str(17);
  p.approver_id = r.opt_i64(18);
  p.approver_name = r.opt_str(19).value_or("");
  p.approved_at_ms = r.opt_i64(20);
  p.revision_due = r.opt_str(21).value_or("");
  p.synthetic = r.i64(22) != 0;
  p.created_at_ms = r.i64(23);
  p.updated_at_ms = r.i64(24);
  p.published_at_ms = r.opt_i64(25);
  p.version = r.i64(26);
  return p;
}

// LIKE pattern for a substring, with %, _ and the escape character escaped.
std::string like_pattern(const std::string& q) {
  std::string out = "%";
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string b64_encode(const std::string& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += kB64[(n >> 6) & 63];
    out += kB64[n & 63];
  }
  if (i < in.size()) {
    uint32_t n = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string b64_decode(const std::string& in) {
  std::array<int, 256> val;
  val.fill(-1);
  for (int k = 0; k < 64; ++k) val[static_cast<unsigned char>(kB64[k])] = k;
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t buf = 0;
  int bits = 0;
  for (char ch : in) {
    int v = val[static_cast<unsigned char>(ch)];
    if (v < 0) continue;  // '=' padding
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

Attachment to_attachment(const db::Row& r) {
  Attachment a;
  a.id = r.i64(0);
  a.plan_id = r.i64(1);
  a.filename = r.str(2);
  a.media_type = r.str(3);
  a.size_bytes = r.i64(4);
  a.sha256 = r.str(5);
  a.uploaded_by = r.str(6);
  a.uploaded_at_ms = r.i64(7);
  return a;
}

// A district plan: no town and no enterprise.
constexpr std::string_view kDistrictPlan = "(town_code IS NULL AND enterprise_id IS NULL)";

}  // namespace

Where scope_where(const PlanScope& s) {
  Where w;
  using K = PlanScope::Kind;
  switch (s.kind) {
    case K::kAll:
      break;
    case K::kNone:
      w.add("1 = 0");
      break;
    case K::kTown:
      if (s.write)
        w.add("town_code = ?", {s.town});
      else
        w.add(fmt::format("{} OR town_code = ?", kDistrictPlan), {s.town});
      break;
    case K::kCommunity:
      if (s.write)
        w.add("community_code = ?", {s.community});
      else
        w.add(fmt::format("community_code = ? OR {} OR (town_code = ? AND community_code IS NULL "
                          "AND enterprise_id IS NULL)",
                          kDistrictPlan),
              {s.community, s.town});
      break;
    case K::kEnterprise:
      w.add("enterprise_id = ?", {s.enterprise_id.value_or(0)});
      break;
  }
  return w;
}

void add_filter(const ListFilter& f, Where& w) {
  if (f.category) w.add("category = ?", {std::string(category_name(*f.category))});
  if (!f.sub_type.empty()) w.add("sub_type = ?", {f.sub_type});
  if (f.level) w.add("level = ?", {std::string(level_name(*f.level))});
  if (f.status) w.add("status = ?", {std::string(state_name(*f.status))});
  if (!f.town_code.empty()) w.add(fmt::format("town_code = ? OR {}", kDistrictPlan), {f.town_code});
  if (!f.q.empty()) {
    std::string pat = like_pattern(f.q);
    w.add(
        "title LIKE ? ESCAPE '\\' OR owner_unit LIKE ? ESCAPE '\\' OR summary LIKE ? ESCAPE "
        "'\\' OR keywords LIKE ? ESCAPE '\\'",
        {pat, pat, pat, pat});
  }
}

int64_t count(db::Connection& c, const Where& w) {
  return c.query(fmt::format("SELECT COUNT(*) FROM plans WHERE {}", w.sql), w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Plan> select(db::Connection& c, const Where& w, int64_t limit, int64_t offset) {
  std::vector<db::Value> ps = w.params;
  ps.emplace_back(limit);
  ps.emplace_back(offset);
  auto rows = c.query(
      fmt::format("SELECT {} FROM plans WHERE {} ORDER BY id LIMIT ? OFFSET ?", kColumns, w.sql),
      ps);
  std::vector<Plan> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(to_plan(r));
  return out;
}

std::optional<Plan> select_one(db::Connection& c, int64_t id, const Where& scope) {
  std::vector<db::Value> ps{id};
  ps.insert(ps.end(), scope.params.begin(), scope.params.end());
  auto rows =
      c.query(fmt::format("SELECT {} FROM plans WHERE id = ? AND {}", kColumns, scope.sql), ps);
  if (rows.empty()) return std::nullopt;
  return to_plan(rows.rows[0]);
}

int64_t insert(db::Connection& c, const Plan& p) {
  auto rows = c.query(
      "INSERT INTO plans (title, category, sub_type, level, owner_unit, jurisdiction_code, "
      "town_code, community_code, enterprise_id, keywords, summary, content, status, edition, "
      "in_force_edition, author_id, author_name, approver_id, approver_name, approved_at_ms, "
      "revision_due, synthetic, created_at_ms, updated_at_ms, published_at_ms, version) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {p.title,
       std::string(category_name(p.category)),
       text_or_null(p.sub_type),
       std::string(level_name(p.level)),
       p.owner_unit,
       p.jurisdiction_code,
       text_or_null(p.town_code),
       text_or_null(p.community_code),
       opt_int(p.enterprise_id),
       join_keywords(p.keywords),
       text_or_null(p.summary),
       p.content,
       std::string(state_name(p.status)),
       p.edition,
       opt_int(p.in_force_edition),
       opt_int(p.author_id),
       p.author_name,
       opt_int(p.approver_id),
       text_or_null(p.approver_name),
       opt_int(p.approved_at_ms),
       text_or_null(p.revision_due),
       int64_t{p.synthetic ? 1 : 0},
       p.created_at_ms,
       p.updated_at_ms,
       opt_int(p.published_at_ms)});
  return rows.rows.at(0).i64(0);
}

int64_t update(db::Connection& c, const Plan& p, int64_t expected_version) {
  return c.exec(
      "UPDATE plans SET title = ?, category = ?, sub_type = ?, owner_unit = ?, keywords = ?, "
      "summary = ?, content = ?, status = ?, edition = ?, in_force_edition = ?, author_id = ?, "
      "author_name = ?, approver_id = ?, approver_name = ?, approved_at_ms = ?, revision_due = ?, "
      "updated_at_ms = ?, published_at_ms = ?, version = version + 1 WHERE id = ? AND version = ?",
      {p.title,
       std::string(category_name(p.category)),
       text_or_null(p.sub_type),
       p.owner_unit,
       join_keywords(p.keywords),
       text_or_null(p.summary),
       p.content,
       std::string(state_name(p.status)),
       p.edition,
       opt_int(p.in_force_edition),
       opt_int(p.author_id),
       p.author_name,
       opt_int(p.approver_id),
       text_or_null(p.approver_name),
       opt_int(p.approved_at_ms),
       text_or_null(p.revision_due),
       p.updated_at_ms,
       opt_int(p.published_at_ms),
       p.id,
       expected_version});
}

void insert_version(db::Connection& c, const PlanVersion& v) {
  c.exec(
      "INSERT INTO plan_versions (plan_id, edition, snapshot, approver_id, approver_name, "
      "published_by, published_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {v.plan_id, v.edition, v.snapshot, opt_int(v.approver_id), text_or_null(v.approver_name),
       v.published_by, v.published_at_ms});
}

std::vector<PlanVersion> versions_of(db::Connection& c, int64_t plan_id) {
  auto rows = c.query(
      "SELECT plan_id, edition, approver_id, approver_name, published_by, published_at_ms FROM "
      "plan_versions WHERE plan_id = ? ORDER BY edition DESC",
      {plan_id});
  std::vector<PlanVersion> out;
  for (const auto& r : rows.rows) {
    PlanVersion v;
    v.plan_id = r.i64(0);
    v.edition = r.i64(1);
    v.approver_id = r.opt_i64(2);
    v.approver_name = r.opt_str(3).value_or("");
    v.published_by = r.str(4);
    v.published_at_ms = r.i64(5);
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<InForce> in_force(db::Connection& c, const Where& w) {
  std::vector<InForce> out;
  c.query_each(
      fmt::format("SELECT v.plan_id, v.edition, v.snapshot FROM plan_versions v JOIN (SELECT id, "
                  "in_force_edition FROM plans WHERE in_force_edition IS NOT NULL AND {}) p ON "
                  "p.id = v.plan_id AND p.in_force_edition = v.edition ORDER BY v.plan_id",
                  w.sql),
      w.params, [&](const db::RowView& r) {
        out.push_back(InForce{r.i64(0), r.i64(1), std::string(r.text(2))});
      });
  return out;
}

int64_t insert_attachment(db::Connection& c, const Attachment& a, const std::string& bytes) {
  auto rows = c.query(
      "INSERT INTO plan_attachments (plan_id, filename, media_type, size_bytes, sha256, "
      "content_b64, uploaded_by, uploaded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.plan_id, a.filename, a.media_type, a.size_bytes, a.sha256, b64_encode(bytes),
       a.uploaded_by, a.uploaded_at_ms});
  return rows.rows.at(0).i64(0);
}

std::vector<Attachment> attachments_of(db::Connection& c, int64_t plan_id) {
  auto rows = c.query(
      "SELECT id, plan_id, filename, media_type, size_bytes, sha256, uploaded_by, uploaded_at_ms "
      "FROM plan_attachments WHERE plan_id = ? ORDER BY id",
      {plan_id});
  std::vector<Attachment> out;
  for (const auto& r : rows.rows) out.push_back(to_attachment(r));
  return out;
}

std::optional<std::pair<Attachment, std::string>> attachment(db::Connection& c, int64_t plan_id,
                                                             int64_t attachment_id) {
  auto rows = c.query(
      "SELECT id, plan_id, filename, media_type, size_bytes, sha256, uploaded_by, uploaded_at_ms, "
      "content_b64 FROM plan_attachments WHERE plan_id = ? AND id = ?",
      {plan_id, attachment_id});
  if (rows.empty()) return std::nullopt;
  return std::make_pair(to_attachment(rows.rows[0]), b64_decode(rows.rows[0].str(8)));
}

int64_t count_synthetic(db::Connection& c) {
  return c.query("SELECT COUNT(*) FROM plans WHERE synthetic = 1").rows.at(0).i64(0);
}

}  // namespace lakeguard::plans::store
