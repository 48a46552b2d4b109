#pragma once
// Expected failures are values (STYLE.md §5): Result<T> holds a T or an Error. Exceptions are for
// broken invariants and I/O failures, caught once per request and once in main.

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace lakeguard {

// The one error vocabulary of the API (API-CONVENTIONS.md "Errors"). The string of each code is
// stable and part of the public contract; http/errors.cpp maps each to its HTTP status.
enum class ErrorCode {
  kBadRequest,
  kValidationFailed,
  kUnauthenticated,
  kForbidden,
  kNotFound,
  kConflict,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kRateLimited,
  kInternal,
  kExpectationFailed,  // an Expect the server cannot meet (417)
  kNotImplemented,     // e.g. a transfer coding other than chunked (501)
};

// Returns the stable wire name, e.g. "validation_failed".
std::string_view error_code_name(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // a sentence the user can act on (English here; http/messages answers zh-CN
                        // per Accept-Language)
  std::string field;    // the request field at fault, empty when none

  static Error bad_request(std::string msg, std::string field = {}) {
    return {ErrorCode::kBadRequest, std::move(msg), std::move(field)};
  }
  static Error validation(std::string field, std::string msg) {
    return {ErrorCode::kValidationFailed, std::move(msg), std::move(field)};
  }
  static Error not_found(std::string msg = "The object does not exist.") {
    return {ErrorCode::kNotFound, std::move(msg), {}};
  }
  static Error forbidden(std::string msg = "Your role may not do this.") {
    return {ErrorCode::kForbidden, std::move(msg), {}};
  }
  static Error conflict(std::string msg, std::string field = {}) {
    return {ErrorCode::kConflict, std::move(msg), std::move(field)};
  }
  static Error unauthenticated(std::string msg = "Please log in.") {
    return {ErrorCode::kUnauthenticated, std::move(msg), {}};
  }
};

// A minimal std::expected stand-in (g++ 12's C++20 mode has none).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  // REQUIRES: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // REQUIRES: !ok().
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

// Early return of an error in functions that return a Result or Status (like absl's
// ASSIGN_OR_RETURN), so a chain of fallible steps reads as a list of steps:
//   LG_TRY_ASSIGN(auto body, http::json_object_body(req));
//   LG_TRY(check(*body));
// The expression is evaluated once; on failure its Error is returned from the enclosing function.
// LG_TRY_ASSIGN expands to several statements: give it braces under an `if`.
#define LG_TRY_CONCAT_(a, b) a##b
#define LG_TRY_CONCAT(a, b) LG_TRY_CONCAT_(a, b)
#define LG_TRY_ASSIGN(lhs, expr) LG_TRY_ASSIGN_IMPL_(LG_TRY_CONCAT(lg_try_, __LINE__), lhs, expr)
#define LG_TRY_ASSIGN_IMPL_(tmp, lhs, expr)     \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()
#define LG_TRY(expr)                                                    \
  do {                                                                  \
    auto lg_try_status_ = (expr);                                       \
    if (!lg_try_status_.ok()) return std::move(lg_try_status_).error(); \
  } while (0)

}  // namespace lakeguard
