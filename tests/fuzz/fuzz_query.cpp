// libFuzzer target: query strings → http::parse_query → registry::parse_list_query.
//
// Input: byte 0 selects the kind (bits 0–3) and whether the list is paged (bit 4); the rest is
// the raw query string (after '?').
//
// Properties beyond "no crash, no leak, no UB, no escaping exception":
//   * a parsed list query is within the documented bounds (page ≥ 1, page_size 1…500, q ≤ 200
//     bytes, a sortable column);
//   * (LG_FUZZ_STRICT) filter values are valid for their field: numbers finite, dates YYYY-MM-DD.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_common.h"
#include "http/json_body.h"
#include "http/request.h"
#include "http/server.h"
#include "registry/query.h"

using namespace lakeguard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto [sel, q] = fuzz::split(data, size);
  const registry::KindSpec& kind = fuzz::kind_for(sel & 0x0F);
  const bool paged = (sel & 0x10) != 0;

  (void)http::parse_id(q);

  std::vector<std::pair<std::string, std::string>> params;
  if (!http::parse_query(q, &params)) {
    fuzz::trace("parse_query failed");
    return 0;
  }

  http::Request req;
  req.query = params;
  (void)req.query_param("page");
  if (auto paging = http::parse_paging(req)) {
    LG_FUZZ_CHECK(
        paging->page >= 1 && paging->page_size >= 1 && paging->page_size <= http::kMaxPageSize,
        "parse_paging out of bounds");
  }

  auto lq = registry::parse_list_query(kind, params, paged);
  if (!lq) {
    fuzz::trace("parse_list_query", &lq.error());
    return 0;
  }
  fuzz::trace("parse_list_query ok");
  LG_FUZZ_CHECK(lq->page >= 1 && lq->page <= 1000000, "page out of bounds");
  LG_FUZZ_CHECK(lq->page_size >= 1 && lq->page_size <= http::kMaxPageSize,
                "page_size out of bounds");
  LG_FUZZ_CHECK(lq->q.size() <= 200, "q longer than 200 bytes");
  const auto* sf = kind.field(lq->sort_column);
  LG_FUZZ_CHECK((sf && sf->sort) || lq->sort_column == "id" || lq->sort_column == "created_at" ||
                    lq->sort_column == "updated_at",
                "sort column not sortable");
  if (fuzz::strict()) {
    for (const auto& f : lq->filters) {
      if (f.value.is_double())
        LG_FUZZ_CHECK(std::isfinite(f.value.as_double()), "non-finite numeric filter value");
      if (f.type == registry::FieldType::kDate && f.value.is_string()) {
        std::string_view d = f.value.as_string();
        bool shape = d.size() == 10 && d[4] == '-' && d[7] == '-';
        for (size_t i = 0; shape && i < d.size(); ++i)
          shape = (i == 4 || i == 7) || (d[i] >= '0' && d[i] <= '9');
        LG_FUZZ_CHECK(shape, "date filter value is not YYYY-MM-DD");
      }
    }
  }
  return 0;
}
