#pragma once
// GB 18218-2018《危险化学品重大危险源辨识》 (identification of major hazard installations for
// hazardous chemicals): the lookup tables. Table 1 (named chemicals and their critical quantity
// 临界量 Q), Table 2 (Q by hazard class for chemicals not named in Table 1) and Table 4 (correction
// factor β by hazard class), Table 3 (β of named toxic gases). The identification and grading
// formulas belong to the risk context (src/risk/major_hazard.h).
//
// Pure data and functions, no I/O; all tables are immutable statics, safe to read from any thread.
// Values come from data/standards/gb18218_2018_table1.csv and shared/docs/domain/standards.md §1,
// both taken from secondary copies of the standard: check against the official text before
// certification.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakeguard::standards {

// One row of GB 18218-2018 表1 危险化学品名称及其临界量.
struct Table1Row {
  int seq = 0;       // 序号, 1–85
  std::string name;  // 危险化学品名称和说明, as in the shipped CSV (row 43 shortened)
  std::vector<std::string> aliases;  // 别名; possibly empty
  std::vector<std::string> cas;      // CAS numbers; empty for rows 13, 45 and 74 (none given)
  double q_t = 0.0;                  // 临界量 Q, tonnes
};

// The 85 rows of Table 1 in order (table1()[i].seq == i + 1). The reference stays valid for the
// program's lifetime.
const std::vector<Table1Row>& table1();

// The row with this seq, or nullptr when seq is outside 1–85.
const Table1Row* table1_row(int seq);

// Rows whose name, one of whose aliases, or one of whose CAS numbers equals `key` exactly, after
// trimming whitespace, mapping full-width brackets/commas/semicolons to ASCII and ignoring ASCII
// case (so "tdi" finds row 23 and "甲醛（含量>90%）" finds row 8). Also matched: the short names
// that the standard's own row names combine or qualify — 甲烷 and 天然气 (row 49), 煤气 (13),
// 液化石油气 (52), 汽油, 乙醇汽油, 甲醇汽油 (66), the full name of row 43, 硝酸铵 (43, 44),
// 硝化纤维素 (37–41), 硝化纤维素溶液 (42), and the aliases the shipped CSV shortens as the
// standard's PDF writes them (梯恩梯 35, 氨基甲烷 53, 甲基环氧乙烷 63, … in gb18218.cpp).
// Returns rows in seq order, no duplicates; empty when nothing matches.
// A result of more than one row is AMBIGUOUS: the rows differ in composition and Q (nitrocellulose
// 9004-70-0 → rows 37–42, ammonium nitrate 6484-52-2 → rows 43–44); the caller must make the user
// pick one, never take the first.
std::vector<const Table1Row*> find_table1(std::string_view key);

// One row of GB 18218-2018 表3 毒性气体校正系数β: a named toxic gas and its correction factor β,
// which takes precedence over the Table 4 β of its hazard class.
struct ToxicGas {
  std::string_view name;  // as Table 3 writes it, e.g. 氯, 氯化氢
  double beta = 0.0;
  int table1_seq = 0;    // the Table 1 row of the same substance; 0 for 一氧化碳 (see below)
  std::string_view cas;  // only where there is no Table 1 row to take it from (一氧化碳)
};

// The 14 rows of Table 3, in the standard's order.
const std::vector<ToxicGas>& table3();

// The Table 3 gas of a Table 1 row, or nullptr when Table 3 does not name that substance.
const ToxicGas* table3_gas(const Table1Row& row);

// The Table 3 gas named `name_or_cas` (Table 3's own name, or a CAS number of the gas), for a
// substance that is not a Table 1 row — in practice 一氧化碳 / 630-08-0, or a name such as 氯化氢
// that Table 1 only lists with a qualifier. Keys are normalised as in find_table1. nullptr when
// Table 3 names no such gas.
const ToxicGas* table3_gas(std::string_view name_or_cas);

// One class of GB 18218-2018 表2 with its 表4 correction factor.
struct HazardClass {
  std::string_view code;      // "J1" … "J5", "W1.1" … "W11"
  std::string_view category;  // e.g. 急性毒性, 易燃气体
  std::string_view description;  // 危险性分类及说明, e.g. 类别1，所有暴露途径，气体
  double q_t = 0.0;              // 临界量 Q, tonnes (W3 aerosols: net weight)
  double beta = 0.0;             // Table 4 β
};

// The 24 classes of Table 2, in the standard's order (J1–J5, then W1.1–W11).
const std::vector<HazardClass>& table2();

// Returns true iff `code` is exactly one of the 24 Table 2 codes ("W5.1"; no trimming, upper-case).
bool is_hazard_class(std::string_view code);

// Table 2 Q in tonnes for a hazard class code, nullopt when is_hazard_class(code) is false.
std::optional<double> table2_q(std::string_view code);

// Table 4 β for a hazard class code, nullopt when is_hazard_class(code) is false. (Chemicals named
// in Table 3 take their Table 3 β instead; that table is applied by the risk context.)
std::optional<double> table4_beta(std::string_view code);

// The Table 2 hazard class of a Table 1 chemical when exactly one class applies to it under its
// GB 30000 (GHS) classification as listed in 《危险化学品目录》, so it can be filled in for the
// user. nullopt when several classes apply (e.g. 氨: flammable gas W2 and toxic gas J3; 氯:
// oxidising gas W4 and toxic gas J3), when the class depends on process conditions (flammable
// liquids of category 2/3: W5.1, W5.2 or W5.3/W5.4; 汽油), when no Table 2 class applies, or when
// we are not sure. The per-row reasoning is in gb18218.cpp. The user must supply the class whenever
// this is nullopt.
std::optional<std::string> default_hazard_class(const Table1Row& row);

}  // namespace lakeguard::standards
