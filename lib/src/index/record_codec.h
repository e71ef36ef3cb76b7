// The byte encoding of the records the index stores beside an article's terms (stored_article,
// stored_body): LEB128 varints and length-prefixed byte strings. A Reader never reads past its
// data: every read says whether it succeeded, so a damaged record is reported, not trusted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kestrel::record {

inline void put_number(uint64_t n, std::string& out) {
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}

inline void put_bytes(std::string_view bytes, std::string& out) {
  put_number(bytes.size(), out);
  out += bytes;
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool number(uint32_t& n) {
    uint64_t value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (at_ >= data_.size()) return false;
      auto byte = static_cast<unsigned char>(data_[at_++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) {
        if (value > UINT32_MAX) return false;
        n = static_cast<uint32_t>(value);
        return true;
      }
    }
    return false;
  }
  // `size` bytes, as a view into the data.
  bool bytes(uint32_t size, std::string_view& out) {
    if (size > data_.size() - at_) return false;
    out = data_.substr(at_, size);
    at_ += size;
    return true;
  }
  // A length-prefixed byte string.
  bool bytes(std::string_view& out) {
    uint32_t size = 0;
    return number(size) && bytes(size, out);
  }
  bool byte(char& c) {
    if (at_ >= data_.size()) return false;
    c = data_[at_++];
    return true;
  }
  bool at_end() const { return at_ == data_.size(); }

 private:
  std::string_view data_;
  size_t at_ = 0;
};

}  // namespace kestrel::record
