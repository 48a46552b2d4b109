// lakeguard: one binary, several subcommands (ARCHITECTURE.md §1).
//   serve | demo | migrate | user add|passwd|list|disable | import KIND FILE | backup --to FILE |
//   draw verify FILE

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/app.h"
#include "app/config.h"
#include "app/demo.h"
#include "auth/crypto.h"
#include "core/json.h"
#include "inspections/draw_json.h"
#include "registry/csv.h"
#include "registry/demo_data.h"

namespace {

using namespace lakeguard;
using app::Config;

int fail(const std::string& msg);

// `lakeguard draw verify FILE`: 0 when every revealed draw in FILE recomputes, 1 otherwise.
int verify_draw_file(const std::string& path) {
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot read " + path);
    text << in.rdbuf();
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text.str(), ec);
  if (ec || !v.is_object()) return fail("not a JSON object: " + path);
  std::vector<const boost::json::object*> draws;
  if (const auto* items = v.as_object().if_contains("items"); items && items->is_array()) {
    for (const auto& d : items->as_array())
      if (d.is_object() && d.as_object().if_contains("status") &&
          d.as_object().at("status") == "revealed")
        draws.push_back(&d.as_object());
  } else {
    draws.push_back(&v.as_object());
  }
  if (draws.empty()) return fail("no revealed draw in " + path);
  int bad = 0;
  for (const auto* d : draws) {
    std::string id = d->if_contains("id") ? lakeguard::json_text(d->at("id")) : "?";
    auto problems = inspections::verify_published(*d);
    if (problems.empty()) {
      fmt::print("draw {}: OK (commitment, final_seed and both selections recomputed)\n", id);
      continue;
    }
    ++bad;
    for (const auto& p : problems) fmt::print("draw {}: MISMATCH: {}\n", id, p);
  }
  return bad ? 1 : 0;
}

int fail(const std::string& msg) {
  fmt::print(stderr, "lakeguard: {}\n", msg);
  return 2;
}

// Config precedence: defaults < TOML file < environment < flags.
struct ConfigFlags {
  std::string config_file, db, listen, web_root, log_level;
  int workers = 0;
};

void add_config_flags(CLI::App* cmd, ConfigFlags& f, bool serving) {
  cmd->add_option("--config", f.config_file, "TOML configuration file");
  cmd->add_option("--db", f.db, "SQLite file or postgresql:// URI");
  if (serving) {
    cmd->add_option("--listen", f.listen, "HOST:PORT to listen on (port 0: any free port)");
    cmd->add_option("--web-root", f.web_root, "Directory of the built console");
    cmd->add_option("--workers", f.workers, "Worker threads for request handling");
  }
  cmd->add_option("--log-level", f.log_level, "trace|debug|info|warn|error|off");
}

