// One driver for the risk context's golden files (STYLE.md §10): one text file per rule set in
// golden/ (gb18218.txt, lec.txt, ls.txt, accident_grade.txt, index.txt), each line a request body
// and what the answer must hold. The format is described at the top of golden/gb18218.txt.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "risk/calc_json.h"
#include "risk/index.h"
#include "standards/gb18218.h"

namespace lakeguard::risk {
namespace {

namespace json = boost::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Splits on spaces outside quotes and brackets: `a="x, y" b=[1, 2]` → {a="x, y", b=[1, 2]}.
std::vector<std::string> tokens(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  int depth = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '\\' && i + 1 < s.size()) {
        cur += c;
        cur += s[++i];
        continue;
      }
      if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ' ' && depth == 0) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// The value at a path such as terms[0].Q or criteria.deaths, or nullptr.
const json::value* at_path(const json::value& root, const std::string& path) {
  const json::value* v = &root;
  std::size_t i = 0;
  while (i < path.size() && v) {
    if (path[i] == '.') ++i;
    if (path[i] == '[') {
      const auto close = path.find(']', i);
      const std::size_t n = std::stoul(path.substr(i + 1, close - i - 1));
      v = v->is_array() && n < v->get_array().size() ? &v->get_array()[n] : nullptr;
      i = close + 1;
      continue;
    }
    const auto end = path.find_first_of(".[", i);
    const std::string key = path.substr(i, end == std::string::npos ? end : end - i);
    v = v->is_object() ? v->get_object().if_contains(key) : nullptr;
    i = end == std::string::npos ? path.size() : end;
  }
  return v;
}

bool same(const json::value& want, const json::value& got) {
  if (want.is_number() && got.is_number()) {
    const double w = want.to_number<double>(), g = got.to_number<double>();
    return std::fabs(w - g) <= 1e-12 * std::max(1.0, std::fabs(w));
  }
  if (want.is_array() && got.is_array()) {
    if (want.get_array().size() != got.get_array().size()) return false;
    for (std::size_t i = 0; i < want.get_array().size(); ++i)
      if (!same(want.get_array()[i], got.get_array()[i])) return false;
    return true;
  }
  return want == got;
}

Options options_from(const std::string& line) {
  Options o;
  for (const auto& t : tokens(line.substr(std::string("@options").size()))) {
    const auto eq = t.find('=');
    const std::string key = t.substr(0, eq);
    const double v = std::stod(t.substr(eq + 1));
    if (key == "lec_major_above")
      o.lec_major_above = v;
    else if (key == "lec_larger_above")
      o.lec_larger_above = v;
    else if (key == "lec_general_above")
      o.lec_general_above = v;
    else if (key == "ls_major_from")
      o.ls_major_from = static_cast<int>(v);
    else if (key == "ls_larger_from")
      o.ls_larger_from = static_cast<int>(v);
    else if (key == "ls_general_from")
      o.ls_general_from = static_cast<int>(v);
    else
      ADD_FAILURE() << "unknown option " << key;
  }
  EXPECT_EQ(o.validate(), "") << line;
  return o;
}

// "@options" in index.txt: the enterprise risk index's weights and bands (risk/index.h).
IndexOptions index_options_from(const std::string& line) {
  IndexOptions o;
  for (const auto& t : tokens(line.substr(std::string("@options").size()))) {
    const auto eq = t.find('=');
    const std::string key = t.substr(0, eq);
    const double v = std::stod(t.substr(eq + 1));
    if (key == "major_hazard_weight")
      o.major_hazard_weight = v;
    else if (key == "worst_point_weight")
      o.worst_point_weight = v;
    else if (key == "open_hazards")
      o.open_hazards.weight = v;
    else if (key == "red_from")
      o.red_from = v;
    else if (key == "orange_from")
      o.orange_from = v;
    else if (key == "yellow_from")
      o.yellow_from = v;
    else
      ADD_FAILURE() << "unknown index option " << key;
  }
  EXPECT_EQ(o.validate(), "") << line;
  return o;
}

// The index's answer as the routes write it.
Result<std::string> calc_index(const json::object& body, const IndexOptions& o) {
  LG_TRY_ASSIGN(IndexInputs in, index_inputs_from_json(body));
  return json::serialize(index_json(risk_index(in, o)));
}

struct GoldenRun {
  int cases = 0, errors = 0;
  std::vector<json::object> answers;  // the successful answers, for coverage checks
};

GoldenRun run_golden(const std::string& file) {
  GoldenRun run;
  std::istringstream in(read_file(std::string(LAKEGUARD_GOLDEN_DIR) + "/" + file));
  std::string line;
  int line_no = 0;
  Options opts;
  IndexOptions index_opts;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const std::string where = file + ":" + std::to_string(line_no);
    if (line.rfind("@options", 0) == 0) {
      if (file == "index.txt")
        index_opts = index_options_from(line);
      else
        opts = options_from(line);
      continue;
    }
    const auto arrow = line.find(" => ");
    if (arrow == std::string::npos) {
      ADD_FAILURE() << where << ": no ' => '";
      continue;
    }
    std::string want = line.substr(arrow + 4);
    if (const auto comment = want.find("  # "); comment != std::string::npos) want.resize(comment);
    json::object body = json::parse(line.substr(0, arrow)).as_object();
    Result<std::string> got = file == "gb18218.txt" ? calc_major_hazard(body)
                              : file == "lec.txt"   ? calc_lec(body, opts)
                              : file == "ls.txt"    ? calc_ls(body, opts)
                              : file == "index.txt" ? calc_index(body, index_opts)
                                                    : calc_accident_grade(body);
    ++run.cases;
    const auto expectations = tokens(want);
    EXPECT_FALSE(expectations.empty()) << where;
    if (want.rfind("error=", 0) == 0) {
      ++run.errors;
      if (got) {
        ADD_FAILURE() << where << ": expected an error, got " << *got;
        continue;
      }
      EXPECT_EQ(got.error().code, ErrorCode::kValidationFailed) << where;
      EXPECT_EQ(got.error().field, want.substr(6)) << where << ": " << got.error().message;
      EXPECT_FALSE(got.error().message.empty()) << where;
      continue;
    }
    if (!got) {
      ADD_FAILURE() << where << ": " << got.error().field << ": " << got.error().message;
      continue;
    }
    // Checked as the routes send it: the JSON text.
    const json::value answer = json::parse(*got);
    for (const auto& e : expectations) {
      const auto eq = e.find('=');
      if (eq == std::string::npos) {
        ADD_FAILURE() << where << ": not key=value: " << e;
        continue;
      }
      const std::string path = e.substr(0, eq);
      const json::value expected = json::parse(e.substr(eq + 1));
      const json::value* actual = at_path(answer, path);
      if (!actual) {
        ADD_FAILURE() << where << ": no " << path << " in " << json::serialize(answer);
        continue;
      }
      EXPECT_TRUE(same(expected, *actual))
          << where << ": " << path << " is " << json::serialize(*actual) << ", want "
          << json::serialize(expected);
    }
    run.answers.push_back(answer.as_object());
  }
  return run;
}

