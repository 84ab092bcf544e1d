#pragma once
// A pipe for the filter tests (tests/io/stream_test.cpp, jsonl_test.cpp).
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>

namespace kempt::test {

// A pipe whose write end is fed `data` by a thread (and then closed), so that the
// reader sees it as `kempt text` sees a pipe: in pieces, as they come.
class FedPipe {
 public:
  explicit FedPipe(std::string data) {
    if (::pipe(fds_) != 0) throw std::runtime_error("pipe failed");
    writer_ = std::thread([this, data = std::move(data)] {
      for (std::size_t at = 0; at < data.size();) {
        const ssize_t n = ::write(fds_[1], data.data() + at, std::min<std::size_t>(data.size() - at, 4093));
        if (n <= 0) break;
        at += static_cast<std::size_t>(n);
      }
      ::close(fds_[1]);
    });
  }
  ~FedPipe() {
    writer_.join();
    ::close(fds_[0]);
  }
  int fd() const { return fds_[0]; }

 private:
  int fds_[2]{};
  std::thread writer_;
};

}  // namespace kempt::test
