#include "risk/major_hazard.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "standards/gb18218.h"

namespace lakeguard::risk {
namespace {

using standards::Table1Row;

// Exact arithmetic. Quantities are whole grams; every Q of Tables 1 and 2 is a whole number of
// grams (0.3 t, 0.75 t, …), every β a multiple of 0.5 and every α a multiple of 0.1. With L the
// least common multiple of all Q in grams, q/Q = q_g · (L / Q_g) / L, so
//   S · L        = Σ q_g · (L / Q_g)
//   R · 20 · L   = α·10 · Σ β·2 · q_g · (L / Q_g)
// are integers. Bounds: q_g ≤ 10¹⁴, L / Q_g ≤ 5·10⁴, β·2 ≤ 40, α·10 ≤ 20, 200 terms → < 10²⁴,
// well inside 128 bits.
__extension__ typedef __int128 Wide;

int64_t grams(double tonnes) { return std::llround(tonnes * 1e6); }

int64_t lcm_of_all_q() {
  int64_t l = 1;
  for (const auto& r : standards::table1()) l = std::lcm(l, grams(r.q_t));
  for (const auto& c : standards::table2()) l = std::lcm(l, grams(c.q_t));
  return l;
}

int64_t common_denominator() {
  static const int64_t l = lcm_of_all_q();
  return l;
}

// A resolved term plus its exact factors.
struct Exact {
  Term term;
  int64_t q_grams = 0;  // Q in grams
  int64_t beta2 = 0;    // β · 2
};

bool has_row(const std::vector<const Table1Row*>& rows, const Table1Row* row) {
  return std::find(rows.begin(), rows.end(), row) != rows.end();
}

std::string seq_list(const std::vector<const Table1Row*>& rows) {
  std::string out;
  for (const auto* r : rows) out += (out.empty() ? "" : ", ") + std::to_string(r->seq);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// GB 18218-2018 表1 (standards.md §1.3 rule 1): which Table 1 row a substance is, or nullptr for
// none.
Result<const Table1Row*> table1_row_of(const SubstanceInput& s, const std::string& at) {
  std::vector<const Table1Row*> by_name, by_cas;
  if (s.name) by_name = standards::find_table1(*s.name);
  if (s.cas) by_cas = standards::find_table1(*s.cas);
  const Table1Row* row = nullptr;
  if (s.table1_seq) {
    row = standards::table1_row(*s.table1_seq);
    if (!row)
      return Error::validation(at + ".table1_seq",
                               fmt::format("There is no GB 18218 Table 1 row {}.", *s.table1_seq));
    // A name of the user's own (not in Table 1) may label the row; a Table 1 name of another row
    // may not.
    if (!by_name.empty() && !has_row(by_name, row))
      return Error::validation(
          at + ".name", fmt::format("'{}' is not GB 18218 Table 1 row {}.", *s.name, row->seq));
  } else if (!by_name.empty()) {
    if (by_name.size() > 1)
      return Error::validation(
          at + ".name",
          fmt::format("'{}' matches GB 18218 Table 1 rows {} (by composition); give table1_seq "
                      "or the row's full name.",
                      *s.name, seq_list(by_name)));
    row = by_name.front();
  } else if (!by_cas.empty()) {
    // Nitrocellulose 9004-70-0 (rows 37–42) and ammonium nitrate 6484-52-2 (43, 44): the CAS
    // number alone does not say which row (standards.md §1.3).
    if (by_cas.size() > 1)
      return Error::validation(
          at + ".cas", fmt::format("CAS {} matches GB 18218 Table 1 rows {} (by composition); give "
                                   "table1_seq or the row's full name.",
                                   *s.cas, seq_list(by_cas)));
    return by_cas.front();
  }
  // A CAS number of another Table 1 row contradicts the row; one Table 1 does not list (汽油 is
  // also sold under 8006-61-9) does not.
  if (row && !by_cas.empty() && !has_row(by_cas, row))
    return Error::validation(
        at + ".cas", fmt::format("CAS {} is not that of GB 18218 Table 1 row {} ({}).", *s.cas,
                                 row->seq, row->name));
  return row;
}

Result<Exact> resolve(const SubstanceInput& s, std::size_t index) {
  const std::string at = fmt::format("substances[{}]", index);
  for (const auto& c : s.hazard_classes)
    if (!standards::is_hazard_class(c))
      return Error::validation(
          at + ".hazard_class",
          fmt::format("'{}' is not a GB 18218 Table 2 hazard class (J1…J5, W1.1…W11).", c));
  if (s.q_g < 0 || s.q_g > kMaxQuantityG)
    return Error::validation(at + ".quantity_t", "The quantity must be from 0 to 100000000 t.");
  LG_TRY_ASSIGN(const Table1Row* row, table1_row_of(s, at));

  Exact x;
  Term& t = x.term;
  t.q_g = s.q_g;
  t.hazard_classes = s.hazard_classes;
  if (row) {
    // 表1 (standards.md §1.3 rule 1): a chemical named in Table 1 takes its Table 1 Q, whatever
    // its class.
    t.substance = row->name;
    t.table1_seq = row->seq;
    t.Q_t = row->q_t;
    t.q_source = QSource::kTable1;
  } else {
    if (!s.name && !s.cas && s.hazard_classes.empty())
      return Error::validation(at, "Give the substance's name, cas, table1_seq or hazard_class.");
    if (s.hazard_classes.empty()) {
      const bool by_name = s.name.has_value();
      return Error::validation(
          at + (by_name ? ".name" : ".cas"),
          fmt::format("'{}' is not in GB 18218 Table 1; give its hazard_class (Table 2, J1…W11).",
                      by_name ? *s.name : *s.cas));
    }
    // 表2 (standards.md §1.3 rule 2): a chemical not named in Table 1 takes the Q of its hazard
    // class. With several classes the lowest Q applies (standards.md §1.3 rule 3, the 2009
    // edition's help text; it is also the cautious reading: the smaller Q, the larger q/Q).
    t.substance = s.name ? *s.name : s.cas ? *s.cas : join(s.hazard_classes);
    t.Q_t = *standards::table2_q(s.hazard_classes.front());
    for (const auto& c : s.hazard_classes) t.Q_t = std::min(t.Q_t, *standards::table2_q(c));
    t.q_source = QSource::kTable2;
  }

  // §4.3, 表3: a named toxic gas takes its Table 3 β, whatever its class.
  const standards::ToxicGas* gas = nullptr;
  if (row) {
    gas = standards::table3_gas(*row);
  } else {
    if (s.name) gas = standards::table3_gas(*s.name);
    if (!gas && s.cas) gas = standards::table3_gas(*s.cas);
  }
  if (gas) {
    t.beta = gas->beta;
    t.beta_source = BetaSource::kTable3;
  } else {
    // §4.3, 表4: otherwise β by hazard class — the given classes, else lakeguard's default for a
    // Table 1 row with one unambiguous class (standards::default_hazard_class; e.g. none for
    // 汽油, which may be W5.1, W5.2 or W5.3). With several classes the highest β applies: our
    // sources give no rule; it pairs with the lowest Q above (both lean to the higher R).
    if (t.hazard_classes.empty() && row) {
      if (auto def = standards::default_hazard_class(*row)) {
        t.hazard_classes = {*def};
        t.class_defaulted = true;
      }
    }
    if (t.hazard_classes.empty())
      return Error::validation(
          at + ".hazard_class",
          fmt::format("GB 18218 Table 1 row {} ({}) has no single hazard class; give "
                      "hazard_class (Table 2, J1…W11) for its β.",
                      row->seq, row->name));
    t.beta = 0;
    for (const auto& c : t.hazard_classes) t.beta = std::max(t.beta, *standards::table4_beta(c));
    t.beta_source = BetaSource::kTable4;
  }
  x.q_grams = grams(t.Q_t);
  x.beta2 = std::llround(t.beta * 2);
  return x;
}

int64_t alpha10_for(int64_t people) {
  // §4.3, 表5 (厂外可能暴露人员数量; "100人以上" includes 100).
  if (people >= 100) return 20;
  if (people >= 50) return 15;
  if (people >= 30) return 12;
  if (people >= 1) return 10;
  return 5;
}

}  // namespace

double alpha_for(int64_t people) { return static_cast<double>(alpha10_for(people)) / 10; }

Result<MajorHazardResult> assess_major_hazard(const MajorHazardInput& in) {
  if (in.substances.empty() || in.substances.size() > kMaxSubstances)
    return Error::validation("substances", fmt::format("Give 1 to {} substances.", kMaxSubstances));
  if (in.people_within_500m < 0 || in.people_within_500m > kMaxPeople)
    return Error::validation("people_within_500m",
                             "The number of people must be a whole number from 0 to 100000000.");
  const int64_t l = common_denominator();
  MajorHazardResult out;
  out.terms.reserve(in.substances.size());
  Wide s_num = 0, beta_sum = 0;
  for (std::size_t i = 0; i < in.substances.size(); ++i) {
    LG_TRY_ASSIGN(Exact x, resolve(in.substances[i], i));
    const Wide ratio_num = Wide{x.term.q_g} * (l / x.q_grams);  // (q/Q) · L
    s_num += ratio_num;
    beta_sum += ratio_num * x.beta2;
    out.terms.push_back(std::move(x.term));
  }
  const int64_t alpha10 = alpha10_for(in.people_within_500m);
  const Wide r_num = beta_sum * alpha10;  // R · 20 · L
  const Wide r_den = Wide{20} * l;
  out.S = static_cast<double>(s_num) / static_cast<double>(l);
  // Formula (1) (standards.md §1.2): S ≥ 1 ("等于或超过": equality counts).
  out.is_major_hazard = s_num >= Wide{l};
  out.alpha = static_cast<double>(alpha10) / 10;
  out.R = static_cast<double>(r_num) / static_cast<double>(r_den);
  // §4.3 表6, only for an identified major hazard installation (standards.md §1.5):
  // 一级 R ≥ 100, 二级 50 ≤ R < 100, 三级 10 ≤ R < 50, 四级 R < 10.
  if (out.is_major_hazard) {
    if (r_num >= 100 * r_den)
      out.grade = 1;
    else if (r_num >= 50 * r_den)
      out.grade = 2;
    else if (r_num >= 10 * r_den)
      out.grade = 3;
    else
      out.grade = 4;
  }
  return out;
}

}  // namespace lakeguard::risk
