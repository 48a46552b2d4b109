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
