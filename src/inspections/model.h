#pragma once
// The inspections context's types (双随机一公开 draws; issue 10 §3). No behaviour that does I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lakeguard::inspections {

struct PoolMember {
  int64_t id = 0;
  std::string name;
};

struct Exclusion {
  int64_t id = 0;
  std::string name;
  std::string reason;  // the conflict of interest, published with the pool
};

struct WitnessEntry {
  int seq = 0;
  std::string name;
  std::string entropy;
  std::string added_at;
};

enum class DrawStatus { kOpen, kRevealed };

// One target of an inspection plan (抽查计划): a category of enterprises (the enterprise list's
// filters), the share of it to draw each time and how many times a year.
struct PlanTarget {
  std::string label;                                      // e.g. "危险化学品经营企业"
  std::vector<std::pair<std::string, std::string>> pool;  // enterprise filters
  double ratio_percent = 0;                               // (0, 100]
  int times_per_year = 1;                                 // 1–12
};

struct Plan {
  int64_t id = 0;
  int year = 0;
  std::string name;
  std::optional<std::string> town_code;  // nullopt: district-wide
  std::vector<PlanTarget> targets;
  std::optional<int64_t> created_by;
  std::string created_at;
  int64_t version = 1;
};

struct Draw {
  int64_t id = 0;
  std::string title;
  std::optional<std::string> town_code;  // nullopt: a district-wide draw
  std::optional<int64_t> plan_id;        // the plan and target (index) it was drawn for, if any
  std::optional<int> plan_target;
  int64_t k = 0;            // enterprises to select
  int64_t m = 0;            // inspectors to select
  std::string pool_filter;  // JSON text of the enterprise filters used
  std::vector<PoolMember> pool_enterprises;
  std::vector<PoolMember> pool_inspectors;
  std::vector<Exclusion> excluded_inspectors;
  std::string seed_hex;  // secret while open: never rendered before the reveal
  std::string commitment;
  DrawStatus status = DrawStatus::kOpen;
  std::vector<WitnessEntry> witnesses;
  std::optional<std::string> final_seed;
  std::vector<PoolMember> selected_enterprises;  // in key order
  std::vector<PoolMember> selected_inspectors;
  std::optional<int64_t> created_by;
  std::string created_at;
  std::optional<std::string> revealed_at;
  int64_t version = 1;
};

}  // namespace lakeguard::inspections
