// The verifiable draw (双随机) against cases recomputed by an independent implementation
// (golden/draws.txt, Python hashlib), its boundaries, and the uniformity of the selection.

#include "inspections/draw.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace lakeguard::inspections {
namespace {

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t from = 0;
  for (;;) {
    size_t at = s.find(sep, from);
    out.push_back(s.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) return out;
    from = at + sep.size();
  }
}

std::vector<int64_t> ids_of(const std::string& s) {
  std::vector<int64_t> out;
  if (s.empty()) return out;
  for (const auto& p : split(s, ",")) out.push_back(std::stoll(p));
  return out;
}

TEST(Draw, Sha256KnownAnswers) {
  // FIPS 180-4 examples (NIST CSRC, SHA256.pdf): "abc" and the empty string.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Draw, GoldenCasesFromAnIndependentImplementation) {
  std::ifstream in(LAKEGUARD_GOLDEN_DIR "/draws.txt");
  ASSERT_TRUE(in) << "golden file missing";
  std::string line;
  int draws = 0, commitments = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("C ", 0) == 0) {
      auto f = split(line.substr(2), " | ");
      ASSERT_EQ(f.size(), 2u) << line;
      EXPECT_EQ(commitment_of(f[0]), f[1]) << line;
      ++commitments;
      continue;
    }
    auto f = split(line, " | ");
    ASSERT_EQ(f.size(), 7u) << line;
    std::vector<Witness> ws;
    for (const auto& e : split(f[1], " || ")) ws.push_back({"w", e});
    std::string fs = final_seed(f[0], ws);
    EXPECT_EQ(fs, f[5]) << line;
    Side side = f[2] == "e" ? Side::kEnterprise : Side::kInspector;
    auto picked = select(fs, side, ids_of(f[3]), std::stoul(f[4]));
    std::vector<int64_t> got;
    for (const auto& k : picked) got.push_back(k.id);
    EXPECT_EQ(got, ids_of(f[6])) << line;
    for (size_t i = 1; i < picked.size(); ++i) EXPECT_LT(picked[i - 1].key, picked[i].key);
    ++draws;
  }
  EXPECT_GE(draws, 10);
  EXPECT_GE(commitments, 4);
}

TEST(Draw, SeedMustBe64LowercaseHex) {
  EXPECT_TRUE(seed_bytes(std::string(64, 'a')));
  EXPECT_FALSE(seed_bytes(std::string(63, 'a')));
  EXPECT_FALSE(seed_bytes(std::string(65, 'a')));
  EXPECT_FALSE(seed_bytes(std::string(64, 'A')));  // the published form is lowercase
  EXPECT_FALSE(seed_bytes(std::string(63, 'a') + "g"));
  EXPECT_THROW(commitment_of("zz"), std::invalid_argument);
}

TEST(Draw, WitnessOrderAndTextMatter) {
  std::string seed(64, '0');
  auto a = final_seed(seed, {{"A", "one"}, {"B", "two"}});
  EXPECT_NE(a, final_seed(seed, {{"B", "two"}, {"A", "one"}}));
  EXPECT_NE(a, final_seed(seed, {{"A", "one"}, {"B", "two "}}));
  // Names are not part of the computation, only the texts.
  EXPECT_EQ(a, final_seed(seed, {{"X", "one"}, {"Y", "two"}}));
  EXPECT_EQ(a, sha256_hex(seed + ":one:two"));
}

TEST(Draw, SidesAreIndependentAndSelectionIsAPrefix) {
  std::string fs = sha256_hex("x");
  EXPECT_NE(key_of(fs, Side::kEnterprise, 7), key_of(fs, Side::kInspector, 7));
  EXPECT_EQ(key_of(fs, Side::kEnterprise, 7), sha256_hex(fs + ":e:7"));
  std::vector<int64_t> pool;
  for (int64_t i = 1; i <= 50; ++i) pool.push_back(i);
  auto all = select(fs, Side::kEnterprise, pool, pool.size());
  for (size_t n : {0u, 1u, 5u, 49u, 50u}) {
    auto some = select(fs, Side::kEnterprise, pool, n);
    ASSERT_EQ(some.size(), n);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(some[i].id, all[i].id);
  }
  // The pool's order does not matter.
  std::vector<int64_t> reversed(pool.rbegin(), pool.rend());
  EXPECT_EQ(select(fs, Side::kEnterprise, reversed, 5)[0].id, all[0].id);
}

// Over 10,000 draws (final seeds from a fixed sequence) from a pool of 20, each enterprise is
// picked first equally often: chi-square with 19 degrees of freedom below 43.82 (p = 0.001).
// Deterministic: the same seeds every run, so the test cannot flake.
TEST(Draw, SelectionIsUniform) {
  std::vector<int64_t> pool;
  for (int64_t i = 101; i <= 120; ++i) pool.push_back(i);
  std::map<int64_t, int> first, any3;
  constexpr int kDraws = 10000;
  for (int d = 0; d < kDraws; ++d) {
    std::string fs = sha256_hex("uniformity:" + std::to_string(d));
    auto picked = select(fs, Side::kEnterprise, pool, 3);
    ++first[picked[0].id];
    for (const auto& k : picked) ++any3[k.id];
  }
  auto chi2 = [&](const std::map<int64_t, int>& counts, double expected) {
    double x = 0;
    for (int64_t id : pool) {
      double o = counts.count(id) ? counts.at(id) : 0;
      x += (o - expected) * (o - expected) / expected;
    }
    return x;
  };
  EXPECT_LT(chi2(first, kDraws / 20.0), 43.82);
  EXPECT_LT(chi2(any3, kDraws * 3 / 20.0), 43.82);
}

TEST(Draw, WitnessTextLimits) {
  EXPECT_TRUE(check_entropy("x"));
  EXPECT_TRUE(check_entropy(std::string(200 * 3, 'a').substr(0, 200)));
  std::string two_hundred_han;
  for (int i = 0; i < 200; ++i) two_hundred_han += "一";
  EXPECT_TRUE(check_entropy(two_hundred_han));  // counted in characters, not bytes
  EXPECT_FALSE(check_entropy(two_hundred_han + "一"));
  EXPECT_FALSE(check_entropy(""));
  EXPECT_FALSE(check_entropy("a\nb"));
  EXPECT_FALSE(check_entropy(std::string("a\0b", 3)));
  EXPECT_FALSE(check_entropy("\xff"));
  EXPECT_FALSE(check_entropy("abc\u202Edef"));  // a bidi override
  EXPECT_TRUE(check_entropy("雷峰塔 🌊"));
  EXPECT_EQ(check_entropy("").error().field, "entropy");
}

}  // namespace
}  // namespace lakeguard::inspections
