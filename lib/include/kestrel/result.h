// Kestrel's one error strategy: every fallible public function returns Status or Result<T>.
// Xapian, ICU and parser exceptions are caught inside lib and turned into an Error whose message
// names the object and the reason ("corpus/a.md:3: front matter: 'published' is not a date").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kestrel {

// Programs map these to exit statuses and HTTP statuses, each in one place.
enum class ErrorCode {
  kInvalidArgument,  // the caller's input is malformed: a query, a facet name, an option
  kNotFound,         // a path, an index or an article does not exist
  kParse,            // an article, taxonomy or collection line cannot be parsed
  kIndexVersion,     // the index was written with another schema or analyzer version
  kLocked,           // another writer holds the index
  kIo,               // reading or writing failed: permissions, a full disk
  kCorrupt,          // the index is damaged or half-written
  kInternal,         // a bug: an exception lib did not expect
};

// Stable lower-case name of a code ("invalid_argument"), used in logs and JSON errors.
const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;
};

// Holds either a T or an Error. Accessing value() of an error result is a programming error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// The result of an operation that returns nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace kestrel
