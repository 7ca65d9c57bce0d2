// Strict reading of untrusted JSON objects into plain values: every field is
// type-checked, size-limited and named in the error by its path; unknown
// fields are refused. The first error wins and later reads become no-ops.
#pragma once

#include <nlohmann/json.hpp>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "case/enums.h"
#include "common/date.h"
#include "common/result.h"

namespace sardesk::casework {

inline constexpr size_t kMaxName = 200;
inline constexpr size_t kMaxText = 20000;
inline constexpr size_t kMaxListItems = 200;

class JsonReader {
 public:
  // `object` and *status must outlive the reader (it keeps references to
  // both); *status receives the first error.
  JsonReader(const nlohmann::json& object, std::string path, Status* status);

  bool ok() const { return status_->ok(); }
  void Fail(const std::string& key, const std::string& message);

  void Str(const char* key, std::string* out, size_t max = kMaxName, bool required = false);
  void Text(const char* key, std::string* out, bool required = false) { Str(key, out, kMaxText, required); }
  void Day(const char* key, Date* out, bool required = false);
  void OptDay(const char* key, std::optional<Date>* out);
  void Bool(const char* key, bool* out);
  void OptBool(const char* key, std::optional<bool>* out);
  void Int(const char* key, std::int64_t* out, std::int64_t min, std::int64_t max, bool required = false);
  void StrList(const char* key, std::vector<std::string>* out, size_t max_len = kMaxName);

  template <typename E>
  void Enum(const char* key, E* out, bool required = false) {
    const nlohmann::json* v = Get(key, required);
    if (!v) return;
    if (!v->is_string()) return Fail(key, "must be a string");
    auto parsed = EnumInfo<E>::Parse(v->get_ref<const std::string&>());
    if (!parsed.ok()) return Fail(key, parsed.status().message());
    *out = *parsed;
  }

  template <typename E>
  void EnumList(const char* key, std::vector<E>* out) {
    const nlohmann::json* v = Get(key, false);
    if (!v) return;
    if (!v->is_array() || v->size() > kMaxListItems) return Fail(key, "must be a list of at most 200 values");
    out->clear();
    for (const auto& item : *v) {
      if (!item.is_string()) return Fail(key, "must contain only strings");
      auto parsed = EnumInfo<E>::Parse(item.get_ref<const std::string&>());
      if (!parsed.ok()) return Fail(key, parsed.status().message());
      out->push_back(*parsed);
    }
  }

  // Reads a list of objects, each with `read_item(reader, item)`.
  template <typename T>
  void ObjectList(const char* key, std::vector<T>* out,
                  const std::function<void(JsonReader&, T&)>& read_item) {
    const nlohmann::json* v = Get(key, false);
    if (!v) return;
    if (!v->is_array() || v->size() > kMaxListItems) return Fail(key, "must be a list of at most 200 items");
    out->clear();
    for (size_t i = 0; i < v->size() && ok(); ++i) {
      const auto& item = (*v)[i];
      std::string item_path = Path(key) + "[" + std::to_string(i) + "]";
      if (!item.is_object()) return Fail(key, "items must be objects");
      T value{};
      JsonReader child(item, item_path, status_);
      read_item(child, value);
      child.Finish();
      out->push_back(std::move(value));
    }
  }

  // Reads a nested object (absent leaves *out alone).
  template <typename T>
  void Object(const char* key, T* out, const std::function<void(JsonReader&, T&)>& read, bool required = false) {
    const nlohmann::json* v = Get(key, required);
    if (!v) return;
    if (!v->is_object()) return Fail(key, "must be an object");
    JsonReader child(*v, Path(key), status_);
    read(child, *out);
    child.Finish();
  }
  template <typename T>
  void OptObject(const char* key, std::optional<T>* out, const std::function<void(JsonReader&, T&)>& read) {
    const nlohmann::json* v = Get(key, false);
    if (!v) return;
    if (v->is_null()) { out->reset(); return; }
    T value{};
    Object<T>(key, &value, read);
    *out = std::move(value);
  }

  // Accepts keys that are read elsewhere or deliberately ignored.
  void Allow(const char* key) { seen_.insert(key); }
  // Refuses any key that was not read.
  void Finish();

 private:
  const nlohmann::json* Get(const char* key, bool required);
  std::string Path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  const nlohmann::json& object_;
  std::string path_;
  Status* status_;
  std::set<std::string> seen_;
};

// Reads a whole object with `read`, refusing fields it did not read.
Status ReadObject(const nlohmann::json& object, const std::function<void(JsonReader&)>& read);

// Parses text into JSON with a clear message on malformed input.
Result<nlohmann::json> ParseJsonText(std::string_view text, size_t max_bytes = 1 << 20);

}  // namespace sardesk::casework
