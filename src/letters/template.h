// The small template language of letters: plain text with named fields.
//   {{field}}                    the field's value; a letter is refused when
//                                it has no value
//   {{#if field}}...{{/if}}      the text only when the field has a value
//   {{#if field}}...{{else}}...{{/if}}
// Field names are lower case letters, digits and '_'. Sections may nest.
// Pure functions over plain values; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"

namespace sardesk::letters {

// Values by field name; an empty string counts as no value.
using FieldValues = std::map<std::string, std::string>;

// Ok when `text` parses and names only fields in `known`; otherwise one
// message naming every unknown field and the first syntax error, with the
// line it is on. `what` names the text in messages, e.g. "body".
Status CheckTemplate(const std::string& text, const std::set<std::string>& known, const std::string& what);

// The fields `text` refers to (in {{field}} or {{#if field}}), in order of
// first use. Refused as CheckTemplate when the text does not parse.
Result<std::vector<std::string>> FieldsUsed(const std::string& text);

// Fills `text`. When fields printed outside a satisfied {{#if}} have no
// value, refuses with their names (all of them, in order of first use);
// *missing, when given, receives the names.
Result<std::string> RenderTemplate(const std::string& text, const FieldValues& values,
                                   std::vector<std::string>* missing = nullptr);

}  // namespace sardesk::letters
