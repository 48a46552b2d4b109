#include "standards/gb18218.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace lakeguard::standards {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// RFC 4180 fields of one line (quoted fields may hold commas; "" is a quote).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

std::vector<std::string> split_any(const std::string& s, const std::vector<std::string>& seps) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t cut = std::string::npos, len = 0;
    for (const auto& sep : seps) {
      const auto at = s.find(sep, start);
      if (at < cut) cut = at, len = sep.size();
    }
    std::string piece = s.substr(start, cut == std::string::npos ? std::string::npos : cut - start);
    while (!piece.empty() && piece.front() == ' ') piece.erase(0, 1);
    while (!piece.empty() && piece.back() == ' ') piece.pop_back();
    if (!piece.empty()) out.push_back(piece);
    if (cut == std::string::npos) break;
    start = cut + len;
  }
  return out;
}

std::vector<int> seqs(const std::vector<const Table1Row*>& rows) {
  std::vector<int> out;
  for (const auto* r : rows) out.push_back(r->seq);
  return out;
}

TEST(Gb18218Table1, EmbeddedTableEqualsTheShippedCsv) {
  std::istringstream csv(read_file(LAKEGUARD_DATA_DIR "/standards/gb18218_2018_table1.csv"));
  std::string line;
  ASSERT_TRUE(std::getline(csv, line));
  if (!line.empty() && line.back() == '\r') line.pop_back();  // the file has CRLF line ends
  EXPECT_EQ(line, "seq,name,alias,cas,critical_quantity_t");
  std::size_t n = 0;
  while (std::getline(csv, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto f = csv_fields(line);
    ASSERT_EQ(f.size(), 5u) << line;
    ASSERT_LT(n, table1().size());
    const Table1Row& row = table1()[n++];
    SCOPED_TRACE(line);
    EXPECT_EQ(row.seq, std::stoi(f[0]));
    EXPECT_EQ(row.name, f[1]);
    // Aliases are ';'-separated; row 14 writes "砷化三氢、胂" (two aliases) with '、'.
    EXPECT_EQ(row.aliases, split_any(f[2], {";", "、"}));
    EXPECT_EQ(row.cas, f[3] == "—" ? std::vector<std::string>{} : split_any(f[3], {";"}));
    EXPECT_DOUBLE_EQ(row.q_t, std::stod(f[4]));
  }
  EXPECT_EQ(n, 85u);
}

TEST(Gb18218Table1, HasEightyFiveRowsInOrder) {
  ASSERT_EQ(table1().size(), 85u);
  for (int i = 0; i < 85; ++i) {
    EXPECT_EQ(table1()[i].seq, i + 1);
    EXPECT_EQ(table1_row(i + 1), &table1()[i]);
    EXPECT_GT(table1()[i].q_t, 0.0);
  }
  EXPECT_EQ(table1_row(0), nullptr);
  EXPECT_EQ(table1_row(86), nullptr);
  EXPECT_DOUBLE_EQ(table1_row(6)->q_t, 0.3);    // 碳酰氯
  EXPECT_DOUBLE_EQ(table1_row(30)->q_t, 0.75);  // 异氰酸甲酯
  EXPECT_DOUBLE_EQ(table1_row(46)->q_t, 1000);  // 硝酸钾
}

TEST(Gb18218Table1, RowsWithSeveralCasNumbers) {
  EXPECT_EQ(table1_row(49)->name, "甲烷,天然气");
  EXPECT_EQ(table1_row(49)->cas, (std::vector<std::string>{"74-82-8", "8006-14-2"}));
  EXPECT_DOUBLE_EQ(table1_row(49)->q_t, 50);
  EXPECT_EQ(table1_row(52)->cas, (std::vector<std::string>{"68476-85-7", "74-98-6", "106-97-8"}));
  EXPECT_EQ(table1_row(52)->aliases, (std::vector<std::string>{"石油气(液化的)"}));
}

TEST(Gb18218Table1, RowsWithoutCasAreFoundByNameOnly) {
  for (int seq : {13, 45, 74}) {
    EXPECT_TRUE(table1_row(seq)->cas.empty()) << seq;
    EXPECT_EQ(seqs(find_table1(table1_row(seq)->name)), std::vector<int>{seq});
  }
  EXPECT_TRUE(find_table1("—").empty());
}

TEST(Gb18218Table1, EveryNameAliasAndCasFindsItsRow) {
  for (const Table1Row& row : table1()) {
    std::vector<std::string> keys = row.aliases;
    keys.push_back(row.name);
    keys.insert(keys.end(), row.cas.begin(), row.cas.end());
    for (const auto& key : keys) {
      const auto found = seqs(find_table1(key));
      EXPECT_NE(std::find(found.begin(), found.end(), row.seq), found.end()) << key;
    }
  }
}

TEST(Gb18218Table1, KeysAreTrimmedAndCaseFolded) {
  EXPECT_EQ(seqs(find_table1("  氨\t")), std::vector<int>{1});
  EXPECT_EQ(seqs(find_table1("\xE3\x80\x80液氯\xE3\x80\x80")), std::vector<int>{12});
  EXPECT_EQ(seqs(find_table1(" 7782-50-5 ")), std::vector<int>{12});
  EXPECT_EQ(seqs(find_table1("７７８２－５０－５")), std::vector<int>{12}) << "full-width digits";
  EXPECT_EQ(seqs(find_table1("Tnt")), std::vector<int>{35});
  EXPECT_TRUE(find_table1("").empty());
  EXPECT_TRUE(find_table1("   ").empty());
}

// One driver for the golden file (STYLE.md §10).
TEST(Gb18218Golden, LookupsMatchTheGoldenFile) {
  std::istringstream golden(read_file(LAKEGUARD_GOLDEN_DIR "/gb18218_lookup.txt"));
  std::string line;
  int cases = 0, line_no = 0;
  while (std::getline(golden, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const auto arrow = line.rfind(" => ");
    ASSERT_NE(arrow, std::string::npos) << "line " << line_no << ": " << line;
    const std::string key = line.substr(0, arrow);
    const std::string want = line.substr(arrow + 4);
    std::vector<int> expected;
    if (want != "-")
      for (const auto& s : split_any(want, {","})) expected.push_back(std::stoi(s));
    EXPECT_EQ(seqs(find_table1(key)), expected) << "line " << line_no << ": " << key;
    ++cases;
  }
  EXPECT_GE(cases, 70);
}

TEST(Gb18218Table3, FourteenNamedToxicGasesWithTheirBeta) {
  // GB 18218-2018 表3, standards.md §1.5: name → β and the Table 1 row of the same name.
  struct Case {
    const char* name;
    double beta;
    int seq;
  };
  const Case want[] = {{"一氧化碳", 2, 0},  {"二氧化硫", 2, 4},    {"氨", 2, 1},
                       {"环氧乙烷", 2, 7},  {"氯化氢", 3, 11},     {"溴甲烷", 3, 17},
                       {"氯", 4, 12},       {"硫化氢", 5, 10},     {"氟化氢", 5, 20},
                       {"二氧化氮", 10, 3}, {"氰化氢", 10, 25},    {"碳酰氯", 20, 6},
                       {"磷化氢", 20, 9},   {"异氰酸甲酯", 20, 30}};
  ASSERT_EQ(table3().size(), std::size(want));
  for (std::size_t i = 0; i < std::size(want); ++i) {
    EXPECT_EQ(table3()[i].name, want[i].name);
    EXPECT_EQ(table3()[i].beta, want[i].beta) << want[i].name;
    EXPECT_EQ(table3()[i].table1_seq, want[i].seq) << want[i].name;
    if (want[i].seq) {
      const ToxicGas* g = table3_gas(*table1_row(want[i].seq));
      ASSERT_NE(g, nullptr) << want[i].name;
      EXPECT_EQ(g->name, want[i].name);
    }
  }
  // Every other Table 1 row has no Table 3 β (it takes its class's Table 4 β).
  int with_gas = 0;
  for (const auto& r : table1()) with_gas += table3_gas(r) != nullptr;
  EXPECT_EQ(with_gas, 13);
  EXPECT_EQ(table3_gas(*table1_row(13)), nullptr) << "煤气 is a mixture family, not CO itself";
}

TEST(Gb18218Table3, SubstancesOutsideTable1AreFoundByTable3NameOrCas) {
  ASSERT_NE(table3_gas("一氧化碳"), nullptr);
  EXPECT_EQ(table3_gas("一氧化碳")->beta, 2);
  ASSERT_NE(table3_gas("630-08-0"), nullptr);
  EXPECT_EQ(table3_gas("630-08-0")->name, "一氧化碳");
  ASSERT_NE(table3_gas(" 氯化氢 "), nullptr);  // Table 1 only lists it as 氯化氢(无水)
  EXPECT_EQ(table3_gas("氯化氢")->beta, 3);
  ASSERT_NE(table3_gas("7782-50-5"), nullptr);
  EXPECT_EQ(table3_gas("7782-50-5")->name, "氯");
  EXPECT_EQ(table3_gas("煤气"), nullptr);
  EXPECT_EQ(table3_gas("氢"), nullptr);
  EXPECT_EQ(table3_gas(""), nullptr);
}

TEST(Gb18218Table2, HasTwentyFourClassesWithQAndBeta) {
  ASSERT_EQ(table2().size(), 24u);
  std::set<std::string_view> codes;
  for (const auto& c : table2()) {
    codes.insert(c.code);
    EXPECT_TRUE(is_hazard_class(c.code));
    EXPECT_EQ(table2_q(c.code), c.q_t);
    EXPECT_EQ(table4_beta(c.code), c.beta);
  }
  EXPECT_EQ(codes.size(), 24u);
  EXPECT_EQ(table2().front().code, "J1");
  EXPECT_EQ(table2().back().code, "W11");
}

TEST(Gb18218Table2, QAndBetaOfSelectedClasses) {
  struct Case {
    const char* code;
    double q, beta;
  };
  for (const Case& c :
       {Case{"J1", 5, 4},    Case{"J2", 50, 1},     Case{"J3", 50, 2},     Case{"J4", 50, 2},
        Case{"J5", 500, 1},  Case{"W1.1", 1, 2},    Case{"W1.2", 10, 2},   Case{"W1.3", 50, 2},
        Case{"W2", 10, 1.5}, Case{"W3", 150, 1},    Case{"W4", 50, 1},     Case{"W5.1", 10, 1.5},
        Case{"W5.2", 50, 1}, Case{"W5.3", 1000, 1}, Case{"W5.4", 5000, 1}, Case{"W6.1", 10, 1.5},
        Case{"W6.2", 50, 1}, Case{"W7.1", 10, 1.5}, Case{"W7.2", 50, 1},   Case{"W8", 50, 1},
        Case{"W9.1", 50, 1}, Case{"W9.2", 200, 1},  Case{"W10", 200, 1},   Case{"W11", 200, 1}}) {
    EXPECT_EQ(table2_q(c.code), c.q) << c.code;
    EXPECT_EQ(table4_beta(c.code), c.beta) << c.code;
  }
}

TEST(Gb18218Table2, UnknownCodesAreRejected) {
  for (const char* bad :
       {"", "J", "J0", "J6", "W1", "W5", "W5.5", "W12", "w5.1", " W2", "W2 ", "W1.4", "氨"}) {
    EXPECT_FALSE(is_hazard_class(bad)) << bad;
    EXPECT_EQ(table2_q(bad), std::nullopt) << bad;
    EXPECT_EQ(table4_beta(bad), std::nullopt) << bad;
  }
}

TEST(Gb18218DefaultClass, UnambiguousFlammableGasesAreW2) {
  for (int seq : {47, 48, 49, 50, 51, 52, 54, 55})
    EXPECT_EQ(default_hazard_class(*table1_row(seq)), "W2") << table1_row(seq)->name;
  EXPECT_EQ(default_hazard_class(*table1_row(56)), "W4");   // 氧
  EXPECT_EQ(default_hazard_class(*table1_row(85)), "W11");  // 钠
}

TEST(Gb18218DefaultClass, SeveralPlausibleClassesGiveNone) {
  // 氨 (W2 + J3), 氯 (W4 + J3), 硫化氢 (W2 + J3), 苯/甲醇/汽油/乙醇 (W5.1/W5.2/W5.3),
  // 烷基铝 (W8 + W11), 硝酸铵肥料 (formulation), 白磷 (W8 + J5).
  for (int seq : {1, 12, 10, 57, 65, 66, 67, 74, 45, 73})
    EXPECT_EQ(default_hazard_class(*table1_row(seq)), std::nullopt) << table1_row(seq)->name;
}

TEST(Gb18218DefaultClass, EveryDefaultIsATable2Class) {
  int with_default = 0;
  for (const Table1Row& row : table1()) {
    if (const auto cls = default_hazard_class(row)) {
      EXPECT_TRUE(is_hazard_class(*cls)) << row.seq << " " << *cls;
      ++with_default;
    }
  }
  EXPECT_GT(with_default, 20);
  EXPECT_LT(with_default, 85);
}

TEST(Gb18218DefaultClass, WhereTable1QEchoesTable2TheClassAgrees) {
  // Rows whose Table 1 Q equals the Q of the class they were given, a sanity check of the choice.
  for (int seq : {37, 38, 39, 72}) {
    const auto cls = default_hazard_class(*table1_row(seq));
    ASSERT_TRUE(cls) << seq;
    EXPECT_EQ(table2_q(*cls), table1_row(seq)->q_t) << seq;
  }
}

}  // namespace
}  // namespace lakeguard::standards
