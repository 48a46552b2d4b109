#include "codes/store.h"

#include <fmt/format.h>

namespace lakeguard::codes::store {
namespace {

constexpr std::string_view kWorkerColumns =
    "id, enterprise_id, town_code, community_code, name, category, certificate_no, "
    "certificate_valid_until, trained_on, open_violation, created_at_ms, updated_at_ms, version";
constexpr std::string_view kCodeColumns =
    "id, subject, subject_id, token, enterprise_id, town_code, community_code, claimed_at_ms, "
    "claimed_by, claimed_by_name, created_at_ms";

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}
db::Value opt_text(const std::optional<std::string>& s) {
  return s ? db::Value(*s) : db::Value(nullptr);
}

Worker to_worker(const db::Row& r) {
  Worker w;
  w.id = r.i64(0);
  w.enterprise_id = r.i64(1);
  w.town_code = r.str(2);
  w.community_code = r.opt_str(3).value_or("");
  w.name = r.str(4);
  w.category = r.str(5);
  w.certificate_no = r.str(6);
  w.certificate_valid_until = r.str(7);
  w.trained_on = r.opt_str(8);
  w.open_violation = r.i64(9) != 0;
  w.created_at_ms = r.i64(10);
  w.updated_at_ms = r.i64(11);
  w.version = r.i64(12);
  return w;
}

Code to_code(const db::Row& r) {
  Code k;
  k.id = r.i64(0);
  k.subject = r.str(1) == "worker" ? Subject::kWorker : Subject::kEnterprise;
  k.subject_id = r.i64(2);
  k.token = r.str(3);
  k.enterprise_id = r.i64(4);
  k.town_code = r.str(5);
  k.community_code = r.opt_str(6).value_or("");
  k.claimed_at_ms = r.opt_i64(7);
  k.claimed_by = r.opt_i64(8);
  k.claimed_by_name = r.opt_str(9).value_or("");
  k.created_at_ms = r.i64(10);
  return k;
}

std::vector<db::Value> with(std::vector<db::Value> a, const std::vector<db::Value>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

int64_t count_workers(db::Connection& c, const Where& w) {
  return c.query(fmt::format("SELECT COUNT(*) FROM special_workers WHERE {}", w.sql), w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Worker> select_workers(db::Connection& c, const Where& w, int64_t limit,
                                   int64_t offset) {
  auto rows = c.query(fmt::format("SELECT {} FROM special_workers WHERE {} ORDER BY id LIMIT ? "
                                  "OFFSET ?",
                                  kWorkerColumns, w.sql),
                      with(w.params, {limit, offset}));
  std::vector<Worker> out;
  for (const auto& r : rows.rows) out.push_back(to_worker(r));
  return out;
}

std::optional<Worker> select_worker(db::Connection& c, int64_t id, const Where& scope) {
  auto rows = c.query(
      fmt::format("SELECT {} FROM special_workers WHERE id = ? AND {}", kWorkerColumns, scope.sql),
      with({id}, scope.params));
  if (rows.empty()) return std::nullopt;
  return to_worker(rows.rows.at(0));
}

int64_t insert_worker(db::Connection& c, const Worker& w) {
  auto rows = c.query(
      "INSERT INTO special_workers (enterprise_id, town_code, community_code, name, category, "
      "certificate_no, certificate_valid_until, trained_on, open_violation, created_at_ms, "
      "updated_at_ms, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {w.enterprise_id, w.town_code, text_or_null(w.community_code), w.name, w.category,
       w.certificate_no, w.certificate_valid_until, opt_text(w.trained_on),
       int64_t{w.open_violation ? 1 : 0}, w.created_at_ms, w.updated_at_ms});
  return rows.rows.at(0).i64(0);
}

int64_t update_worker(db::Connection& c, const Worker& w, int64_t expected_version) {
  return c.exec(
      "UPDATE special_workers SET name = ?, category = ?, certificate_no = ?, "
      "certificate_valid_until = ?, trained_on = ?, open_violation = ?, updated_at_ms = ?, "
      "version = version + 1 WHERE id = ? AND version = ?",
      {w.name, w.category, w.certificate_no, w.certificate_valid_until, opt_text(w.trained_on),
       int64_t{w.open_violation ? 1 : 0}, w.updated_at_ms, w.id, expected_version});
}

int64_t delete_worker(db::Connection& c, int64_t id) {
  return c.exec("DELETE FROM special_workers WHERE id = ?", {id});
}

std::optional<Code> select_code(db::Connection& c, Subject s, int64_t subject_id) {
  auto rows = c.query(
      fmt::format("SELECT {} FROM safety_codes WHERE subject = ? AND subject_id = ?", kCodeColumns),
      {std::string(subject_name(s)), subject_id});
  if (rows.empty()) return std::nullopt;
  return to_code(rows.rows.at(0));
}

std::optional<Code> select_code_by_token(db::Connection& c, std::string_view token) {
  auto rows = c.query(fmt::format("SELECT {} FROM safety_codes WHERE token = ?", kCodeColumns),
                      {std::string(token)});
  if (rows.empty()) return std::nullopt;
  return to_code(rows.rows.at(0));
}

Code insert_code(db::Connection& c, const Code& k) {
  c.exec(
      "INSERT INTO safety_codes (subject, subject_id, token, enterprise_id, town_code, "
      "community_code, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (subject, subject_id) DO NOTHING",
      {std::string(subject_name(k.subject)), k.subject_id, k.token, k.enterprise_id, k.town_code,
       text_or_null(k.community_code), k.created_at_ms});
  return *select_code(c, k.subject, k.subject_id);
}

int64_t claim_code(db::Connection& c, int64_t id, int64_t at_ms, int64_t user_id,
                   const std::string& user_name) {
  return c.exec(
      "UPDATE safety_codes SET claimed_at_ms = ?, claimed_by = ?, claimed_by_name = ? "
      "WHERE id = ? AND claimed_at_ms IS NULL",
      {at_ms, user_id, user_name, id});
}

int64_t delete_code(db::Connection& c, Subject s, int64_t subject_id) {
  return c.exec("DELETE FROM safety_codes WHERE subject = ? AND subject_id = ?",
                {std::string(subject_name(s)), subject_id});
}

std::vector<ClaimTally> claim_tally(db::Connection& c, const Where& w) {
  auto rows = c.query(
      fmt::format("SELECT town_code, subject, COUNT(*), COUNT(claimed_at_ms) FROM safety_codes "
                  "WHERE {} GROUP BY town_code, subject ORDER BY town_code, subject",
                  w.sql),
      w.params);
  std::vector<ClaimTally> out;
  for (const auto& r : rows.rows) out.push_back({r.str(0), r.str(1), r.i64(2), r.i64(3)});
  return out;
}

}  // namespace lakeguard::codes::store