TEST(RiskGolden, Gb18218IdentificationAndGrading) {
  GoldenRun run = run_golden("gb18218.txt");
  EXPECT_GE(run.cases, 300);
  EXPECT_GE(run.errors, 40);
  // Coverage: every Table 1 row and every Table 2 class was answered at least once.
  std::set<int64_t> rows;
  std::set<std::string> classes;
  for (const auto& a : run.answers)
    for (const auto& t : a.at("terms").as_array()) {
      if (t.at("table1_seq").is_int64()) rows.insert(t.at("table1_seq").as_int64());
      if (t.at("Q_source") == "table2")
        for (const auto& c : t.at("hazard_classes").as_array())
          classes.insert(std::string(c.as_string()));
    }
  EXPECT_EQ(rows.size(), 85u);
  EXPECT_EQ(classes.size(), standards::table2().size());
}

TEST(RiskGolden, LecBandsAndColours) {
  GoldenRun run = run_golden("lec.txt");
  EXPECT_GE(run.cases, 80);
  EXPECT_GE(run.errors, 35);
}

TEST(RiskGolden, LsMatrix) {
  GoldenRun run = run_golden("ls.txt");
  EXPECT_GE(run.cases, 40);
  std::set<int64_t> cells;
  for (const auto& a : run.answers) cells.insert(a.at("R").as_int64());
  EXPECT_EQ(cells.size(), 14u) << "the 14 distinct products of the 25 cells";
}

TEST(RiskGolden, AccidentGrades) {
  GoldenRun run = run_golden("accident_grade.txt");
  EXPECT_GE(run.cases, 45);
  EXPECT_GE(run.errors, 14);
}

TEST(RiskGolden, EnterpriseRiskIndex) {
  GoldenRun run = run_golden("index.txt");
  EXPECT_GE(run.cases, 40);
  EXPECT_GE(run.errors, 6);
  std::set<std::string> colours;
  for (const auto& a : run.answers) colours.insert(std::string(a.at("colour").as_string()));
  EXPECT_EQ(colours.size(), 4u) << "every band answered";
}

}  // namespace
}  // namespace lakeguard::risk
