#pragma once
// The route adapter every context registers its routes through (docs/contexts.md): it
// authenticates the caller once, runs the handler, and renders an Error as the error contract —
// so a handler is a list of steps returning Result<Response>, with no error plumbing of its own.
// Every route's query parameters are text checked once here: one holding a control character, a
// bidirectional formatting character or invalid UTF-8 (core/text.h find_forbidden_char) is
// answered 422 validation_failed naming the parameter, before the handler runs.
// It also applies the two cross-cutting policies of API writes and reads:
//   - Idempotency-Key on POSTs (API-CONVENTIONS.md "Writes that must not happen twice"), with
//     storage behind IdempotencyStore;
//   - the read cache: GET routes declare the store tables their answer depends on, and a cached
//     answer is used while none of those tables changed (per-table change epochs), per caller
//     role and scope.
// Knows HTTP and the Principal vocabulary of core/, nothing of any context.

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/principal.h"
#include "http/response_cache.h"
#include "http/router.h"

namespace lakeguard::http {

// What a handler answers: the response, or the error to render.
using Reply = Result<Response>;
using CallerHandler = std::function<Reply(const Principal&, Request&)>;
using PublicHandler = std::function<Reply(Request&)>;

// What a request does, as far as its credentials are concerned: a kWrite needs a token that is
// not read-only, and from the console's session cookie the CSRF header.
enum class Access { kRead, kWrite };
// kRead for GET, HEAD and OPTIONS, kWrite for every other method. Routes registered with
// Api::compute are kRead whatever their method: they change nothing.
Access access_of(Method m);

// Who is calling (implemented by the auth context, wired by app). Thread-safe.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The principal of a request (session cookie or bearer token): 401 without or with a bad one;
  // for a kWrite, 403 from the console without the CSRF header or with a read-only token.
  virtual Result<Principal> authenticate(const Request& req, Access access) = 0;
  // The same from memory only, for answering on the I/O thread: nullopt whenever the store would
  // have to be asked (then authenticate() runs on the worker pool).
  virtual std::optional<Principal> authenticate_cached(const Request& req, Access access) = 0;
  // The error authenticate() answers whatever the store holds (no credential, or a malformed
  // one), from the headers alone; nullopt when only the store can tell. Memory only (I/O thread:
  // a request with `Expect: 100-continue` is refused with it before its body is sent).
  virtual std::optional<Error> refuse_from_headers(const Request& req) {
    (void)req;
    return std::nullopt;
  }
};

// Thrown (by an IdempotencyStore, from inside the handler's first commit) when another request
// already holds the Idempotency-Key: the handler's transaction rolls back, and the adapter answers
// with the first request's result instead.
class IdempotencyKeyHeld : public std::runtime_error {
 public:
  IdempotencyKeyHeld() : std::runtime_error("idempotency key held by another request") {}
};

// Storage of Idempotency-Keys (per user, kept 24 h). Thread-safe.
class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  struct Key {
    int64_t user_id = 0;
    std::string key;
    std::string request_hash;  // request_fingerprint: a repeat must be the same request
    std::string request_id;
  };
  // Before the handler runs: the stored answer of an earlier request with this key (to replay),
  // 422 when the key was used for another request, 409 while the first is still running; nullopt
  // when the key is new or expired.
  virtual Result<std::optional<Response>> answer(const Key& k) = 0;
  // Runs `handler` so that the key is claimed in the transaction of the first write it commits
  // (claim and write commit or roll back together: a request that wrote nothing claims nothing).
  // Throws IdempotencyKeyHeld out of that commit when another request holds the key.
  virtual Response run_claiming(const Key& k, const std::function<Response()>& handler) = 0;
  // After it ran: stores res if this request claimed the key. Returns the answer to use instead
  // of res when another request holds the claim (a concurrent repeat that failed here).
  virtual Result<std::optional<Response>> finish(const Key& k, const Response& res) = 0;
};

// SHA-256 (hex) of the method, path, query and body: what makes a repeat "the same request".
std::string request_fingerprint(const Request& req);

// The change epoch of a set of store tables (the sum of their per-table epochs), or nullopt when
// the store cannot tell (then nothing is cached). Must be cheap (I/O thread).
using EpochSource = std::function<std::optional<int64_t>(std::span<const std::string>)>;

struct ApiOptions {
  size_t cache_bytes = 32 * 1024 * 1024;  // 0: no read cache (cached_get routes are plain GETs)
};

class Api {
 public:
  // REQUIRES: router and epochs outlive the Api; the authenticator is set before serving.
  Api(Router& router, EpochSource epochs, ApiOptions opts = {});
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  void set_authenticator(Authenticator* a) { auth_ = a; }
  void set_idempotency(IdempotencyStore* s) { idem_ = s; }

  // A route for authenticated callers. POSTs under /api/v1/ take Idempotency-Key unless
  // doc.idempotent is false.
  void route(Method m, std::string pattern, CallerHandler h, RouteDoc doc);
  // An authenticated GET whose 200 answers are cached per caller (role, scope) and request while
  // none of `tables` changed; answered on the I/O thread when both the caller and the answer are
  // in memory. The handler must depend on nothing else (no clock, no other tables).
  void cached_get(std::string pattern, std::vector<std::string> tables, CallerHandler h,
                  RouteDoc doc);
  // An authenticated route whose answer is computed from the request alone (the stateless
  // calculations): it reads no store and writes nothing, so it is Access::kRead whatever the
  // method (a read-only API token may call it; no CSRF header is needed) and takes no
  // Idempotency-Key (a repeat computes the same answer). When the caller is known from memory
  // and the body is at most kComputeInlineBody bytes, it runs on the I/O thread, without the hop
  // to the worker pool. The handler must be pure: bounded CPU, no store, clock or blocking.
  void compute(Method m, std::string pattern, CallerHandler h, RouteDoc doc);
  static constexpr size_t kComputeInlineBody = 64 * 1024;
  // A route without authentication (login, health, public pages).
  void open(Method m, std::string pattern, PublicHandler h, RouteDoc doc);

  Router& router() { return router_; }
  uint64_t cache_hits() const { return cache_->hits(); }
  uint64_t cache_misses() const { return cache_->misses(); }

 private:
  Response with_idempotency(const Principal& p, Request& req, const CallerHandler& h);

  Router& router_;
  EpochSource epochs_;
  size_t cache_bytes_;
  std::shared_ptr<ResponseCache> cache_;
  Authenticator* auth_ = nullptr;
  IdempotencyStore* idem_ = nullptr;
};

// Replies.
Response json_reply(int status, const boost::json::value& v);
// An object with a `version` field gets it as its ETag too (API-CONVENTIONS.md: If-Match).
Response object_reply(int status, const boost::json::object& o);
// 201 with the object and `Location: <collection_path>/<id>`.
Response created_reply(std::string_view collection_path, const boost::json::object& o);
// {"items": [...], "total", "page", "page_size"} (API-CONVENTIONS.md "Lists").
Response list_reply(boost::json::array items, int64_t total, int64_t page, int64_t page_size);

// Request helpers for handlers.
// The decimal id path parameter `name` (not_found when it is not one: ids are opaque).
Result<int64_t> path_id(const Request& req, std::string_view name = "id");
// Refuses query parameters not in `allowed` (bad_request naming the first unknown one).
Status only_query_params(const Request& req, std::initializer_list<std::string_view> allowed);
// The version in `If-Match: "<version>"`, nullopt when absent; bad_request when malformed.
Result<std::optional<int64_t>> if_match_version(const Request& req);

}  // namespace lakeguard::http
