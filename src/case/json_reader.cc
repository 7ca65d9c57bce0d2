#include "case/json_reader.h"

namespace sardesk::casework {

using nlohmann::json;

JsonReader::JsonReader(const json& object, std::string path, Status* status)
    : object_(object), path_(std::move(path)), status_(status) {
  if (status_->ok() && !object_.is_object())
    *status_ = Status::Invalid((path_.empty() ? std::string("the body") : path_) + " must be a JSON object");
}

void JsonReader::Fail(const std::string& key, const std::string& message) {
  if (status_->ok()) *status_ = Status::Invalid(Path(key) + ": " + message);
}

const json* JsonReader::Get(const char* key, bool required) {
  seen_.insert(key);
  if (!ok() || !object_.is_object()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end() || (it->is_null() && !required)) {
    if (required) Fail(key, "is required");
    return nullptr;
  }
  return &*it;
}

void JsonReader::Str(const char* key, std::string* out, size_t max, bool required) {
  const json* v = Get(key, required);
  if (!v) return;
  if (!v->is_string()) return Fail(key, "must be a string");
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max) return Fail(key, "is too long (at most " + std::to_string(max) + " characters)");
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) return Fail(key, "must not be empty");
  *out = s;
}

void JsonReader::Day(const char* key, Date* out, bool required) {
  const json* v = Get(key, required);
  if (!v) return;
  if (!v->is_string()) return Fail(key, "must be a date string YYYY-MM-DD");
  auto d = Date::Parse(v->get_ref<const std::string&>());
  if (!d.ok()) return Fail(key, d.status().message());
  *out = *d;
}

void JsonReader::OptDay(const char* key, std::optional<Date>* out) {
  auto it = object_.is_object() ? object_.find(key) : object_.end();
  if (ok() && it != object_.end() && it->is_null()) { seen_.insert(key); out->reset(); return; }
  Date d;
  const json* v = Get(key, false);
  if (!v) return;
  if (!v->is_string()) return Fail(key, "must be a date string YYYY-MM-DD");
  auto parsed = Date::Parse(v->get_ref<const std::string&>());
  if (!parsed.ok()) return Fail(key, parsed.status().message());
  d = *parsed;
  *out = d;
}

void JsonReader::Bool(const char* key, bool* out) {
  const json* v = Get(key, false);
  if (!v) return;
  if (!v->is_boolean()) return Fail(key, "must be true or false");
  *out = v->get<bool>();
}

void JsonReader::OptBool(const char* key, std::optional<bool>* out) {
  const json* v = Get(key, false);
  if (!v) return;
  if (!v->is_boolean()) return Fail(key, "must be true or false");
  *out = v->get<bool>();
}

void JsonReader::Int(const char* key, std::int64_t* out, std::int64_t min, std::int64_t max, bool required) {
  const json* v = Get(key, required);
  if (!v) return;
  if (!v->is_number_integer()) return Fail(key, "must be a whole number");
  auto out_of_range = [&] {
    Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  };
  // Compare unsigned values as unsigned: above INT64_MAX they do not fit n
  // (and max + 1 would overflow when max is INT64_MAX).
  if (v->is_number_unsigned() && max >= 0 && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    return out_of_range();
  std::int64_t n = v->get<std::int64_t>();
  if (n < min || n > max) return out_of_range();
  *out = n;
}

void JsonReader::StrList(const char* key, std::vector<std::string>* out, size_t max_len) {
  const json* v = Get(key, false);
  if (!v) return;
  if (!v->is_array() || v->size() > kMaxListItems) return Fail(key, "must be a list of at most 200 strings");
  std::vector<std::string> items;
  for (const auto& item : *v) {
    if (!item.is_string()) return Fail(key, "must contain only strings");
    if (item.get_ref<const std::string&>().size() > max_len) return Fail(key, "has an entry that is too long");
    items.push_back(item.get<std::string>());
  }
  *out = std::move(items);
}

void JsonReader::Finish() {
  if (!ok() || !object_.is_object()) return;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (!seen_.count(it.key())) {
      std::string key = it.key().substr(0, 60);
      *status_ = Status::Invalid("unknown field '" + Path(key) + "'");
      return;
    }
  }
}

Status ReadObject(const json& object, const std::function<void(JsonReader&)>& read) {
  Status st;
  JsonReader r(object, "", &st);
  read(r);
  r.Finish();
  return st;
}

Result<json> ParseJsonText(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes)
    return Status::Invalid("the request body is too large (at most " + std::to_string(max_bytes) + " bytes)");
  // Refuse deep nesting before parsing: nothing we accept nests past a few levels.
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > 32) return Status::Invalid("the request body nests too deeply");
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  json parsed = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::Invalid("the request body is not valid JSON");
  return parsed;
}

}  // namespace sardesk::casework
