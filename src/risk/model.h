#pragma once
// The risk context's types (风险分级): GB 18218-2018 major-hazard identification and grading, the
// LEC and LS risk scores, the four risk colours, and the production-safety accident grade. Plain
// data; the rules are in major_hazard.h, lec.h, ls.h and accident_grade.h (docs/risk.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakeguard::risk {

// ---- GB 18218-2018《危险化学品重大危险源辨识》 ----

// One hazardous chemical present in a unit (生产单元 or 储存单元), as given by the user. It is a
// GB 18218 Table 1 row when table1_seq, name or cas finds one; otherwise a Table 2 chemical, which
// needs hazard_classes. A substance may carry hazard_classes beside its name (needed where a Table
// 1 substance's class is ambiguous, e.g. 汽油).
struct SubstanceInput {
  std::optional<int> table1_seq;            // 1–85
  std::optional<std::string> name;          // trimmed, non-empty
  std::optional<std::string> cas;           // trimmed, a valid CAS number
  std::vector<std::string> hazard_classes;  // Table 2 symbols (J1…W11); empty when not given
  int64_t q_g = 0;                          // actual quantity q, in grams (1 g = 10⁻⁶ t), ≥ 0
};

// The most grams a substance may hold: 10⁸ t (far beyond any real unit; it keeps the exact
// arithmetic of major_hazard.cpp within range).
inline constexpr int64_t kMaxQuantityG = int64_t{100'000'000} * 1'000'000;
// The most substances one calculation takes (docs/risk.md).
inline constexpr std::size_t kMaxSubstances = 200;
// The most people within 500 m one calculation takes.
inline constexpr int64_t kMaxPeople = 100'000'000;

struct MajorHazardInput {
  std::vector<SubstanceInput> substances;  // 1…kMaxSubstances
  int64_t people_within_500m = 0;          // 厂外可能暴露人员数量, for α (Table 5)
};

enum class QSource { kTable1, kTable2 };     // where Q came from
enum class BetaSource { kTable3, kTable4 };  // where β came from

// One substance's term in S = Σ q/Q and R = α Σ β q/Q, with where each factor came from.
struct Term {
  std::string substance;                    // Table 1 name, else the given name/CAS, else classes
  std::optional<int> table1_seq;            // the Table 1 row, when it is one
  std::vector<std::string> hazard_classes;  // the classes used (given, or lakeguard's default)
  bool class_defaulted = false;             // hazard_classes is lakeguard's default, not given
  int64_t q_g = 0;
  double Q_t = 0;  // critical quantity 临界量 Q, tonnes
  double beta = 0;
  QSource q_source = QSource::kTable1;
  BetaSource beta_source = BetaSource::kTable4;

  double q_t() const { return static_cast<double>(q_g) / 1e6; }
  double ratio() const { return static_cast<double>(q_g) / (Q_t * 1e6); }  // q/Q
};

struct MajorHazardResult {
  std::vector<Term> terms;       // in input order
  double S = 0;                  // Σ q/Q (formula 1)
  bool is_major_hazard = false;  // S ≥ 1, decided exactly
  double alpha = 0;              // Table 5
  double R = 0;                  // α Σ β q/Q (formula 2), returned whether or not S ≥ 1
  std::optional<int> grade;      // 1–4 (一级 highest), only when is_major_hazard
};

// "一级" … "四级" for grade 1–4.
std::string_view grade_name(int grade);

// ---- Four risk colours (安全风险四色, standards.md §4) ----

// 重大风险 红, 较大风险 橙, 一般风险 黄, 低风险 蓝 — one risk level, one colour.
enum class RiskLevel { kMajor, kLarger, kGeneral, kLow };
std::string_view risk_level_name(RiskLevel l);  // 重大风险, 较大风险, 一般风险, 低风险
std::string_view colour_name(RiskLevel l);      // red, orange, yellow, blue (API values)

// How LEC and LS scores map to the four risk levels. No national rule fixes this (standards.md
// §2 "Mapping D to the four risk colours", §3): it is configuration, with the common defaults
// below. validate() names the first bad setting.
struct Options {
  // LEC: D > lec_major_above → 重大 (red), D > lec_larger_above → 较大 (orange),
  // D > lec_general_above → 一般 (yellow), else 低 (blue). Default: variant A of standards.md §2
  // (160 / 70 / 20); variant B is 320 / 160 / 70.
  double lec_major_above = 160;
  double lec_larger_above = 70;
  double lec_general_above = 20;
  // LS: R ≥ ls_major_from → 重大, R ≥ ls_larger_from → 较大, R ≥ ls_general_from → 一般, else 低.
  // Default: standards.md §3 (20–25 / 15–16 / 9–12 / 1–8).
  int ls_major_from = 20;
  int ls_larger_from = 15;
  int ls_general_from = 9;

  // "" when the thresholds are ordered (major > larger > general) and within range (LEC: D ≥ 0;
  // LS: 2 ≤ general < larger < major ≤ 25, so every level can occur); otherwise the first bad
  // setting's name and why.
  std::string validate() const;
};

// ---- LEC (作业条件危险性评价法, standards.md §2) ----

// D bands, (lo, hi]: a D exactly on a boundary belongs to the lower band.
enum class LecBand { kExtreme, kHigh, kSignificant, kGeneral, kSlight };

struct LecInput {
  double L = 0, E = 0, C = 0;  // table values only (lec.h)
};

struct LecResult {
  double D = 0;
  LecBand band = LecBand::kSlight;
  RiskLevel level = RiskLevel::kLow;  // by Options
};

std::string_view lec_band_name(LecBand b);     // 极其危险 … 稍有危险
std::string_view lec_band_measure(LecBand b);  // 不能继续作业 … 可以接受

// ---- LS risk matrix (风险矩阵法, standards.md §3) ----

struct LsInput {
  int L = 0, S = 0;  // 1–5 each
};

struct LsResult {
  int R = 0;  // L × S
  RiskLevel level = RiskLevel::kLow;
};

// ---- Production-safety accident grade (生产安全事故等级, 国务院令第493号 第三条) ----

enum class AccidentGrade { kGeneral, kLarger, kMajor, kExtraordinary };  // ascending
std::string_view accident_grade_name(AccidentGrade g);  // 一般, 较大, 重大, 特别重大

struct AccidentInput {
  int64_t deaths = 0;            // 死亡, as reported (docs/risk.md on missing persons)
  int64_t serious_injuries = 0;  // 重伤, including acute industrial poisoning (急性工业中毒)
  double direct_loss_yuan = 0;   // 直接经济损失, 元
};

struct AccidentResult {
  AccidentGrade grade = AccidentGrade::kGeneral;  // the highest of the three below
  AccidentGrade by_deaths = AccidentGrade::kGeneral;
  AccidentGrade by_serious_injuries = AccidentGrade::kGeneral;
  AccidentGrade by_direct_loss = AccidentGrade::kGeneral;
};

}  // namespace lakeguard::risk
