#pragma once
// A small blocking HTTP/1.1 client for the integration tests (Beast lives only in client.cpp).

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lakeguard::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool closed = false;  // the server closed the connection after this response

 private:
  mutable std::optional<boost::json::value> parsed_;

 public:
  // The body parsed as JSON (parsed once; the reference lives as long as this response).
  const boost::json::value& json() const;
  std::string error_code() const;   // error.code of an error body, or ""
  std::string error_field() const;  // error.field, or ""
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port) : host_(std::move(host)), port_(port) {}
  // One request on a fresh connection. Headers are added as given.
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {}) const;
  // Raw bytes on a fresh connection; returns everything the server sent until it closed or
  // `timeout_ms` passed.
  std::string raw(const std::string& bytes, int timeout_ms = 2000) const;

 private:
  std::string host_;
  uint16_t port_;
};

// Percent-encodes a query value.
std::string url_encode(const std::string& s);

}  // namespace lakeguard::testing
