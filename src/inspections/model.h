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

// 检查表: a checklist template, district-wide; each item with its legal basis (法律依据).
struct ChecklistItem {
  std::string text;
  std::string basis;  // e.g. 《安全生产法》第四十一条 / GB 30871-2022 §5.2
};

struct ChecklistTemplate {
  int64_t id = 0;
  std::string name;
  std::string industry;  // the enterprises it is for, e.g. 危险化学品
  bool demo = false;     // a seeded demo template, not an official one
  std::vector<ChecklistItem> items;
  std::string created_at;
  int64_t version = 1;
};

// One item of a task as recorded on site.
struct TaskItem {
  int seq = 0;  // 1, 2, … in the template's order
  std::string text;
  std::string basis;
  std::optional<std::string> result;  // pass | fail | na; nullopt: not yet recorded
  std::string note;
  std::optional<std::string> photo_hash;  // in the hidden dangers' photo store
  std::optional<double> lon;              // GCJ-02
  std::optional<double> lat;
  std::optional<std::string> recorded_by;
  std::optional<std::string> recorded_at;
  std::optional<int64_t> hazard_id;  // the hidden danger the finding became
};

// 行政处罚 decided on a task.
struct Penalty {
  int64_t id = 0;
  std::string violation;  // the benchmark's code
  std::string violation_text;
  std::string basis;
  std::string level;  // 轻微 一般 较重 严重
  int64_t amount_yuan = 0;
  std::string note;
  std::string decided_by;
  std::string decided_at;
};

// 检查任务: one enterprise inspected with one template by the assigned inspectors.
struct Task {
  int64_t id = 0;
  int64_t template_id = 0;
  std::string template_name;
  std::optional<int64_t> draw_id;  // from a revealed draw, or ad hoc
  int64_t enterprise_id = 0;
  std::string enterprise_name;
  std::string town_code;
  std::string community_code;
  std::vector<PoolMember> inspectors;
  std::string status = "assigned";
  std::optional<std::string> cancel_reason;
  std::optional<int64_t> created_by;
  std::string created_at;
  std::optional<std::string> started_at;
  std::optional<std::string> completed_at;
  std::vector<TaskItem> items;
  std::vector<Penalty> penalties;
  int64_t version = 1;
};

// 一公开 of a completed inspection from a draw (GET /public/inspections): only what may be
// published — the enterprise (a legal person), the checklist's name, the completion time, the
// inspectors' names, the counts of items, failed items and hidden dangers found, and each
// penalty's decision (violation, basis, level, amount). Never notes, photos, locations or who
// recorded or decided what.
struct PublicPenalty {
  std::string violation_text;
  std::string basis;
  std::string level;
  int64_t amount_yuan = 0;
};
struct PublicResult {
  int64_t task_id = 0;
  int64_t draw_id = 0;
  int64_t enterprise_id = 0;
  std::string enterprise_name;
  std::string template_name;
  std::string completed_at;
  std::vector<PoolMember> inspectors;
  int64_t items = 0;
  int64_t failed = 0;
  int64_t hazards = 0;
  std::vector<PublicPenalty> penalties;
};

}  // namespace lakeguard::inspections
