// A tiny HTTP listener on 127.0.0.1 for the webhook tests (alarms' WebhookChannel, incidents'
// 一键通 webhook): answers the first `failures` requests 500, then 200, and keeps the bodies it
// was sent.
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lakeguard::testing {

class Listener {
  using tcp = boost::asio::ip::tcp;

 public:
  explicit Listener(int failures)
      : acceptor_(ioc_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
        failures_(failures) {
    thread_ = std::thread([this] { serve(); });
  }
  ~Listener() {
    stop_ = true;
    boost::beast::error_code ec;
    // Wake the blocking accept with one connection of our own.
    tcp::socket s(ioc_);
    s.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }
  int requests() const { return requests_.load(); }

 private:
  void serve() {
    while (!stop_) {
      tcp::socket sock(ioc_);
      boost::beast::error_code ec;
      acceptor_.accept(sock, ec);
      if (ec || stop_) continue;
      boost::beast::flat_buffer buf;
      boost::beast::http::request<boost::beast::http::string_body> req;
      boost::beast::http::read(sock, buf, req, ec);
      if (ec) continue;
      int n = ++requests_;
      bool fail = n <= failures_;
      if (!fail) {
        std::lock_guard lock(mu_);
        bodies_.push_back(req.body());
      }
      boost::beast::http::response<boost::beast::http::string_body> res{
          fail ? boost::beast::http::status::internal_server_error : boost::beast::http::status::ok,
          11};
      res.body() = fail ? "no" : "ok";
      res.prepare_payload();
      boost::beast::http::write(sock, res, ec);
      sock.shutdown(tcp::socket::shutdown_both, ec);
    }
  }
  boost::asio::io_context ioc_;
  tcp::acceptor acceptor_;
  int failures_;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::mutex mu_;
  std::vector<std::string> bodies_;
  std::thread thread_;
};

}  // namespace lakeguard::testing
