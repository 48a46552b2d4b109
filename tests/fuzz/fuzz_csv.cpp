// libFuzzer target: CSV import decoding (registry/csv.h) and cell parsing (registry/validate.h).
//
// Input: byte 0 selects the kind (bits 0–3), the declared charset (bit 4: GB18030) and the row
// bound (bits 5–7: 1, 2, 4 … 128 rows); the rest is the uploaded file.
//
// The pipeline mirrors POST /api/v1/<kind>/import: optional GB18030 → UTF-8, parse_csv, header →
// fields, parse_cell for typed columns, validate_object, complete_object.
//
// Properties beyond "no crash, no leak, no UB, no escaping exception":
//   * parse_csv never returns more than max_rows + 1 rows (header included);
//   * csv_line is parse_csv's inverse up to the formula guard: re-serialising a parsed table,
//     parsing it again and taking the guard off (csv_unguard, as the import does) gives the same
//     table; csv_unguard(csv_guard(cell)) == cell for every cell;
//   * a typed value written by cell_text parses back to the same value (numbers in plain
//     decimal, lists, booleans, GeoJSON).

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "registry/csv.h"
#include "registry/validate.h"

using namespace lakeguard;

namespace {

// True when a leading BOM would be stripped on re-parse.
bool roundtrip_exempt(const registry::CsvTable& t) {
  return !t.empty() && !t[0].empty() && t[0][0].starts_with(registry::kUtf8Bom);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [sel, payload] = fuzz::split(data, size);
  const registry::KindSpec& kind = fuzz::kind_for(sel & 0x0F);
  const bool gb18030 = (sel & 0x10) != 0;
  const size_t max_rows = size_t{1} << (sel >> 5);

  std::string text(payload);
  if (gb18030) {
    auto u = registry::gb18030_to_utf8(text);
    if (!u) {
      fuzz::trace("gb18030_to_utf8", &u.error());
      return 0;
    }
    text = std::move(*u);
  }
  auto table = registry::parse_csv(text, max_rows);
  if (!table) {
    fuzz::trace("parse_csv", &table.error());
    return 0;
  }
  LG_FUZZ_CHECK(table->size() <= max_rows + 1, "parse_csv exceeded max_rows");

  for (const auto& row : *table)
    for (const auto& c : row)
      LG_FUZZ_CHECK(registry::csv_unguard(registry::csv_guard(c)) == c,
                    "csv_unguard does not undo csv_guard");
  if (!roundtrip_exempt(*table)) {
    std::string out;
    for (const auto& row : *table) out += registry::csv_line(row);
    auto back = registry::parse_csv(out, max_rows);
    LG_FUZZ_CHECK(back.ok(), "parse_csv rejects csv_line output");
    for (auto& row : *back)
      for (auto& c : row) c = registry::csv_unguard(c);
    LG_FUZZ_CHECK(*back == *table, "csv_line/parse_csv/csv_unguard round trip changed the table");
  }

  if (table->empty()) return 0;
  // Header → fields, as the import does (trailing spaces trimmed, unknown columns ignored here).
  const auto& header = (*table)[0];
  std::vector<const registry::FieldSpec*> cols;
  for (const auto& h : header) {
    std::string name = h;
    while (!name.empty() && name.back() == ' ') name.pop_back();
    cols.push_back(kind.field(name));
  }
  const auto& idx = fuzz::test_index();
  for (size_t i = 1; i < table->size(); ++i) {
    const auto& row = (*table)[i];
    registry::Object typed;
    bool cell_error = false;
    for (size_t k = 0; k < row.size() && k < cols.size(); ++k) {
      if (!cols[k]) {
        // The import keeps a `crs` column of a located kind; other unknown columns are errors
        // there. Here their cells still exercise parse_cell, with a field picked by position.
        if (kind.located && header[k] == "crs" && !row[k].empty()) typed["crs"] = row[k];
        const auto& f = kind.fields[k % kind.fields.size()];
        if (auto v = registry::parse_cell(f, row[k]); v && !v->is_null())
          (void)registry::parse_cell(f, registry::cell_text(f, *v));
        continue;
      }
      const registry::FieldSpec& f = *cols[k];
      std::string cell = registry::csv_unguard(row[k]);  // as the import does
      if (f.type == registry::FieldType::kText || f.type == registry::FieldType::kDate) {
        if (!cell.empty()) typed[f.name] = cell;  // text cells go to validation as they are
        continue;
      }
      auto v = registry::parse_cell(f, cell);
      if (!v) {
        fuzz::trace("parse_cell", &v.error());
        cell_error = true;
        break;
      }
      if (v->is_null()) continue;
      // Export and re-parse of the typed value: the same value again.
      auto again = registry::parse_cell(f, registry::cell_text(f, *v));
      LG_FUZZ_CHECK(again.ok(), "parse_cell rejects cell_text output");
      // (Lists drop empty items on parse; a GeoJSON cell may hold numbers past double range.)
      if (f.type == registry::FieldType::kInt || f.type == registry::FieldType::kReal ||
          f.type == registry::FieldType::kBool)
        LG_FUZZ_CHECK(*again == *v, "cell_text/parse_cell changed a value");
      typed[f.name] = std::move(*v);
    }
    if (cell_error) continue;
    auto obj = registry::validate_object(kind, typed, {}, idx);
    if (!obj) {
      fuzz::trace("validate_object", &obj.error());
      continue;
    }
    auto st = registry::complete_object(kind, *obj, idx);
    fuzz::trace(st ? "row ok" : "complete_object", st ? nullptr : &st.error());
  }
  return 0;
}
