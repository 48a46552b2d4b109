#pragma once
// Method + path-pattern routing. Patterns are literal segments or `{name}` captures, e.g.
// "/api/v1/enterprises/{id}/chemicals". Routes are registered once at start-up; lookups are
// read-only and thread-safe afterwards.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/request.h"

namespace lakeguard::http {

using Handler = std::function<Response(Request&)>;
// A handler that may answer on the I/O thread without blocking — from memory only, e.g. a read
// cache — or return nullopt to hand the request to the worker pool's Handler.
using FastHandler = std::function<std::optional<Response>(Request&)>;
// What the headers alone decide before the body is read (the server asks it for requests that
// send `Expect: 100-continue`, to refuse at once instead of after the upload): the error the
// handler would answer, or nullopt to go on. Runs on the I/O thread: memory only, no store.
using HeaderCheck = std::function<std::optional<Error>(const Request&)>;

// What OpenAPI needs to know about a route, given at registration.
struct RouteDoc {
  std::string summary;
  std::string tag;
  std::string request_schema;   // name of a component schema, "" when none
  std::string response_schema;  // name of a component schema, "" for no JSON body
  bool list = false;            // response is a paged list of response_schema
  bool authenticated = true;
  std::vector<std::string> query_params;  // documented query parameters
  std::string response_type = "application/json";
  int success_status = 200;
  // POSTs take Idempotency-Key (set by http::Api: false for logging in and out and for creating
  // API tokens, whose plaintext must never be stored for a replay).
  bool idempotent = true;
};

struct Route {
  Method method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteDoc doc;
  FastHandler fast;         // may be empty
  HeaderCheck before_body;  // may be empty
};

class Router {
 public:
  void add(Method m, std::string pattern, Handler h, RouteDoc doc = {}, FastHandler fast = nullptr,
           HeaderCheck before_body = nullptr);
  // Finds the handler for req, filling req.path_params. Returns nullptr and sets *path_matched
  // when the path exists under another method (405).
  const Route* match(Request& req, bool* path_matched) const;
  const std::vector<Route>& routes() const { return routes_; }
  // Replaces every route's handler with wrap(route, handler); at start-up, before serving.
  void wrap(const std::function<Handler(const Route&, Handler)>& wrap) {
    for (auto& r : routes_) r.handler = wrap(r, std::move(r.handler));
  }

 private:
  std::vector<Route> routes_;
};

}  // namespace lakeguard::http
