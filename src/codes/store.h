#pragma once
// The safety codes' SQL: every value a bound parameter, column names only from this file. Scope
// arrives as a Where built from the caller's ScopeCondition (core/principal.h) and is part of
// every query, never filtered afterwards.
// Tables: special_workers, safety_codes

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codes/model.h"
#include "core/principal.h"
#include "db/database.h"
#include "db/where.h"

namespace lakeguard::codes::store {

using db::scope_where;
using db::Where;

int64_t count_workers(db::Connection& c, const Where& w);
// Workers w admits, by id, paged.
std::vector<Worker> select_workers(db::Connection& c, const Where& w, int64_t limit,
                                   int64_t offset);
std::optional<Worker> select_worker(db::Connection& c, int64_t id, const Where& scope);
// Returns the new id. Throws db::ConstraintError for a certificate number already recorded.
int64_t insert_worker(db::Connection& c, const Worker& w);
// Writes the mutable columns where the row still has `expected_version`; returns rows changed.
int64_t update_worker(db::Connection& c, const Worker& w, int64_t expected_version);
int64_t delete_worker(db::Connection& c, int64_t id);

std::optional<Code> select_code(db::Connection& c, Subject s, int64_t subject_id);
std::optional<Code> select_code_by_token(db::Connection& c, std::string_view token);
// Inserts the code unless its subject has one; returns the subject's code either way.
Code insert_code(db::Connection& c, const Code& code);
// Marks the code claimed where it is not yet; returns rows changed.
int64_t claim_code(db::Connection& c, int64_t id, int64_t at_ms, int64_t user_id,
                   const std::string& user_name);
int64_t delete_code(db::Connection& c, Subject s, int64_t subject_id);

// Claim statistics over the codes w admits, per town.
struct ClaimTally {
  std::string town_code;
  std::string subject;
  int64_t codes = 0;
  int64_t claimed = 0;
};
std::vector<ClaimTally> claim_tally(db::Connection& c, const Where& w);

}  // namespace lakeguard::codes::store
