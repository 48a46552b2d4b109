#!/usr/bin/env python3
"""Tests of scripts/check-layers: each dependency rule reports a violation, clean trees pass.

Usage: python3 tests/scripts/check_layers_test.py [-v]

Every test writes a small src/ tree into a temporary folder (a clean baseline, with one file added
or replaced) and runs the real script on it with --root.
"""

import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts",
                      "check-layers")

# A tree that follows every rule: the layers, a pure standards/ file, and a context ("reg") with a
# model, pure logic using standards/, a store, a service and an api, plus a second context ("acc").
CLEAN = {
    "core/error.h": '#pragma once\n#include <string>\n#include <boost/geometry.hpp>\n',
    "core/text.cpp": '#include "core/error.h"\n#include <vector>\n',
    "standards/cas.h": '#pragma once\n#include <optional>\n#include <string_view>\n',
    "standards/cas.cpp": ('#include "standards/cas.h"\n#include "core/error.h"\n'
                          '#include <fmt/format.h>\n#include <boost/json.hpp>\n'),
    "db/database.h": '#pragma once\n#include "core/error.h"\n#include <sqlite3.h>\n',
    "db/table_epochs.h": '#pragma once\n#include "db/database.h"\n',
    "http/request.h": '#pragma once\n#include "core/error.h"\n#include <boost/beast.hpp>\n',
    "http/api.h": '#pragma once\n#include "http/request.h"\n',
    "platform/changes.h": '#pragma once\n#include "db/database.h"\n#include "core/error.h"\n',
    "platform/module.h": '#pragma once\n#include "http/api.h"\n#include "platform/changes.h"\n',
    "platform/idempotency.h": '#pragma once\n#include "platform/module.h"\n',
    "reg/model.h": '#pragma once\n#include "core/error.h"\n#include <boost/json.hpp>\n',
    "reg/validate.cpp": ('#include "reg/model.h"\n#include "standards/cas.h"\n'
                         '#include "acc/model.h"\n#include <fmt/format.h>\n'
                         '// A comment may say "SELECT x FROM t" or c->query( without harm.\n'),
    "reg/store.h": '#pragma once\n#include "db/database.h"\n#include "reg/model.h"\n',
    "reg/store.cpp": ('#include "reg/store.h"\n#include "db/table_epochs.h"\n'
                      'void f(Connection& c) { c.query("SELECT id FROM t WHERE a = ?", {}); }\n'),
    "reg/service.h": ('#pragma once\n#include "db/database.h"\n#include "platform/changes.h"\n'
                      '#include "reg/model.h"\n#include "standards/cas.h"\n#include "acc/service.h"\n'),
    "reg/service.cpp": ('#include "reg/service.h"\n#include "reg/store.h"\n'
                        'void g(db::Database& d) { auto c = d.acquire(); db::Transaction tx(*c);\n'
                        '  store::select(*c); tx.commit(); }\n'),
    "reg/api.h": '#pragma once\n#include "platform/module.h"\n#include "reg/service.h"\n',
    "reg/api.cpp": ('#include "reg/api.h"\n#include "http/request.h"\n'
                    '#include "platform/idempotency.h"\n'),
    "acc/model.h": '#pragma once\n#include "core/error.h"\n',
    "acc/service.h": '#pragma once\n#include "acc/model.h"\n',
    "app/app.cpp": ('#include "reg/api.h"\n#include "reg/store.h"\n#include "db/database.h"\n'
                    '#include <fstream>\n'),
}


