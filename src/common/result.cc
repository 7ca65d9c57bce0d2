#include "common/result.h"

namespace sardesk {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kFailedPrecondition: return "not_allowed";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kTooLarge: return "invalid_argument";  // HTTP 413 says the rest
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kThrottled: return "too_many_requests";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(ErrorCodeName(code_)) + ": " + message_;
}

}  // namespace sardesk
