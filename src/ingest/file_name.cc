#include "ingest/file_name.h"

#include <cstdint>

namespace sardesk::ingest {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when malformed.
size_t SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  std::uint32_t cp = n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

}  // namespace

std::string SafeFileName(std::string_view raw, bool keep_folders, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < raw.size();) {
    size_t n = SequenceLength(raw, i);
    std::string piece;
    if (n == 0) {
      piece = "\xEF\xBF\xBD";
      n = 1;
    } else if (n == 1) {
      char c = raw[i];
      bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
      bool separator = !keep_folders && (c == '/' || c == '\\');
      piece = control || separator ? "_" : std::string(1, c);
    } else {
      piece = std::string(raw.substr(i, n));
    }
    if (out.size() + piece.size() > max_bytes) break;
    out += piece;
    i += n;
  }
  size_t first = out.find_first_not_of(' ');
  out = first == std::string::npos ? std::string() : out.substr(first);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? "unnamed" : out;
}

}  // namespace sardesk::ingest