def run(files):
    """Writes CLEAN overlaid with files (None deletes one) and runs check-layers on it."""
    tree = dict(CLEAN)
    for k, v in files.items():
        if v is None:
            tree.pop(k, None)
        else:
            tree[k] = v
    with tempfile.TemporaryDirectory() as root:
        for rel, text in tree.items():
            path = os.path.join(root, "src", rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        p = subprocess.run([sys.executable, SCRIPT, "--root", root], capture_output=True,
                           text=True, check=False)
    return p.returncode, p.stdout.splitlines()


class CheckLayersTest(unittest.TestCase):
    def assert_clean(self, files=None):
        rc, out = run(files or {})
        self.assertEqual((rc, out), (0, []))

    def assert_violation(self, rel, text, reason):
        """Adding/replacing src/<rel> with text gives exactly its violation(s), naming reason."""
        rc, out = run({rel: text})
        self.assertEqual(rc, 1, f"{rel} should violate the rule: {text!r}")
        self.assertTrue(out, "violations are printed")
        for line in out:
            self.assertTrue(line.startswith(f"src/{rel}:"), f"only src/{rel} is reported: {out}")
        self.assertTrue(any(reason in line for line in out), f"{reason!r} not in {out}")

    # --- the baseline --------------------------------------------------------------------------

    def test_clean_tree_passes(self):
        self.assert_clean()

    def test_real_tree_passes(self):
        root = os.path.join(os.path.dirname(SCRIPT), "..")
        p = subprocess.run([sys.executable, SCRIPT, "--root", root], capture_output=True,
                           text=True, check=False)
        self.assertEqual(p.returncode, 0, p.stdout)

    # --- core and standards ---------------------------------------------------------------------

    def test_core_includes_only_core(self):
        self.assert_violation("core/geo.cpp", '#include "standards/cas.h"\n', "core includes only core/")
        self.assert_violation("core/geo.cpp", '#include "db/database.h"\n', "core includes only")
        self.assert_violation("core/geo.cpp", "#include <fstream>\n", "core does no I/O")
        self.assert_violation("core/geo.cpp", "#include <fmt/format.h>\n", "third-party")

    def test_standards_includes_only_core_and_standards(self):
        for inc in ("db/database.h", "http/request.h", "platform/changes.h", "reg/model.h"):
            self.assert_violation("standards/gb.cpp", f'#include "{inc}"\n',
                                  "standards/ includes only core/ and standards/")
        self.assert_clean({"standards/gb.cpp": '#include "standards/cas.h"\n#include "core/error.h"\n'})

    def test_standards_does_no_io_and_uses_no_io_libraries(self):
        for inc in ("fstream", "iostream", "filesystem"):
            self.assert_violation("standards/gb.cpp", f"#include <{inc}>\n", "standards does no I/O")
        for inc in ("sqlite3.h", "libpq-fe.h", "boost/beast.hpp", "boost/asio.hpp",
                    "spdlog/spdlog.h", "fmt/os.h", "toml++/toml.hpp", "unistd.h"):
            self.assert_violation("standards/gb.cpp", f"#include <{inc}>\n", "third-party")
        self.assert_clean({"standards/gb.cpp": ("#include <fmt/format.h>\n#include <boost/json.hpp>\n"
                                                "#include <boost/geometry.hpp>\n#include <array>\n")})

    def test_no_layer_includes_standards(self):
        for rel in ("db/open.cpp", "http/router.cpp", "platform/changes.cpp"):
            self.assert_violation(rel, '#include "standards/cas.h"\n', "includes only")

    def test_every_file_of_a_context_may_include_standards(self):
        for rel in ("reg/rules.cpp", "reg/store.cpp", "reg/service.cpp", "reg/api.cpp"):
            self.assert_clean({rel: '#include "standards/cas.h"\n'})

    # --- a context's files ----------------------------------------------------------------------

    def test_only_the_store_includes_db(self):
        self.assert_violation("reg/service.cpp", '#include "db/table_epochs.h"\n',
                              "only store.* includes db/")
        self.assert_violation("reg/api.cpp", '#include "db/database.h"\n', "only store.* includes db/")
        self.assert_violation("reg/rules.cpp", '#include "db/database.h"\n', "pure logic includes")
        self.assert_clean({"reg/store.cpp": '#include "db/table_epochs.h"\n#include "db/database.h"\n'})

    def test_a_service_may_include_the_unit_of_work_types(self):
        self.assert_clean({"reg/service.cpp": '#include "db/database.h"\n'})
        self.assert_clean({"reg/service.h": '#include "db/database.h"\n'})

    def test_only_the_api_includes_http(self):
        for rel in ("reg/service.cpp", "reg/service.h", "reg/store.cpp"):
            self.assert_violation(rel, '#include "http/request.h"\n', "only api.* includes http/")
        self.assert_violation("reg/rules.cpp", '#include "http/request.h"\n', "pure logic includes")
        self.assert_clean({"reg/api.cpp": '#include "http/api.h"\n'})

    def test_a_service_reaches_no_http_through_platform(self):
        self.assert_violation("reg/service.h", '#include "platform/module.h"\n', "which includes http/")
        self.assert_violation("reg/service.cpp", '#include "platform/idempotency.h"\n',
                              "which includes http/")
        self.assert_clean({"reg/service.h": '#include "platform/changes.h"\n'})
        self.assert_clean({"reg/api.h": '#include "platform/idempotency.h"\n'})

    def test_a_service_calls_no_query(self):
        for call in ("c->query(\"x\")", "c.exec(sql)", "conn->query_each(s, {}, f)",
                     "c.exec_script(s)"):
            self.assert_violation("reg/service.cpp", f"void h() {{ {call}; }}\n",
                                  "calls the database")
        self.assert_violation("reg/rules.cpp", "void h() { c->query(s); }\n", "calls the database")
        self.assert_clean({"reg/service.cpp": "void h() { store::add_query(k, q, w); }\n"})

    def test_sql_text_only_in_the_store(self):
        for sql in ('"SELECT id FROM t"', '"INSERT INTO t VALUES (?)"', '"UPDATE t SET a = ?"',
                    '"DELETE FROM t"', '" CREATE TABLE t (a INT)"'):
            for rel in ("reg/service.cpp", "reg/api.cpp", "reg/rules.cpp"):
                self.assert_violation(rel, f"auto s = {sql};\n", "holds SQL text")
            self.assert_clean({"reg/store.cpp": f"auto s = {sql};\n"})
        self.assert_clean({"reg/service.cpp": 'auto s = "Select a town";\n'})

    def test_pure_files(self):
        self.assert_violation("reg/rules.cpp", '#include "reg/service.h"\n', "is not pure")
        self.assert_violation("reg/rules.cpp", '#include "acc/service.h"\n', "only model.h")
        self.assert_violation("reg/rules.cpp", '#include "platform/changes.h"\n', "pure logic includes")
        for inc in ("sqlite3.h", "boost/beast.hpp", "spdlog/spdlog.h", "fstream", "fmt/os.h"):
            self.assert_violation("reg/rules.cpp", f"#include <{inc}>\n", "no I/O")

    def test_contexts_and_their_libraries(self):
        self.assert_violation("reg/service.cpp", '#include "acc/store.h"\n', "never another context")
        self.assert_violation("reg/service.cpp", '#include "acc/api.h"\n', "never another context")
        self.assert_violation("reg/store.cpp", "#include <sqlite3.h>\n", "only through db/")
        self.assert_violation("reg/api.cpp", "#include <boost/beast.hpp>\n", "only through http/")

    def test_the_mqtt_adapter(self):
        # mqtt.* is a broker adapter: it alone includes the MQTT client, and uses the service.
        self.assert_clean({"reg/mqtt.cpp": ('#include "reg/service.h"\n#include <MQTTAsync.h>\n'
                                            '#include <spdlog/spdlog.h>\n')})
        self.assert_violation("reg/mqtt.cpp", '#include "http/request.h"\n', "only api.* includes")
        self.assert_violation("reg/mqtt.cpp", '#include "db/database.h"\n', "only store.*")
        self.assert_violation("reg/mqtt.cpp", 'auto s = "SELECT id FROM t";\n', "holds SQL text")
        for rel in ("reg/service.cpp", "reg/api.cpp", "reg/store.cpp"):
            self.assert_violation(rel, "#include <MQTTAsync.h>\n", "only mqtt.*")
        self.assert_violation("reg/rules.cpp", "#include <MQTTAsync.h>\n", "no I/O")

    def test_a_channels_adapter_may_use_beast_as_a_client_but_no_db_or_http_layer(self):
        self.assert_clean({"reg/channels.cpp": ("#include <boost/beast/http.hpp>\n"
                                                "#include <boost/asio.hpp>\n"
                                                "#include <spdlog/spdlog.h>\n")})
        self.assert_violation("reg/channels.cpp", '#include "db/database.h"\n', "only store.*")
        self.assert_violation("reg/channels.cpp", '#include "http/request.h"\n', "only api.*")
        self.assert_violation("reg/channels.cpp", "#include <sqlite3.h>\n", "only through db/")
        self.assert_violation("reg/channels.cpp", 'auto s = "SELECT a FROM b";\n', "SQL text")
        # Any other pure-named file still may not.
        self.assert_violation("reg/rules.cpp", "#include <boost/beast/http.hpp>\n", "no I/O")

    def test_layers(self):
        self.assert_violation("db/open.cpp", '#include "http/request.h"\n', "db/ includes only")
        self.assert_violation("http/router.cpp", '#include "db/database.h"\n', "http/ includes only")
        self.assert_violation("http/router.cpp", "#include <sqlite3.h>\n", "not SQL")
        self.assert_violation("db/open.cpp", "#include <boost/beast.hpp>\n", "not HTTP")
        self.assert_violation("platform/changes.cpp", '#include "reg/model.h"\n',
                              "platform/ includes only")
        self.assert_violation("reg/api.cpp", '#include "app/app.h"\n', "nothing outside app/")
        self.assert_violation("reg/api.cpp", '#include "reg/store.cpp"\n', "source file")

    def test_block_comments_are_skipped(self):
        self.assert_clean({"reg/service.cpp": ('/*\n#include "http/request.h"\nc->query("SELECT a"'
                                               ')\n*/\n')})


if __name__ == "__main__":
    unittest.main()