Result<Config> make_config(const ConfigFlags& f, Config base = {}) {
  Config c = std::move(base);
  if (!f.config_file.empty())
    if (auto s = app::apply_toml_file(c, f.config_file); !s) return s.error();
  if (auto s = app::apply_env(c); !s) return s.error();
  if (!f.db.empty()) c.db = f.db;
  if (!f.listen.empty()) c.listen = f.listen;
  if (!f.web_root.empty()) c.web_root = f.web_root;
  if (!f.log_level.empty()) c.log_level = f.log_level;
  if (f.workers) c.worker_threads = f.workers;
  if (c.data_dir.empty()) c.data_dir = app::default_path("data");
  if (auto s = c.validate(); !s) return s.error();
  return c;
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("lakeguard");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

// Blocks SIGINT/SIGTERM in every thread (threads inherit the mask), then waits for one on the
// main thread and stops the server gracefully: stop accepting, finish in-flight requests, close.
int serve_until_signal(app::App& a, sigset_t& set) {
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {} received; finishing in-flight requests", sig);
  a.stop();
  spdlog::info("stopped cleanly");
  return 0;
}

std::string read_secret_from_stdin() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App cli{"lakeguard — district emergency-management platform (智慧应急平台)"};
  cli.require_subcommand(1);

  ConfigFlags serve_f;
  auto* serve = cli.add_subcommand("serve", "Serve the API and console");
  add_config_flags(serve, serve_f, true);

  ConfigFlags demo_f;
  uint64_t seed = registry::kDefaultDemoSeed;
  auto* demo = cli.add_subcommand("demo", "(Re)create the West Lake demo database, then serve");
  add_config_flags(demo, demo_f, true);
  demo->add_option("--seed", seed, "Seed of the synthetic data");
  bool demo_no_serve = false;
  demo->add_flag("--no-serve", demo_no_serve, "Create the database and exit");

  ConfigFlags mig_f;
  auto* mig = cli.add_subcommand("migrate", "Apply pending migrations");
  add_config_flags(mig, mig_f, false);

  ConfigFlags user_f;
  auto* user = cli.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  add_config_flags(user, user_f, false);
  std::string u_name, u_role, u_scope, u_display;
  int64_t u_enterprise = 0;
  auto* uadd = user->add_subcommand("add", "Add a user; password from LAKEGUARD_PASSWORD or stdin");
  uadd->add_option("username", u_name)->required();
  uadd->add_option("--role", u_role, "admin|district_officer|town_officer|…")->required();
  uadd->add_option("--scope", u_scope, "Jurisdiction code (6/9/12 digits)");
  uadd->add_option("--enterprise", u_enterprise, "Enterprise id (enterprise_user)");
  uadd->add_option("--display-name", u_display);
  auto* upw = user->add_subcommand("passwd", "Set a password (LAKEGUARD_PASSWORD or stdin)");
  upw->add_option("username", u_name)->required();
  auto* ulist = user->add_subcommand("list", "List users");
  auto* udis = user->add_subcommand("disable", "Disable a user and end its sessions");
  udis->add_option("username", u_name)->required();

  ConfigFlags imp_f;
  std::string imp_kind, imp_file, imp_charset = "utf-8";
  bool imp_dry = false;
  auto* imp = cli.add_subcommand("import", "Import a CSV file (same path as the API import)");
  add_config_flags(imp, imp_f, false);
  imp->add_option("kind", imp_kind, "enterprises|shelters|warehouses|teams|stations|devices|…")
      ->required();
  imp->add_option("file", imp_file)->required();
  imp->add_flag("--dry-run", imp_dry, "Check only; write nothing");
  imp->add_option("--charset", imp_charset, "utf-8|gb18030");

  ConfigFlags bak_f;
  std::string bak_to;
  auto* bak = cli.add_subcommand("backup", "Online backup of the SQLite store");
  add_config_flags(bak, bak_f, false);
  bak->add_option("--to", bak_to, "Destination file")->required();

  // Needs no store: recomputes a revealed draw from its published JSON (the reveal answer, a
  // draw of GET /public/inspections, or the public list itself: every revealed draw in it).
  std::string draw_file;
  auto* draw = cli.add_subcommand("draw", "双随机 draws");
  auto* dverify =
      draw->add_subcommand("verify", "Recompute a revealed draw from its published JSON");
  dverify->add_option("FILE", draw_file, "JSON file ('-' for stdin)")->required();
  draw->require_subcommand(1);

  CLI11_PARSE(cli, argc, argv);
  if (*draw) return verify_draw_file(draw_file);

  auto flags_of = [&]() -> ConfigFlags& {
    if (*serve) return serve_f;
    if (*demo) return demo_f;
    if (*mig) return mig_f;
    if (*user) return user_f;
    if (*imp) return imp_f;
    return bak_f;
  };
  Config base;
  if (*demo) base.db = "lakeguard-demo.sqlite";
  auto cfg = make_config(flags_of(), base);
  if (!cfg) return fail(fmt::format("configuration: {}", cfg.error().message));
  setup_logging(cfg->log_level);

  if (*serve || *demo) {
    // Signals are blocked before any thread starts, so only sigwait sees them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    auto t0 = std::chrono::steady_clock::now();
    std::string password;
    if (*demo) {
      app::reset_store(cfg->db);
      const char* env_pw = std::getenv("LAKEGUARD_DEMO_PASSWORD");
      password = env_pw && *env_pw ? env_pw : auth::random_token().substr(0, 16);
    }
    spdlog::info("config: {}", cfg->describe());
    app::App a(*cfg);
    if (*demo) {
      auto s = app::load_demo(a, cfg->data_dir, password, seed);
      spdlog::info(
          "demo loaded: {} jurisdictions, {} enterprises ({} chemicals), {} shelters, {} "
          "stations, {} warehouses ({} stock items), {} teams, {} devices, {} cameras, {} users "
          "(synthetic objects labelled synthetic)",
          s.jurisdictions, s.enterprises, s.chemicals, s.shelters, s.stations, s.warehouses,
          s.stock, s.teams, s.devices, s.cameras, s.users);
      if (demo_no_serve) {
        fmt::print("Demo database created at {}\n", app::mask_db(cfg->db));
        return 0;
      }
    }
    uint16_t port = a.start();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    spdlog::info("ready in {:.2f}s on http://{}:{}/", secs, cfg->host(), port);
    // The URL (and, for the demo, the credentials) go to the terminal only, never to the log.
    fmt::print("lakeguard is serving http://{}:{}/\n", cfg->host(), port);
    if (*demo) {
      fmt::print(
          "Demo users: admin, district, town_<9-digit code> (e.g. town_330106009), "
          "community_<code>, enterprise_<id>, inspector … inspector_8, viewer\n");
      if (!std::getenv("LAKEGUARD_DEMO_PASSWORD") || !*std::getenv("LAKEGUARD_DEMO_PASSWORD"))
        fmt::print("Demo password (shown once): {}\n", password);
      else
        fmt::print("Demo password: the value of LAKEGUARD_DEMO_PASSWORD\n");
    }
    std::fflush(stdout);
    return serve_until_signal(a, set);
  }

  app::App a(*cfg);
  const platform::Actor cli_actor = platform::Actor::system("cli", "cli");
  if (*mig) {
    fmt::print("Store {} is at the newest schema.\n", a.db().describe());
    return 0;
  }
  if (*user) {
    auto password = [] {
      const char* p = std::getenv("LAKEGUARD_PASSWORD");
      return p && *p ? std::string(p) : read_secret_from_stdin();
    };
    if (*uadd) {
      auth::NewUser nu;
      nu.username = u_name;
      nu.display_name = u_display;
      auto role = auth::parse_role(u_role);
      if (!role) return fail("unknown role " + u_role);
      nu.role = *role;
      nu.scope_code = u_scope;
      if (u_enterprise) nu.enterprise_id = u_enterprise;
      nu.password = password();
      auto r = a.auth().add_user(nu, cli_actor);
      if (!r) return fail(fmt::format("{} ({})", r.error().message, r.error().field));
      fmt::print("Added user {} (id {}).\n", r->username, r->id);
    } else if (*upw) {
      auto r = a.auth().set_password(u_name, password(), cli_actor);
      if (!r) return fail(r.error().message);
      fmt::print("Password of {} changed; its sessions ended.\n", u_name);
    } else if (*ulist) {
      for (const auto& u : a.auth().list_users())
        fmt::print("{}\t{}\t{}\t{}\t{}\n", u.id, u.username, auth::role_name(u.role),
                   u.enterprise_id ? fmt::format("enterprise {}", *u.enterprise_id) : u.scope_code,
                   u.disabled ? "disabled" : "active");
    } else if (*udis) {
      auto r = a.auth().set_disabled(u_name, true, cli_actor);
      if (!r) return fail(r.error().message);
      fmt::print("Disabled {}.\n", u_name);
    }
    return 0;
  }
  if (*imp) {
    const registry::KindSpec* kind = registry::find_kind(imp_kind);
    if (!kind || !kind->parent.empty()) return fail("unknown or nested kind " + imp_kind);
    std::ifstream in(imp_file, std::ios::binary);
    if (!in) return fail("cannot read " + imp_file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (imp_charset == "gb18030") {
      auto u = registry::gb18030_to_utf8(text);
      if (!u) return fail(u.error().message);
      text = *u;
    }
    auto table = registry::parse_csv(text, registry::kMaxImportRows);
    if (!table) return fail(table.error().message);
    // The CLI acts as a district administrator (it has the database file already).
    auth::Principal system;
    system.username = "cli";
    system.role = auth::Role::kAdmin;
    system.scope_code = "330106";
    registry::ImportInput input;
    input.csv = std::move(*table);
    auto rep = a.registry().import(system, *kind, input, imp_dry, std::nullopt, cli_actor);
    if (!rep) return fail(rep.error().message);
    for (const auto& e : rep->errors) fmt::print("row {}\t{}\t{}\n", e.row, e.column, e.reason);
    fmt::print("{} rows, {} valid, {} errors, committed: {}\n", rep->rows, rep->valid,
               rep->errors.size(), rep->committed ? "yes" : "no");
    return rep->errors.empty() ? 0 : 1;
  }
  if (*bak) {
    if (a.db().dialect() == db::Dialect::kPostgres) {
      fmt::print("For PostgreSQL use pg_dump, e.g.:\n  pg_dump --format=custom --file={} '{}'\n",
                 bak_to, app::mask_db(cfg->db));
      return 0;
    }
    // SQLite online backup API: a consistent copy while the server may be writing.
    sqlite3* src = nullptr;
    sqlite3* dst = nullptr;
    if (sqlite3_open_v2(cfg->db.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
      return fail("cannot open " + cfg->db);
    if (sqlite3_open(bak_to.c_str(), &dst) != SQLITE_OK) {
      sqlite3_close(src);
      return fail("cannot create " + bak_to);
    }
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    int rc = SQLITE_OK;
    if (b) {
      do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish(b);
    }
    int err = sqlite3_errcode(dst);
    sqlite3_close(dst);
    sqlite3_close(src);
    if (rc != SQLITE_DONE || err != SQLITE_OK) return fail("backup failed");
    fmt::print("Backed up {} to {}.\n", cfg->db, bak_to);
    return 0;
  }
  return 0;
} catch (const std::exception& e) {
  fmt::print(stderr, "lakeguard: fatal: {}\n", e.what());
  return 1;
}
