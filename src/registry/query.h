#pragma once
// List queries (API-CONVENTIONS.md "Lists"): filters named like the field, `_from`/`_to` ranges,
// free text `q`, `sort=field|-field`, paging. Pure: parsing and validation only.

#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "registry/model.h"

namespace lakeguard::registry {

struct Filter {
  enum class Op { kEq, kFrom, kTo, kHas };  // kHas: a list field contains the value
  std::string column;                       // a spec field or a common column
  Op op = Op::kEq;
  boost::json::value value;  // typed like the field
  FieldType type = FieldType::kText;
};

struct ListQuery {
  std::vector<Filter> filters;
  std::string q;  // free text, matched as a substring (1-character terms too)
  std::string sort_column = "id";
  bool sort_desc = false;
  int64_t page = 1;
  int64_t page_size = 50;
};

// Parses query parameters; unknown parameters and bad values are bad_request naming the parameter.
// Parameters that are not filters (`page`, `page_size`, `sort`, `q`, `charset`, `dry_run`) are
// consumed here when `paged`; exports ignore page/page_size.
Result<ListQuery> parse_list_query(const KindSpec& kind,
                                   const std::vector<std::pair<std::string, std::string>>& params,
                                   bool paged);

}  // namespace lakeguard::registry
