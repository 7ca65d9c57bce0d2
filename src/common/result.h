// Errors as values: Status for operations without a result, Result<T> otherwise.
// Every message is written for the person who must act on it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sardesk {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,     // the input is wrong: fix it and try again
  kNotFound,            // no such case, document, user...
  kConflict,            // clashes with the current state (e.g. stale version)
  kFailedPrecondition,  // not allowed now: an illegal workflow move
  kPermissionDenied,    // this person may not do this
  kInternal,            // our fault: storage failed, invariant broken
  kTooLarge,            // the input is over a size limit
  kUnauthenticated,     // not signed in, or the name or password is wrong
  kThrottled,           // too many attempts: wait and try again
};

const char* ErrorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Status Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
  static Status Refused(std::string m) { return {ErrorCode::kFailedPrecondition, std::move(m)}; }
  static Status Denied(std::string m) { return {ErrorCode::kPermissionDenied, std::move(m)}; }
  static Status Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
  static Status TooLarge(std::string m) { return {ErrorCode::kTooLarge, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {ErrorCode::kUnauthenticated, std::move(m)}; }
  static Status Throttled(std::string m) { return {ErrorCode::kThrottled, std::move(m)}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: must not be Ok

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sardesk

#define SARDESK_CONCAT_INNER(a, b) a##b
#define SARDESK_CONCAT(a, b) SARDESK_CONCAT_INNER(a, b)

// Propagates a failed Status from an expression returning Status.
#define SARDESK_RETURN_IF_ERROR(expr) SARDESK_RETURN_IF_ERROR_IMPL(SARDESK_CONCAT(_st_, __LINE__), expr)
#define SARDESK_RETURN_IF_ERROR_IMPL(st, expr) \
  do {                                         \
    ::sardesk::Status st = (expr);             \
    if (!st.ok()) return st;                   \
  } while (0)
// Assigns the value of a Result expression to lhs, or returns its Status.
#define SARDESK_ASSIGN_OR_RETURN(lhs, expr) \
  SARDESK_ASSIGN_OR_RETURN_IMPL(SARDESK_CONCAT(_res_, __LINE__), lhs, expr)
#define SARDESK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
