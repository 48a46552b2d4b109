#include "risk/calc_json.h"

#include <fmt/format.h>

#include <cmath>
#include <initializer_list>
#include <string_view>

#include "core/json_text.h"
#include "core/text.h"
#include "risk/accident_grade.h"
#include "risk/lec.h"
#include "risk/ls.h"
#include "risk/major_hazard.h"
#include "standards/cas.h"

namespace lakeguard::risk {
namespace {

namespace json = boost::json;

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

std::string join_field(std::string_view prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  return fmt::format("{}.{}", prefix, key);
}

Status only_fields(const json::object& o, std::initializer_list<std::string_view> allowed,
                   std::string_view prefix = "") {
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || kv.key() == a;
    if (!known)
      return Error::validation(join_field(prefix, kv.key()),
                               fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  }
  return ok_status();
}

const json::value* required(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

Error missing(const std::string& field) {
  return Error::validation(field, fmt::format("'{}' is required.", field));
}

// A JSON number as a double (integers included), nullopt for anything else.
std::optional<double> number_of(const json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return std::nullopt;
}

// A whole JSON number (2, not 2.0 or "2") within [lo, hi].
Result<int64_t> whole(const json::object& o, std::string_view key, const std::string& field,
                      int64_t lo, int64_t hi) {
  const json::value* v = required(o, key);
  if (!v) return missing(field);
  if (!v->is_int64() || v->get_int64() < lo || v->get_int64() > hi)
    return Error::validation(
        field, fmt::format("'{}' must be a whole number from {} to {}.", field, lo, hi));
  return v->get_int64();
}

Result<double> number(const json::object& o, std::string_view key, const std::string& field) {
  const json::value* v = required(o, key);
  if (!v) return missing(field);
  auto d = number_of(*v);
  if (!d || !std::isfinite(*d))
    return Error::validation(field, fmt::format("'{}' must be a JSON number.", field));
  return *d;
}

Result<std::string> text(const json::value& v, const std::string& field) {
  if (!v.is_string()) return Error::validation(field, fmt::format("'{}' must be a string.", field));
  std::string s = trim(std::string_view(v.get_string()));
  if (s.empty() || utf8_length(s) > 200)
    return Error::validation(field, fmt::format("'{}' must be 1 to 200 characters.", field));
  return s;
}

// quantity_t in whole grams: a number of tonnes from 0 to 10⁸ with at most 6 decimals (1 g), so
// that S and R are summed exactly (major_hazard.cpp). Finer digits are refused, not rounded: a
// 4.9999999 t of chlorine (Q 5 t) must not become 5 t.
Result<int64_t> quantity_grams(const json::object& o, const std::string& field) {
  LG_TRY_ASSIGN(double t, number(o, "quantity_t", field));
  if (t < 0) return Error::validation(field, "The quantity must not be negative.");
  if (t > static_cast<double>(kMaxQuantityG) / 1e6)
    return Error::validation(field, "The quantity must be from 0 to 100000000 t.");
  const double g = t * 1e6;
  const double whole_g = std::nearbyint(g);
  // A decimal with ≤ 6 places lands within a few ulps of a whole gram once parsed and scaled.
  if (std::fabs(g - whole_g) > std::max(1.0, g) * 1e-15)
    return Error::validation(field,
                             "The quantity has more than 6 decimal places (tonnes to the gram).");
  return static_cast<int64_t>(whole_g);
}

Result<SubstanceInput> substance_input(const json::value& v, std::size_t i) {
  const std::string at = fmt::format("substances[{}]", i);
  if (!v.is_object()) return Error::validation(at, "A substance is a JSON object.");
  const json::object& o = v.get_object();
  LG_TRY(only_fields(o, {"name", "cas", "table1_seq", "hazard_class", "quantity_t"}, at));
  SubstanceInput s;
  if (const json::value* n = required(o, "name")) {
    LG_TRY_ASSIGN(s.name, text(*n, at + ".name"));
  }
  if (const json::value* c = required(o, "cas")) {
    LG_TRY_ASSIGN(std::string cas, text(*c, at + ".cas"));
    if (!standards::is_valid_cas(cas))
      return Error::validation(at + ".cas", fmt::format("'{}' is not a valid CAS number.", cas));
    s.cas = std::move(cas);
  }
  if (required(o, "table1_seq")) {
    LG_TRY_ASSIGN(int64_t seq, whole(o, "table1_seq", at + ".table1_seq", 1, 85));
    s.table1_seq = static_cast<int>(seq);
  }
  if (const json::value* h = required(o, "hazard_class")) {
    const std::string field = at + ".hazard_class";
    if (h->is_string()) {
      s.hazard_classes.emplace_back(h->get_string());
    } else if (h->is_array() && !h->get_array().empty() && h->get_array().size() <= 24) {
      for (const auto& c : h->get_array()) {
        if (!c.is_string())
          return Error::validation(field, "A hazard class is a string such as \"W5.2\".");
        s.hazard_classes.emplace_back(c.get_string());
      }
    } else {
      return Error::validation(
          field, "'hazard_class' is a Table 2 symbol such as \"W5.2\", or a list of 1 to 24.");
    }
  }
  LG_TRY_ASSIGN(s.q_g, quantity_grams(o, at + ".quantity_t"));
  return s;
}

std::string_view q_source_name(QSource s) { return s == QSource::kTable1 ? "table1" : "table2"; }
std::string_view beta_source_name(BetaSource s) {
  return s == BetaSource::kTable3 ? "table3" : "table4";
}

// The answers are written as text directly (no DOM: it is most of a calculation's cost), numbers
// in plain decimal where exact (core/json_text.h).
class Writer {
 public:
  Writer() { out_.reserve(640); }
  Writer& open() {
    out_ += '{';
    first_ = true;
    return *this;
  }
  Writer& close() {
    out_ += '}';
    first_ = false;
    return *this;
  }
  Writer& key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    append_json_string(out_, k);
    out_ += ':';
    return *this;
  }
  Writer& open_array(std::string_view k) {
    key(k);
    out_ += '[';
    first_ = true;
    return *this;
  }
  Writer& close_array() {
    out_ += ']';
    first_ = false;
    return *this;
  }
  // An array element that is an object.
  Writer& element() {
    if (!first_) out_ += ',';
    out_ += '{';
    first_ = true;
    return *this;
  }
  Writer& str(std::string_view k, std::string_view v) {
    key(k);
    append_json_string(out_, v);
    return *this;
  }
  Writer& num(std::string_view k, double v) {
    key(k);
    append_json_double(out_, v);
    return *this;
  }
  Writer& integer(std::string_view k, int64_t v) {
    key(k);
    append_json_int(out_, v);
    return *this;
  }
  Writer& boolean(std::string_view k, bool v) {
    key(k);
    out_ += v ? "true" : "false";
    return *this;
  }
  Writer& null(std::string_view k) {
    key(k);
    out_ += "null";
    return *this;
  }
  Writer& strings(std::string_view k, const std::vector<std::string>& v) {
    key(k);
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out_ += ',';
      append_json_string(out_, v[i]);
    }
    out_ += ']';
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool first_ = true;
};

}  // namespace

Result<MajorHazardInput> major_hazard_input(const json::object& body) {
  LG_TRY(only_fields(body, {"substances", "people_within_500m"}));
  const json::value* subs = required(body, "substances");
  if (!subs) return missing("substances");
  if (!subs->is_array() || subs->get_array().empty() || subs->get_array().size() > kMaxSubstances)
    return Error::validation("substances", fmt::format("Give 1 to {} substances.", kMaxSubstances));
  MajorHazardInput in;
  in.substances.reserve(subs->get_array().size());
  for (std::size_t i = 0; i < subs->get_array().size(); ++i) {
    LG_TRY_ASSIGN(SubstanceInput s, substance_input(subs->get_array()[i], i));
    in.substances.push_back(std::move(s));
  }
  LG_TRY_ASSIGN(in.people_within_500m,
                whole(body, "people_within_500m", "people_within_500m", 0, kMaxPeople));
  return in;
}

std::string to_json_text(const MajorHazardResult& r) {
  Writer w;
  w.open().num("S", r.S).boolean("is_major_hazard", r.is_major_hazard).num("alpha", r.alpha);
  w.num("R", r.R);
  if (r.grade)
    w.integer("grade", *r.grade).str("grade_name", grade_name(*r.grade));
  else
    w.null("grade").null("grade_name");
  w.open_array("terms");
  for (const Term& t : r.terms) {
    w.element().str("substance", t.substance);
    if (t.table1_seq)
      w.integer("table1_seq", *t.table1_seq);
    else
      w.null("table1_seq");
    w.strings("hazard_classes", t.hazard_classes).boolean("class_defaulted", t.class_defaulted);
    w.num("q", t.q_t()).num("Q", t.Q_t).num("beta", t.beta).num("ratio", t.ratio());
    w.str("Q_source", q_source_name(t.q_source))
        .str("beta_source", beta_source_name(t.beta_source));
    w.close();
  }
  w.close_array().close();
  return w.take();
}

Result<LecInput> lec_input(const json::object& body) {
  LG_TRY(only_fields(body, {"L", "E", "C"}));
  LecInput in;
  LG_TRY_ASSIGN(in.L, number(body, "L", "L"));
  LG_TRY_ASSIGN(in.E, number(body, "E", "E"));
  LG_TRY_ASSIGN(in.C, number(body, "C", "C"));
  return in;
}

std::string to_json_text(const LecResult& r) {
  Writer w;
  w.open()
      .num("D", r.D)
      .str("level", lec_band_name(r.band))
      .str("measure", lec_band_measure(r.band));
  w.str("risk_level", risk_level_name(r.level)).str("color", colour_name(r.level)).close();
  return w.take();
}

Result<LsInput> ls_input(const json::object& body) {
  LG_TRY(only_fields(body, {"L", "S"}));
  LsInput in;
  LG_TRY_ASSIGN(int64_t l, whole(body, "L", "L", 1, 5));
  LG_TRY_ASSIGN(int64_t s, whole(body, "S", "S", 1, 5));
  in.L = static_cast<int>(l);
  in.S = static_cast<int>(s);
  return in;
}

std::string to_json_text(const LsResult& r) {
  Writer w;
  w.open().integer("R", r.R).str("level", risk_level_name(r.level));
  w.str("color", colour_name(r.level)).close();
  return w.take();
}

Result<AccidentInput> accident_input(const json::object& body) {
  LG_TRY(only_fields(body, {"deaths", "serious_injuries", "direct_loss_yuan"}));
  AccidentInput in;
  LG_TRY_ASSIGN(in.deaths, whole(body, "deaths", "deaths", 0, kMaxAccidentCount));
  LG_TRY_ASSIGN(in.serious_injuries,
                whole(body, "serious_injuries", "serious_injuries", 0, kMaxAccidentCount));
  LG_TRY_ASSIGN(in.direct_loss_yuan, number(body, "direct_loss_yuan", "direct_loss_yuan"));
  return in;
}

std::string to_json_text(const AccidentResult& r) {
  Writer w;
  w.open().str("grade", accident_grade_name(r.grade));
  w.key("criteria").open().str("deaths", accident_grade_name(r.by_deaths));
  w.str("serious_injuries", accident_grade_name(r.by_serious_injuries));
  w.str("direct_loss_yuan", accident_grade_name(r.by_direct_loss)).close().close();
  return w.take();
}

Result<std::string> calc_major_hazard(const json::object& body) {
  LG_TRY_ASSIGN(MajorHazardInput in, major_hazard_input(body));
  LG_TRY_ASSIGN(MajorHazardResult r, assess_major_hazard(in));
  return to_json_text(r);
}

Result<std::string> calc_lec(const json::object& body, const Options& opts) {
  LG_TRY_ASSIGN(LecInput in, lec_input(body));
  LG_TRY_ASSIGN(LecResult r, assess_lec(in, opts));
  return to_json_text(r);
}

Result<std::string> calc_ls(const json::object& body, const Options& opts) {
  LG_TRY_ASSIGN(LsInput in, ls_input(body));
  LG_TRY_ASSIGN(LsResult r, assess_ls(in, opts));
  return to_json_text(r);
}

Result<std::string> calc_accident_grade(const json::object& body) {
  LG_TRY_ASSIGN(AccidentInput in, accident_input(body));
  LG_TRY_ASSIGN(AccidentResult r, grade_accident(in));
  return to_json_text(r);
}

}  // namespace lakeguard::risk
