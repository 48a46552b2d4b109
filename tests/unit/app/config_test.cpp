#include "app/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace lakeguard::app {
namespace {

TEST(Config, DefaultsAreValid) { EXPECT_TRUE(Config{}.validate().ok()); }

TEST(Config, ValidationNamesTheSetting) {
  Config c;
  c.listen = "127.0.0.1";
  EXPECT_EQ(c.validate().error().field, "listen");
  c.listen = "127.0.0.1:70000";
  EXPECT_EQ(c.validate().error().field, "listen");
  c = Config{};
  c.worker_threads = 0;
  EXPECT_EQ(c.validate().error().field, "worker_threads");
  c = Config{};
  c.log_level = "loud";
  EXPECT_EQ(c.validate().error().field, "log_level");
  c = Config{};
  c.read_cache_mb = -1;
  EXPECT_EQ(c.validate().error().field, "read_cache_mb");
  c.read_cache_mb = 0;  // no read cache
  EXPECT_TRUE(c.validate().ok());
}

TEST(Config, TomlThenEnvironmentInThatOrder) {
  auto path = std::filesystem::temp_directory_path() / "lakeguard-config-test.toml";
  {
    std::ofstream f(path);
    f << "db = \"from-toml.sqlite\"\nlisten = \"127.0.0.1:9000\"\nworker_threads = 8\n";
  }
  Config c;
  ASSERT_TRUE(apply_toml_file(c, path.string()).ok());
  EXPECT_EQ(c.db, "from-toml.sqlite");
  EXPECT_EQ(c.worker_threads, 8);
  setenv("LAKEGUARD_DB", "from-env.sqlite", 1);
  ASSERT_TRUE(apply_env(c).ok());
  unsetenv("LAKEGUARD_DB");
  EXPECT_EQ(c.db, "from-env.sqlite");
  EXPECT_EQ(c.listen, "127.0.0.1:9000");
  setenv("LAKEGUARD_READ_CACHE_MB", "0", 1);
  ASSERT_TRUE(apply_env(c).ok());
  unsetenv("LAKEGUARD_READ_CACHE_MB");
  EXPECT_EQ(c.read_cache_mb, 0);
  {
    std::ofstream f(path);
    f << "colour = \"red\"\n";
  }
  EXPECT_EQ(apply_toml_file(c, path.string()).error().field, "colour");
  {
    std::ofstream f(path);
    f << "worker_threads = \"eight\"\n";
  }
  EXPECT_EQ(apply_toml_file(c, path.string()).error().field, "worker_threads");
  std::filesystem::remove(path);
  setenv("LAKEGUARD_WORKER_THREADS", "many", 1);
  EXPECT_FALSE(apply_env(c).ok());
  unsetenv("LAKEGUARD_WORKER_THREADS");
}

// The risk model's thresholds and weights are configuration (issue 8 item 1 and 3: no national
// rule fixes the colours or the index), read from TOML and validated as a whole.
TEST(Config, RiskThresholdsAndIndexWeightsFromToml) {
  auto path = std::filesystem::temp_directory_path() / "lakeguard-config-risk-test.toml";
  {
    std::ofstream f(path);
    f << "risk_lec_major_above = 320\nrisk_lec_larger_above = 160\nrisk_lec_general_above = 70\n"
         "risk_ls_major_from = 21\nrisk_index_major_hazard_weight = 30\n"
         "risk_index_open_hazards_weight = 13\nrisk_index_open_hazards_saturation = 4\n"
         "risk_index_red_from = 70.5\n";
  }
  Config c;
  ASSERT_TRUE(apply_toml_file(c, path.string()).ok());
  EXPECT_EQ(c.risk_levels.lec_major_above, 320);  // variant B of standards.md §2
  EXPECT_EQ(c.risk_levels.lec_larger_above, 160);
  EXPECT_EQ(c.risk_levels.lec_general_above, 70);
  EXPECT_EQ(c.risk_levels.ls_major_from, 21);
  EXPECT_EQ(c.risk_index.major_hazard_weight, 30);
  EXPECT_EQ(c.risk_index.open_hazards.weight, 13);
  EXPECT_EQ(c.risk_index.open_hazards.saturation, 4);
  EXPECT_EQ(c.risk_index.red_from, 70.5);
  EXPECT_TRUE(c.validate().ok());
  // Out of order as a whole: named by the group, the reason by the setting.
  c.risk_levels.lec_larger_above = 400;
  auto bad = c.validate();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "risk_levels");
  EXPECT_NE(bad.error().message.find("lec_"), std::string::npos) << bad.error().message;
  c = Config{};
  c.risk_index.yellow_from = 50;  // above orange_from (40)
  EXPECT_EQ(c.validate().error().field, "risk_index");
  {
    std::ofstream f(path);
    f << "risk_ls_general_from = 9.5\n";  // LS levels are whole products L×S
  }
  EXPECT_EQ(apply_toml_file(c, path.string()).error().field, "risk_ls_general_from");
  {
    std::ofstream f(path);
    f << "risk_index_red_from = \"high\"\n";
  }
  EXPECT_EQ(apply_toml_file(c, path.string()).error().field, "risk_index_red_from");
  std::filesystem::remove(path);
}

TEST(Config, SecretsAreMaskedWhenPrinted) {
  EXPECT_EQ(mask_db("postgresql://lg:s3cret@db.local:5432/lakeguard"),
            "postgresql://lg:***@db.local:5432/lakeguard");
  EXPECT_EQ(mask_db("host=db password=s3cret user=lg"), "host=db password=*** user=lg");
  Config c;
  c.db = "postgresql://lg:s3cret@db/lakeguard";
  EXPECT_EQ(c.describe().find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace lakeguard::app
