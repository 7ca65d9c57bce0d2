#include "letters/template.h"

#include <algorithm>
#include <memory>
#include <optional>

namespace sardesk::letters {

namespace {

struct Node {
  enum Kind { kText, kField, kIf } kind = kText;
  std::string text;  // kText: the text; kField/kIf: the field name
  std::vector<Node> then_nodes;
  std::vector<Node> else_nodes;
};

constexpr std::size_t kMaxTemplateBytes = 64 * 1024;
constexpr int kMaxDepth = 8;

bool ValidName(const std::string& n) {
  if (n.empty() || n.size() > 64) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

int LineOf(const std::string& text, std::size_t pos) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  Result<std::vector<Node>> Parse() {
    if (text_.size() > kMaxTemplateBytes) return Status::Invalid("is longer than 64 KiB");
    std::vector<Node> nodes;
    std::string end_tag;
    SARDESK_RETURN_IF_ERROR(ParseNodes(&nodes, 0, &end_tag));
    if (!end_tag.empty()) return Error(last_tag_pos_, "{{" + end_tag + "}} without a matching {{#if ...}}");
    return nodes;
  }

 private:
  Status Error(std::size_t pos, const std::string& message) {
    return Status::Invalid("line " + std::to_string(LineOf(text_, pos)) + ": " + message);
  }

  // Parses until the end of the text or a closing tag ({{else}} or {{/if}}),
  // whose name is returned in *end_tag ("" at the end of the text).
  Status ParseNodes(std::vector<Node>* out, int depth, std::string* end_tag) {
    end_tag->clear();
    while (pos_ < text_.size()) {
      std::size_t open = text_.find("{{", pos_);
      if (open == std::string::npos) {
        out->push_back({Node::kText, text_.substr(pos_), {}, {}});
        pos_ = text_.size();
        break;
      }
      if (open > pos_) out->push_back({Node::kText, text_.substr(pos_, open - pos_), {}, {}});
      std::size_t close = text_.find("}}", open + 2);
      if (close == std::string::npos) return Error(open, "\"{{\" is not closed with \"}}\"");
      std::string tag = Trim(text_.substr(open + 2, close - open - 2));
      last_tag_pos_ = open;
      pos_ = close + 2;
      if (tag == "else" || tag == "/if") {
        *end_tag = tag;
        return Status::Ok();
      }
      if (tag.rfind("#if", 0) == 0) {
        std::string name = Trim(tag.substr(3));
        if (!ValidName(name)) return Error(open, "{{" + tag + "}}: write {{#if field_name}}");
        if (depth >= kMaxDepth) return Error(open, "sections nest too deeply");
        Node node{Node::kIf, name, {}, {}};
        used_.push_back(name);
        std::string inner_end;
        SARDESK_RETURN_IF_ERROR(ParseNodes(&node.then_nodes, depth + 1, &inner_end));
        if (inner_end == "else") {
          SARDESK_RETURN_IF_ERROR(ParseNodes(&node.else_nodes, depth + 1, &inner_end));
          if (inner_end == "else") return Error(last_tag_pos_, "a second {{else}} in one {{#if " + name + "}}");
        }
        if (inner_end != "/if") return Error(open, "{{#if " + name + "}} is not closed with {{/if}}");
        out->push_back(std::move(node));
        continue;
      }
      if (!ValidName(tag))
        return Error(open, "{{" + tag.substr(0, 40) + "}} is not a field name (lower case letters, digits and _)");
      used_.push_back(tag);
      out->push_back({Node::kField, tag, {}, {}});
    }
    return Status::Ok();
  }

 public:
  std::vector<std::string> used_;

 private:
  const std::string& text_;
  std::size_t pos_ = 0;
  std::size_t last_tag_pos_ = 0;
};

bool HasValue(const FieldValues& values, const std::string& name) {
  auto it = values.find(name);
  return it != values.end() && !it->second.empty();
}

void AddOnce(std::vector<std::string>* list, const std::string& name) {
  if (std::find(list->begin(), list->end(), name) == list->end()) list->push_back(name);
}

void Render(const std::vector<Node>& nodes, const FieldValues& values, std::string* out,
            std::vector<std::string>* missing) {
  for (const Node& n : nodes) {
    switch (n.kind) {
      case Node::kText:
        *out += n.text;
        break;
      case Node::kField:
        if (HasValue(values, n.text))
          *out += values.at(n.text);
        else
          AddOnce(missing, n.text);
        break;
      case Node::kIf:
        Render(HasValue(values, n.text) ? n.then_nodes : n.else_nodes, values, out, missing);
        break;
    }
  }
}

std::vector<std::string> Unique(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) AddOnce(&out, n);
  return out;
}

}  // namespace

Status CheckTemplate(const std::string& text, const std::set<std::string>& known, const std::string& what) {
  Parser p(text);
  auto nodes = p.Parse();
  if (!nodes.ok()) return Status::Invalid(what + ": " + nodes.status().message());
  std::vector<std::string> unknown;
  for (const auto& n : Unique(p.used_))
    if (!known.count(n)) unknown.push_back(n);
  if (unknown.empty()) return Status::Ok();
  std::string list;
  for (const auto& n : unknown) list += (list.empty() ? "" : ", ") + std::string("{{") + n + "}}";
  return Status::Invalid(what + ": unknown field" + (unknown.size() > 1 ? "s " : " ") + list +
                         " (see `sardesk letter fields` for the fields a letter can use)");
}

Result<std::vector<std::string>> FieldsUsed(const std::string& text) {
  Parser p(text);
  auto nodes = p.Parse();
  if (!nodes.ok()) return nodes.status();
  return Unique(p.used_);
}

Result<std::string> RenderTemplate(const std::string& text, const FieldValues& values,
                                   std::vector<std::string>* missing) {
  Parser p(text);
  auto nodes = p.Parse();
  if (!nodes.ok()) return nodes.status();
  std::string out;
  std::vector<std::string> absent;
  Render(*nodes, values, &out, &absent);
  if (missing) *missing = absent;
  if (!absent.empty()) {
    std::string list;
    for (const auto& n : absent) list += (list.empty() ? "" : ", ") + n;
    return Status::Refused("the letter needs values for: " + list);
  }
  return out;
}

}  // namespace sardesk::letters
