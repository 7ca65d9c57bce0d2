#include "detect/identifiers.h"

#include <algorithm>
#include <iterator>
#include <array>
#include <cstring>
#include <string>
#include <unordered_map>

namespace sardesk::detect {

namespace {

bool Digit(char c) { return c >= '0' && c <= '9'; }
bool Alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool Alnum(char c) { return Digit(c) || Alpha(c); }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool BoundaryBefore(std::string_view t, std::size_t i) {
  if (i == 0) return true;
  const char c = t[i - 1];
  return !Alnum(c) && static_cast<unsigned char>(c) < 0x80 && c != '@' && c != '_';
}
bool BoundaryAfter(std::string_view t, std::size_t i) {
  if (i >= t.size()) return true;
  const char c = t[i];
  return !Alnum(c) && c != '@' && c != '_';
}

constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<const char*, 12> kMonthNames = {"january", "february", "march",     "april",   "may",      "june",
                                                     "july",    "august",   "september", "october", "november", "december"};

// Month name (full or three letters, optionally "Sept") at t[i]; returns its length.
std::size_t MatchMonth(std::string_view t, std::size_t i, int* month) {
  if (i >= t.size() || !std::strchr("JFMASONDjfmasond", t[i])) return 0;
  static const auto* kIndex = [] {
    auto* m = new std::unordered_map<std::string_view, int>;
    for (int k = 0; k < 12; ++k) {
      (*m)[kMonthNames[static_cast<std::size_t>(k)]] = k + 1;
      (*m)[kMonths[static_cast<std::size_t>(k)]] = k + 1;
    }
    (*m)["sept"] = 9;
    return m;
  }();
  std::size_t j = i;
  char word[10];
  std::size_t len = 0;
  while (j < t.size() && Alpha(t[j]) && len < sizeof(word)) word[len++] = Lower(t[j++]);
  if (len < 3 || (j < t.size() && Alpha(t[j]))) return 0;
  auto it = kIndex->find(std::string_view(word, len));
  if (it == kIndex->end()) return 0;
  *month = it->second;
  if (len == 3 && j < t.size() && t[j] == '.') ++len;
  return len;
}

bool ValidDate(const CalendarDate& d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return d.year >= 1900 && d.year <= 2100 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= kDays[d.month - 1];
}

int ReadInt(std::string_view t, std::size_t* i, std::size_t max_digits, std::size_t* ndigits) {
  int v = 0;
  std::size_t n = 0;
  while (*i < t.size() && Digit(t[*i]) && n < max_digits + 1) {
    v = v * 10 + (t[*i] - '0');
    ++*i;
    ++n;
  }
  *ndigits = n;
  return v;
}

int ExpandYear(int y, std::size_t digits) {
  if (digits == 4) return y;
  return y <= 40 ? 2000 + y : 1900 + y;  // two-digit years in case records: births 1941-2040
}

// A date starting at digit t[i]; returns its end or 0.
std::size_t MatchNumericDate(std::string_view t, std::size_t i, CalendarDate* d) {
  std::size_t j = i, n1 = 0, n2 = 0, n3 = 0;
  int a = ReadInt(t, &j, 4, &n1);
  if (j >= t.size()) return 0;
  const char sep = t[j];
  if (sep != '/' && sep != '.' && sep != '-') return 0;
  ++j;
  if (j >= t.size() || !Digit(t[j])) return 0;
  int b = ReadInt(t, &j, 2, &n2);
  if (n2 > 2 || j >= t.size() || t[j] != sep) return 0;
  ++j;
  if (j >= t.size() || !Digit(t[j])) return 0;
  int c = ReadInt(t, &j, 4, &n3);
  if (!BoundaryAfter(t, j) && !(j < t.size() && t[j] == '.')) return 0;
  if (n1 == 4 && n3 <= 2 && sep == '-') {
    *d = {a, b, c};
  } else if (n1 <= 2 && (n3 == 4 || n3 == 2)) {
    *d = {ExpandYear(c, n3), b, a};
  } else {
    return 0;
  }
  return ValidDate(*d) ? j : 0;
}

// The " YYYY" that ends a written date at t[j]: the end of the date when it
// completes a real one, else 0.
std::size_t MatchYearTail(std::string_view t, std::size_t j, int day, int month, CalendarDate* d) {
  if (j >= t.size() || t[j] != ' ') return 0;
  ++j;
  std::size_t yn = 0;
  int year = ReadInt(t, &j, 4, &yn);
  if (yn != 4 || !BoundaryAfter(t, j)) return 0;
  *d = {year, month, day};
  return ValidDate(*d) ? j : 0;
}

// "8 December 2013", "8th Dec 2013", "8 December, 2013".
std::size_t MatchWrittenDate(std::string_view t, std::size_t i, CalendarDate* d) {
  std::size_t j = i, n = 0;
  int day = ReadInt(t, &j, 2, &n);
  if (n > 2) return 0;
  if (j + 1 < t.size() && Alpha(t[j]) && Alpha(t[j + 1])) {
    std::string suf{Lower(t[j]), Lower(t[j + 1])};
    if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") j += 2;
  }
  // "29-JAN-2007", "29-Jan-2007": the form of police and health systems.
  if (n > 0 && j < t.size() && t[j] == '-') {
    int month = 0;
    const std::size_t mlen = MatchMonth(t, j + 1, &month);
    if (mlen == 3 && j + 4 < t.size() && t[j + 4] == '-') {
      std::size_t k = j + 5, yn = 0;
      const int year = ReadInt(t, &k, 4, &yn);
      if (yn == 4 && BoundaryAfter(t, k)) {
        *d = {year, month, day};
        return ValidDate(*d) ? k : 0;
      }
    }
    return 0;
  }
  if (j >= t.size() || t[j] != ' ') return 0;
  ++j;
  if (t.compare(j, 3, "of ") == 0) j += 3;
  int month = 0;
  std::size_t mlen = MatchMonth(t, j, &month);
  if (!mlen) return 0;
  j += mlen;
  if (j < t.size() && t[j] == ',') ++j;
  return MatchYearTail(t, j, day, month, d);
}

// "December 8, 2013" / "Dec 8th 2013" starting at a letter.
std::size_t MatchMonthFirstDate(std::string_view t, std::size_t i, CalendarDate* d) {
  // Most words are not followed by a day: look for " 8" before the month table.
  std::size_t k = i;
  while (k < t.size() && Alpha(t[k])) ++k;
  if (k < t.size() && t[k] == '.') ++k;
  if (k + 1 >= t.size() || t[k] != ' ' || !Digit(t[k + 1])) return 0;
  int month = 0;
  std::size_t mlen = MatchMonth(t, i, &month);
  if (!mlen) return 0;
  std::size_t j = i + mlen;
  if (j >= t.size() || t[j] != ' ') return 0;
  ++j;
  std::size_t n = 0;
  int day = ReadInt(t, &j, 2, &n);
  if (n == 0 || n > 2) return 0;
  if (j + 1 < t.size() && Alpha(t[j]) && Alpha(t[j + 1])) j += 2;
  if (j < t.size() && t[j] == ',') ++j;
  return MatchYearTail(t, j, day, month, d);
}

// Digits in groups separated by single spaces or hyphens: "943 476 5919".
// Collects up to max_digits; returns the end of the last whole group.
std::size_t DigitGroups(std::string_view t, std::size_t i, std::string* digits, std::size_t max_digits,
                        std::vector<std::size_t>* group_ends) {
  std::size_t j = i, end = i;
  for (;;) {
    std::size_t g = j;
    while (g < t.size() && Digit(t[g])) ++g;
    if (g == j) break;
    if (digits->size() + (g - j) > max_digits) break;
    digits->append(t.substr(j, g - j));
    end = g;
    group_ends->push_back(g);
    if (g + 1 < t.size() && (t[g] == ' ' || t[g] == '-') && Digit(t[g + 1])) {
      j = g + 1;
      continue;
    }
    break;
  }
  return end;
}

// A UK phone number from t[i] ('0', '+' or '('); returns its end or 0.
std::size_t MatchPhone(std::string_view t, std::size_t i, std::string_view* kind) {
  std::size_t j = i;
  std::string digits;
  std::vector<std::size_t> ends;
  bool international = false;
  if (t[j] == '+' && t.compare(j, 3, "+44") != 0) {
    // A number abroad: "+48 512 338 907", "+1 (212) 555 0100": a country code
    // and groups of digits, 9 to 15 digits in all (E.164).
    std::size_t k = j + 1, count = 0, end = 0;
    while (k < t.size()) {
      if (Digit(t[k])) {
        ++count;
        ++k;
        if (k >= t.size() || !Digit(t[k])) end = k;
        continue;
      }
      if ((t[k] == ' ' || t[k] == '-' || t[k] == '(' || t[k] == ')') && k + 1 < t.size() &&
          (Digit(t[k + 1]) || t[k + 1] == '(') && count > 0 && count < 15) {
        ++k;
        continue;
      }
      break;
    }
    if (count < 9 || count > 15 || !end || !BoundaryAfter(t, end)) return 0;
    *kind = "phone number";
    return end;
  }
  if (t[j] == '+') {
    international = true;
    j += 3;
    if (j < t.size() && (t[j] == ' ' || t[j] == '-')) ++j;
    if (t.compare(j, 3, "(0)") == 0) {
      j += 3;
      if (j < t.size() && t[j] == ' ') ++j;
    }
    digits = "0";
  } else if (t[j] == '(') {
    std::size_t close = t.find(')', j);
    if (close == std::string_view::npos || close - j > 7 || t[j + 1] != '0') return 0;
    for (std::size_t k = j + 1; k < close; ++k)
      if (!Digit(t[k])) return 0;
    digits.append(t.substr(j + 1, close - j - 1));
    j = close + 1;
    if (j < t.size() && t[j] == ' ') ++j;
  }
  if (j >= t.size() || !Digit(t[j])) return 0;
  std::size_t prefix_digits = digits.size();
  DigitGroups(t, j, &digits, 11, &ends);
  // The longest run of whole groups that makes 10 or 11 digits.
  std::size_t best = 0;
  std::size_t count = prefix_digits;
  std::size_t k = j;
  for (std::size_t e : ends) {
    std::size_t start_g = k;
    count += e - start_g;
    if ((count == 10 || count == 11) && BoundaryAfter(t, e)) best = e;
    k = e + 1;
  }
  if (!best) return 0;
  if (digits.size() < 10 || digits[0] != '0' || digits[1] == '0') return 0;
  if (international && digits[1] == '0') return 0;
  *kind = digits[1] == '7' ? "mobile number" : "phone number";
  return best;
}

// NHS number: 10 digits as 3-3-4 (spaces or hyphens) or run together.
std::size_t MatchNhs(std::string_view t, std::size_t i, bool check_digit = true) {
  std::string digits;
  std::vector<std::size_t> ends;
  std::size_t end = DigitGroups(t, i, &digits, 10, &ends);
  if (digits.size() != 10 || !BoundaryAfter(t, end)) return 0;
  // "Crime ref 5400017622/25": part of a longer reference.
  if (end + 1 < t.size() && (t[end] == '/' || t[end] == '-') && Alnum(t[end + 1])) return 0;
  if (i > 0 && (t[i - 1] == '/' || t[i - 1] == '-')) return 0;
  bool shape = ends.size() == 1 || (ends.size() == 3 && ends[0] - i == 3 && ends[1] - ends[0] == 4);
  return shape && (!check_digit || IsValidNhsNumber(digits)) ? end : 0;
}

// NI number: "AB123456C", "AB 12 34 56 C".
std::size_t MatchNino(std::string_view t, std::size_t i) {
  if (i + 9 > t.size() || !Alpha(t[i]) || !Alpha(t[i + 1])) return 0;
  // Most words fail here, before anything is copied.
  if (!Digit(t[i + 2]) && !(t[i + 2] == ' ' && Digit(t[i + 3]))) return 0;
  std::string compact{Upper(t[i]), Upper(t[i + 1])};
  std::size_t j = i + 2;
  bool spaced = j < t.size() && t[j] == ' ';
  // "JT 482719 B": the six digits together after one space.
  if (spaced && j + 7 < t.size() && Digit(t[j + 1]) && Digit(t[j + 2]) && Digit(t[j + 3])) {
    spaced = false;
    ++j;
  }
  for (int pair = 0; pair < 3; ++pair) {
    if (spaced) {
      if (j >= t.size() || t[j] != ' ') return 0;
      ++j;
    }
    if (j + 2 > t.size() || !Digit(t[j]) || !Digit(t[j + 1])) return 0;
    compact.append(t.substr(j, 2));
    j += 2;
  }
  if (j < t.size() && t[j] == ' ' && j + 1 < t.size() && Alpha(t[j + 1]) && !(j + 2 < t.size() && Alpha(t[j + 2])))
    ++j;
  if (j >= t.size() || !Alpha(t[j])) return 0;
  compact.push_back(Upper(t[j]));
  ++j;
  if (!BoundaryAfter(t, j)) return 0;
  // Mixed case ("Ab123456c") is not how anyone writes one.
  bool upper = t[i] >= 'A' && t[i] <= 'Z' && t[i + 1] >= 'A' && t[i + 1] <= 'Z';
  bool lower = t[i] >= 'a' && t[i] <= 'z' && t[i + 1] >= 'a' && t[i + 1] <= 'z';
  if (!upper && !lower) return 0;
  return IsValidNino(compact) ? j : 0;
}

// Postcode at t[i]: outward code, optional space, inward code.
// An Irish Eircode, in capitals: a routing key (a letter and two digits, or
// D6W), a space and four letters or digits ("V92 KX27", "D6W XY12").
std::size_t MatchEircode(std::string_view t, std::size_t i) {
  auto eir_letter = [](char c) {
    return c == 'A' || c == 'C' || c == 'D' || c == 'E' || c == 'F' || c == 'H' || c == 'K' || c == 'N' ||
           c == 'P' || c == 'R' || c == 'T' || c == 'V' || c == 'W' || c == 'X' || c == 'Y';
  };
  if (i + 8 > t.size() || !eir_letter(t[i]) || !Digit(t[i + 1])) return 0;
  if (!(Digit(t[i + 2]) || (t[i] == 'D' && t[i + 1] == '6' && t[i + 2] == 'W'))) return 0;
  // With its space only: "A7731DK" is a prison number.
  std::size_t j = i + 3;
  if (t[j] != ' ') return 0;
  ++j;
  if (j + 4 > t.size()) return 0;
  int letters = 0;
  for (std::size_t k = j; k < j + 4; ++k) {
    if (Digit(t[k])) continue;
    if (!eir_letter(t[k])) return 0;
    ++letters;
  }
  // Four digits alone are more likely a number after a road ("A12 3456").
  if (letters == 0 || !BoundaryAfter(t, j + 4)) return 0;
  return j + 4;
}

std::size_t MatchPostcode(std::string_view t, std::size_t i) {
  // Every outward code has a digit second or third (A9, AA9...): most words
  // fail here, before anything is copied.
  auto digit_at = [&](std::size_t k) { return k < t.size() && Digit(t[k]); };
  if (!Alpha(t[i]) || !(digit_at(i + 1) || (i + 1 < t.size() && Alpha(t[i + 1]) && digit_at(i + 2)))) return 0;
  std::size_t j = i;
  std::string pc;
  while (j < t.size() && Alnum(t[j]) && pc.size() < 4) pc.push_back(Upper(t[j++]));
  if (j < t.size() && t[j] == ' ') {
    ++j;
  } else {
    // Written without a space: the last three characters are the inward code.
    while (j < t.size() && Alnum(t[j]) && pc.size() < 8) pc.push_back(Upper(t[j++]));
    if (!BoundaryAfter(t, j) || pc.size() < 5 || pc.size() > 7) return 0;
    std::string spaced = pc.substr(0, pc.size() - 3) + " " + pc.substr(pc.size() - 3);
    return IsValidPostcode(spaced) ? j : 0;
  }
  std::size_t k = j;
  std::string in;
  while (k < t.size() && Alnum(t[k]) && in.size() < 4) in.push_back(Upper(t[k++]));
  if (in.size() != 3 || !BoundaryAfter(t, k)) return 0;
  // All one case: "dn14 4dl" or "DN14 4DL", not "In 4th".
  bool has_upper = false, has_lower = false;
  for (std::size_t m = i; m < k; ++m) {
    has_upper = has_upper || (t[m] >= 'A' && t[m] <= 'Z');
    has_lower = has_lower || (t[m] >= 'a' && t[m] <= 'z');
  }
  if (has_upper && has_lower) return 0;
  return IsValidPostcode(pc + " " + in) ? k : 0;
}

// Vehicle registration (current format): "AB12 CDE", uppercase.
std::size_t MatchVehicle(std::string_view t, std::size_t i) {
  if (i + 7 > t.size()) return 0;
  auto up = [&](std::size_t k) { return t[k] >= 'A' && t[k] <= 'Z'; };
  if (!up(i) || !up(i + 1) || !Digit(t[i + 2]) || !Digit(t[i + 3])) return 0;
  std::size_t j = i + 4;
  if (j < t.size() && t[j] == ' ') ++j;
  if (j + 3 > t.size() || !up(j) || !up(j + 1) || !up(j + 2)) return 0;
  return BoundaryAfter(t, j + 3) ? j + 3 : 0;
}

// Older registrations after a "reg" cue: the prefix format of 1983-2001
// ("B472 KFV") and the suffix format before it ("KFV 472B").
std::size_t MatchOldVehicle(std::string_view t, std::size_t i) {
  auto up = [&](std::size_t k) { return k < t.size() && t[k] >= 'A' && t[k] <= 'Z'; };
  auto digits = [&](std::size_t k) {
    std::size_t e = k;
    while (e < t.size() && Digit(t[e]) && e - k < 3) ++e;
    return e - k;
  };
  if (!up(i) || (i > 0 && Alnum(t[i - 1]))) return 0;
  // Prefix: letter, 1-3 digits, space, three letters.
  if (const std::size_t d = digits(i + 1); d > 0) {
    const std::size_t j = i + 1 + d;
    if (j < t.size() && t[j] == ' ' && up(j + 1) && up(j + 2) && up(j + 3) && BoundaryAfter(t, j + 4)) return j + 4;
    return 0;
  }
  // Suffix: three letters, space, 1-3 digits, letter.
  if (up(i + 1) && up(i + 2) && i + 3 < t.size() && t[i + 3] == ' ') {
    const std::size_t d = digits(i + 4);
    const std::size_t j = i + 4 + d;
    if (d > 0 && up(j) && BoundaryAfter(t, j + 1)) return j + 1;
  }
  return 0;
}

// Local part and domain around the '@' at t[at].
bool MatchEmail(std::string_view t, std::size_t at, std::size_t* start, std::size_t* end) {
  auto local = [](char c) { return Alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
  std::size_t s = at;
  while (s > 0 && local(t[s - 1])) --s;
  while (s < at && t[s] == '.') ++s;
  if (s == at) return false;
  std::size_t e = at + 1;
  std::size_t last_dot = 0;
  while (e < t.size() && (Alnum(t[e]) || t[e] == '-' || (t[e] == '.' && e + 1 < t.size() && Alnum(t[e + 1])))) {
    if (t[e] == '.') last_dot = e;
    ++e;
  }
  if (!last_dot || e - last_dot < 3) return false;
  *start = s;
  *end = e;
  return true;
}

bool NearBefore(std::string_view t, std::size_t i, std::string_view word, std::size_t window) {
  std::size_t from = i > window ? i - window : 0;
  std::string lowered;
  for (std::size_t k = from; k < i; ++k) lowered.push_back(Lower(t[k]));
  return lowered.find(word) != std::string::npos;
}

// A registration is near: "reg", "plate", or a car, van or driver within a
// short clause before ("in a car, a green Cortina, the number was ...").
bool VehicleCueBefore(std::string_view t, std::size_t i) {
  if (NearBefore(t, i, "reg", 16) || NearBefore(t, i, "registration", 24)) return true;
  const std::size_t from = i > 48 ? i - 48 : 0;
  std::string lowered = " ";
  for (std::size_t k = from; k < i; ++k) lowered.push_back(Alpha(t[k]) ? Lower(t[k]) : ' ');
  for (std::string_view cue : {" plate", " car ", " cars ", " van ", " vehicle", " driv", " taxi", " moped", " motorbike"}) {
    if (lowered.find(cue) != std::string::npos) return true;
  }
  return false;
}

// An older-format registration with a cue before it, and not a model name
// or a label with the real registration after it ("BMW 320D FN16 UWK",
// "A3 VRM KX19 LMW").
std::size_t MatchCuedOldVehicle(std::string_view t, std::size_t i) {
  const std::size_t e = MatchOldVehicle(t, i);
  if (!e || !VehicleCueBefore(t, i)) return 0;
  std::size_t k = e;
  while (k < t.size() && (t[k] == ' ' || t[k] == ':')) ++k;
  return k > e && k < t.size() && MatchVehicle(t, k) ? 0 : e;
}

// A partial registration after "partial reg", "part of the reg" or "partial
// plate": two letters and two digits ("KM71", "WU19-something").
std::size_t MatchPartialVehicle(std::string_view t, std::size_t i) {
  auto up = [&](std::size_t k) { return k < t.size() && t[k] >= 'A' && t[k] <= 'Z'; };
  if ((i > 0 && Alnum(t[i - 1])) || !up(i) || !up(i + 1) || i + 4 > t.size() || !Digit(t[i + 2]) || !Digit(t[i + 3])) {
    return 0;
  }
  if (i + 4 < t.size() && Alnum(t[i + 4])) return 0;
  if (!NearBefore(t, i, "part", 28)) return 0;
  return NearBefore(t, i, "reg", 12) || NearBefore(t, i, "plate", 14) ? i + 4 : 0;
}

// Current format in lower case in hurried notes ("fy16 wbn"), with a cue.
std::size_t MatchLowerVehicle(std::string_view t, std::size_t i) {
  auto low = [&](std::size_t k) { return k < t.size() && t[k] >= 'a' && t[k] <= 'z'; };
  if ((i > 0 && Alnum(t[i - 1])) || !low(i) || !low(i + 1) || i + 4 > t.size() || !Digit(t[i + 2]) || !Digit(t[i + 3])) {
    return 0;
  }
  std::size_t j = i + 4;
  if (j < t.size() && t[j] == ' ') ++j;
  if (!low(j) || !low(j + 1) || !low(j + 2) || !BoundaryAfter(t, j + 3)) return 0;
  return VehicleCueBefore(t, i) ? j + 3 : 0;
}

// Northern Ireland's format after a cue: three letters with an I or a Z among
// the last two, a space, one to four digits ("NFZ 4821").
std::size_t MatchNorthernIrishVehicle(std::string_view t, std::size_t i) {
  auto up = [&](std::size_t k) { return k < t.size() && t[k] >= 'A' && t[k] <= 'Z'; };
  if ((i > 0 && Alnum(t[i - 1])) || !up(i) || !up(i + 1) || !up(i + 2) || i + 4 >= t.size() || t[i + 3] != ' ') return 0;
  if (t[i + 1] != 'I' && t[i + 1] != 'Z' && t[i + 2] != 'I' && t[i + 2] != 'Z') return 0;
  std::size_t j = i + 4;
  while (j < t.size() && Digit(t[j]) && j - i < 8) ++j;
  if (j == i + 4 || !BoundaryAfter(t, j)) return 0;
  return VehicleCueBefore(t, i) ? j : 0;
}

}  // namespace

bool IsValidNhsNumber(std::string_view digits) {
  if (digits.size() != 10) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    if (!Digit(digits[i])) return false;
    if (i < 9) sum += (digits[i] - '0') * static_cast<int>(10 - i);
  }
  int check = 11 - (sum % 11);
  if (check == 11) check = 0;
  if (check == 10) return false;
  return check == digits[9] - '0';
}

bool IsValidNino(std::string_view c) {
  if (c.size() != 9) return false;
  const char a = c[0], b = c[1];
  if (!(a >= 'A' && a <= 'Z') || !(b >= 'A' && b <= 'Z')) return false;
  if (std::strchr("DFIQUV", a) || std::strchr("DFIOQUV", b)) return false;
  static constexpr std::array<std::string_view, 7> kNotAllocated = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"};
  for (auto p : kNotAllocated)
    if (c.substr(0, 2) == p) return false;
  for (std::size_t i = 2; i < 8; ++i)
    if (!Digit(c[i])) return false;
  return c[8] >= 'A' && c[8] <= 'D';
}

bool IsValidPostcode(std::string_view text) {
  std::string pc;
  for (char ch : text) pc.push_back(Upper(ch));
  std::size_t sp = pc.find(' ');
  if (sp == std::string::npos) {
    if (pc.size() < 5 || pc.size() > 7) return false;
    sp = pc.size() - 3;
    pc.insert(sp, " ");
  }
  std::string_view out = std::string_view(pc).substr(0, sp), in = std::string_view(pc).substr(sp + 1);
  if (in.size() != 3 || !Digit(in[0]) || !Alpha(in[1]) || !Alpha(in[2])) return false;
  if (std::strchr("CIKMOV", in[1]) || std::strchr("CIKMOV", in[2])) return false;
  // Outward: A9, A99, A9A, AA9, AA99, AA9A.
  if (out.size() < 2 || out.size() > 4 || !Alpha(out[0])) return false;
  if (std::strchr("QVX", out[0])) return false;
  std::size_t k = 1;
  if (Alpha(out[k])) {
    if (std::strchr("IJZ", out[k])) return false;
    ++k;
  }
  if (k >= out.size() || !Digit(out[k])) return false;
  ++k;
  if (k == out.size()) return true;
  if (k + 1 != out.size()) return false;
  return Digit(out[k]) || Alpha(out[k]);
}

bool ParseDate(std::string_view text, CalendarDate* out) {
  if (text.empty()) return false;
  std::size_t end = 0;
  if (Digit(text[0])) {
    end = MatchNumericDate(text, 0, out);
    if (!end) end = MatchWrittenDate(text, 0, out);
  } else {
    end = MatchMonthFirstDate(text, 0, out);
  }
  return end != 0 && end == text.size();
}

namespace {

bool RefChar(char c) { return Alnum(c) || c == '/' || c == '-'; }

// The word at t[i..) in lower case if it is letters only, else "".
std::string_view LowerWordAt(std::string_view t, std::size_t i, char* buf, std::size_t cap) {
  std::size_t n = 0;
  while (i + n < t.size() && Alpha(t[i + n]) && n < cap) {
    buf[n] = Lower(t[i + n]);
    ++n;
  }
  if (i + n < t.size() && Alpha(t[i + n])) return {};
  return {buf, n};
}

// Words that say a case, crime or file number follows, directly ("ref",
// "CRN", "Mosaic") or after "number", "no", "ref" or "ID" ("crime number").
bool DirectRefCue(std::string_view w) {
  for (std::string_view c : {"ref", "refs", "reference", "crn", "urn", "mosaic", "lcs", "liquidlogic", "eclipse", "pnc",
                             "occurrence", "cad", "cr", "utr", "dbs", "mrn", "datix", "badge"})
    if (w == c) return true;
  return false;
}
bool RefNoun(std::string_view w) {
  for (std::string_view c : {"case", "crime", "incident", "log", "occurrence", "file", "client", "police", "court",
                             "claim", "tenancy", "housing", "person", "prison", "hospital", "hosp", "nomis",
                             "certificate", "account", "customer", "membership", "indictment", "badge", "custody",
                             "patient", "passport", "carer", "policy", "pass"})
    if (w == c) return true;
  return false;
}
bool RefNumberWord(std::string_view w) {
  for (std::string_view c : {"number", "no", "num", "ref", "refs", "reference", "id", "nos"}) if (w == c) return true;
  return false;
}

// After a cue at t[i..cue_end), the number it names: skips ':', '.', '#',
// "is", "number" and spaces, then takes letters, digits, '/' and '-' with at
// least four digits ("12/34567/19", "CR-2019-0456", "1234567").
bool ReferenceAfter(std::string_view t, std::size_t cue_end, std::size_t* start, std::size_t* end) {
  std::size_t j = cue_end;
  for (int skips = 0; skips < 6 && j < t.size(); ++skips) {
    while (j < t.size() && (t[j] == ' ' || t[j] == ':' || t[j] == '.' || t[j] == '#' || t[j] == '(')) ++j;
    char buf[12];
    std::string_view w = j < t.size() && Alpha(t[j]) ? LowerWordAt(t, j, buf, sizeof buf) : std::string_view{};
    if (!w.empty() && (RefNumberWord(w) || w == "is" || w == "was")) {
      j += w.size();
      continue;
    }
    break;
  }
  if (j >= t.size() || !Alnum(t[j]) || !BoundaryBefore(t, j)) return false;
  std::size_t e = j;
  int digits = 0;
  while (e < t.size() && RefChar(t[e]) && e - j <= 24) {
    if (Digit(t[e])) ++digits;
    ++e;
  }
  while (e > j && (t[e - 1] == '/' || t[e - 1] == '-')) --e;
  // "UTR 88314 20576": a number written in two groups of digits.
  if (e - j >= 4 && e + 4 < t.size() && t[e] == ' ' && Digit(t[e + 1])) {
    bool all_digits = true;
    for (std::size_t d = j; d < e && all_digits; ++d) all_digits = Digit(t[d]);
    std::size_t f = e + 1;
    while (f < t.size() && Digit(t[f])) ++f;
    if (all_digits && f - e - 1 >= 4 && f - j <= 24 && BoundaryAfter(t, f)) {
      digits += static_cast<int>(f - e - 1);
      e = f;
    }
  }
  if (digits < 4 || e - j > 24 || !BoundaryAfter(t, e)) return false;
  *start = j;
  *end = e;
  return true;
}

// The cue word at t[w..) and the reference it introduces, if any.
bool CueAndReference(std::string_view t, std::size_t w, std::size_t* start, std::size_t* end, bool* police) {
  char buf[12];
  std::string_view word = LowerWordAt(t, w, buf, sizeof buf);
  if (word.empty()) return false;
  std::size_t cue_end = w + word.size();
  bool cue = DirectRefCue(word);
  // Crime numbers: "CRN", "PNC ID", "crime ref", "incident no.", "police log".
  *police = word == "crn" || word == "pnc" || word == "crime" || word == "police" || word == "incident" ||
            word == "occurrence" || word == "cad" || word == "cr";
  if (!cue && RefNoun(word)) {
    // "case number", "crime ref", "incident no."
    std::size_t j = cue_end;
    while (j < t.size() && t[j] == ' ') ++j;
    char buf2[12];
    std::string_view next = j < t.size() && Alpha(t[j]) ? LowerWordAt(t, j, buf2, sizeof buf2) : std::string_view{};
    if (!next.empty() && RefNumberWord(next)) {
      cue = true;
      cue_end = j + next.size();
    }
  }
  return cue && ReferenceAfter(t, cue_end, start, end);
}

bool PoliceReference(std::string_view r) {
  std::size_t a = 0;
  while (a < r.size() && Digit(r[a])) ++a;
  if (a != 2 || a >= r.size() || r[a] != '/') return false;
  std::size_t b = a + 1;
  while (b < r.size() && Digit(r[b])) ++b;
  if (b - a - 1 < 4 || b - a - 1 > 8 || b >= r.size() || r[b] != '/') return false;
  std::size_t c = b + 1;
  while (c < r.size() && Digit(r[c])) ++c;
  return c == r.size() && c - b - 1 == 2;
}

bool FileReference(std::string_view r) {
  if (r.size() < 7 || r.size() > 24) return false;
  if (r.find('/') == std::string_view::npos) {
    // "LP-271223-0451", "GMP-23-0154490": two to four capitals, then groups
    // of digits joined by hyphens, six digits or more in all.
    std::size_t a = 0;
    while (a < r.size() && r[a] >= 'A' && r[a] <= 'Z') ++a;
    if (a < 2 || a > 4 || a >= r.size() || r[a] != '-') return false;
    int digits = 0, hyphens = 0;
    for (std::size_t k = a; k < r.size(); ++k) {
      if (r[k] == '-') {
        if (k + 1 >= r.size() || r[k + 1] == '-') return false;
        ++hyphens;
      } else if (Digit(r[k])) {
        ++digits;
      } else {
        return false;
      }
    }
    return hyphens >= 2 && digits >= 6;
  }
  int upper = 0, digits = 0;
  for (char c : r) {
    if (c >= 'a' && c <= 'z') return false;
    upper += c >= 'A' && c <= 'Z';
    digits += Digit(c);
  }
  return upper >= 2 && digits >= 4 && r.front() != '/' && r.back() != '/';
}

// Other people's case, crime and file numbers after their cue words, where
// nothing else was found. Driven by the numbers, which are rare, not by the
// words: only a run with four digits or more looks back for its cue.
void AddReferenceNumbers(std::string_view t, std::vector<IdentifierMatch>* found) {
  std::vector<IdentifierMatch> refs;
  std::size_t next_found = 0;  // *found is in order: the first that may overlap
  for (std::size_t i = 0; i < t.size();) {
    // Eight bytes at a time while none is a digit ("hasbetween", Bit
    // Twiddling Hacks; bytes of 128 and above never count).
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full, kHigh = 0x8080808080808080ull;
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    while (i + 8 <= t.size()) {
      std::uint64_t x;
      std::memcpy(&x, t.data() + i, 8);
      const std::uint64_t low = x & kLow7;
      if ((((kOnes * (127 + 58)) - low) & ~x & (low + kOnes * (127 - 47)) & kHigh) != 0) break;
      i += 8;
    }
    if (i >= t.size()) break;
    if (!Digit(t[i])) {
      ++i;
      continue;
    }
    std::size_t run_start = i;
    while (run_start > 0 && RefChar(t[run_start - 1])) --run_start;
    std::size_t run_end = i;
    int digits = 0;
    while (run_end < t.size() && RefChar(t[run_end])) digits += Digit(t[run_end++]) ? 1 : 0;
    i = run_end;
    if (digits < 4 || (!refs.empty() && run_start < refs.back().end)) continue;
    while (next_found < found->size() && (*found)[next_found].end <= run_start) ++next_found;
    if (next_found < found->size() && (*found)[next_found].start < run_end) continue;  // a phone, a date...
    // Back over ':', '#', "number", "is"... to the word that may be the cue.
    std::size_t j = run_start;
    for (int steps = 0; steps < 5; ++steps) {
      while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == ':' || t[j - 1] == '.' || t[j - 1] == '#' || t[j - 1] == '('))
        --j;
      std::size_t w = j;
      while (w > 0 && Alpha(t[w - 1]) && j - w <= 11) --w;
      if (w == j || j - w > 11 || (w > 0 && Alnum(t[w - 1]))) break;
      std::size_t s = 0, e = 0;
      bool police = false;
      if (CueAndReference(t, w, &s, &e, &police)) {
        // "crime ref", "police reference": the noun before the cue.
        if (!police && w >= 2) {
          std::size_t p = w - 1;
          while (p > 0 && t[p - 1] != ' ' && Alpha(t[p - 1])) --p;
          if (t[w - 1] == ' ' && p < w - 1) {
            char pb[12];
            const std::string_view prev = LowerWordAt(t, p, pb, sizeof pb);
            police = prev == "crime" || prev == "police" || prev == "incident" || prev == "occurrence" ||
                     prev == "pnc";
          }
        }
        police = police || PoliceReference(t.substr(s, e - s));
        if (s == run_start)
          refs.push_back({static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e), Label::kOtherId,
                          police ? "police reference" : "reference number", {}});
        break;
      }
      char buf[12];
      std::string_view word = LowerWordAt(t, w, buf, sizeof buf);
      if (!(RefNumberWord(word) || word == "is" || word == "was")) break;
      j = w;
    }
    // A police crime reference needs no cue: force, serial and year,
    // "43/12345/22" (never a date: the middle has four digits or more).
    if ((refs.empty() || refs.back().start != run_start) && PoliceReference(t.substr(run_start, run_end - run_start)))
      refs.push_back({static_cast<std::uint32_t>(run_start), static_cast<std::uint32_t>(run_end), Label::kOtherId,
                      "police reference", {}});
    // An agency's file number needs no cue either: capitals, slashes and
    // digits ("LCC/CF/0088214", "HP/23/58871").
    else if ((refs.empty() || refs.back().start != run_start) && FileReference(t.substr(run_start, run_end - run_start)))
      refs.push_back({static_cast<std::uint32_t>(run_start), static_cast<std::uint32_t>(run_end), Label::kOtherId,
                      "reference number", {}});
  }
  if (refs.empty()) return;
  found->insert(found->end(), refs.begin(), refs.end());
  std::sort(found->begin(), found->end(),
            [](const IdentifierMatch& a, const IdentifierMatch& b) { return a.start < b.start; });
}

// A social media name in quotes after the platform's name: Snapchat account
// "dee_carlz99", on Snapchat ("kaldo_17"), or after a colon that follows
// one ("username: rhyzzy_y03"). It must mix letters with a digit or an
// underscore, so quoted words are not taken.
// The end of a handle starting at q: letters, digits, '_' and '.', at most
// `max` bytes, mixing a letter with a digit or an underscore; q when none.
std::size_t HandleEnd(std::string_view t, std::size_t q, std::size_t max) {
  std::size_t e = q;
  bool letter = false, digit_or_underscore = false;
  while (e < t.size() && (Alnum(t[e]) || t[e] == '_' || t[e] == '.') && e - q < max) {
    letter = letter || Alpha(t[e]);
    digit_or_underscore = digit_or_underscore || Digit(t[e]) || t[e] == '_';
    ++e;
  }
  while (e > q && t[e - 1] == '.') --e;
  return letter && digit_or_underscore ? e : q;
}

// One of `words` in the `window` bytes before `at`, in any case.
bool WordBefore(std::string_view t, std::size_t at, std::size_t window, std::initializer_list<std::string_view> words) {
  const std::size_t from = at > window ? at - window : 0;
  std::string before(t.substr(from, at - from));
  for (auto& c : before) c = Lower(c);
  for (std::string_view w : words)
    if (before.find(w) != std::string::npos) return true;
  return false;
}

void AddQuotedHandles(std::string_view t, std::vector<IdentifierMatch>* found) {
  std::vector<IdentifierMatch> handles;
  // *found is in order of start: only the one starting before the handle's
  // end, or the one just before, can overlap.
  auto add = [&](std::size_t s, std::size_t e) {
    auto it = std::lower_bound(found->begin(), found->end(), static_cast<std::uint32_t>(e),
                               [](const IdentifierMatch& a, std::uint32_t b) { return a.start < b; });
    for (const IdentifierMatch& h : handles)
      if (h.start < e && h.end > s) return;
    if (!(it != found->begin() && std::prev(it)->end > s))
      handles.push_back({static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e), Label::kOtherId,
                         "social media name", {}});
  };
  for (std::size_t q = t.find('"'); q != std::string_view::npos && q + 1 < t.size(); q = t.find('"', q + 1)) {
    const std::size_t e = HandleEnd(t, q + 1, 31);
    if (e >= t.size() || t[e] != '"' || e - q < 4) continue;
    // The platform within the 60 bytes before.
    if (!WordBefore(t, q, 60, {"snapchat", "instagram", "tiktok", "facebook", "username", "handle", "gamertag",
                               "whatsapp", "twitter", "discord", "xbox"}))
      continue;
    add(q + 1, e);
    q = e;
  }
  // "Snapchat username for Rhys: rhyzzy_y03": after a colon, unquoted.
  for (std::size_t c = t.find(':'); c != std::string_view::npos && c + 2 < t.size(); c = t.find(':', c + 1)) {
    std::size_t q = c + 1;
    while (q < t.size() && t[q] == ' ') ++q;
    if (q == c + 1 || q >= t.size() || !Alnum(t[q])) continue;
    const std::size_t e = HandleEnd(t, q, 31);
    if (e - q < 3 || !BoundaryAfter(t, e)) continue;
    if (!WordBefore(t, c, 40, {"username", "user name", "handle", "gamertag", "snapchat", "instagram", "tiktok"}))
      continue;
    add(q, e);
  }
  // "His Snapchat is rich.kidd99", "on Instagram (kyle.rich_pboro)", "whose
  // account is kaylz.xo": unquoted, in lower case, with '_' or a dot inside,
  // a platform named in the 200 bytes before. Only '_' and inner dots are
  // looked for, so the scan is cheap.
  // Each separator found with memchr: most of a record's dots end sentences.
  // One buffer per thread, reused: no allocation per record.
  thread_local std::vector<std::size_t> separators;
  separators.clear();
  for (const char sep : {'.', '_'}) {
    for (const char* p = static_cast<const char*>(std::memchr(t.data(), sep, t.size())); p != nullptr;
         p = static_cast<const char*>(std::memchr(p + 1, sep, static_cast<std::size_t>(t.data() + t.size() - p - 1)))) {
      const std::size_t i = static_cast<std::size_t>(p - t.data());
      if (i > 0 && i + 1 < t.size() && Alnum(t[i - 1]) && (Alnum(t[i + 1]) || t[i + 1] == '_')) separators.push_back(i);
      if (p + 1 >= t.data() + t.size()) break;
    }
  }
  std::sort(separators.begin(), separators.end());
  std::size_t done = 0;  // candidates end before here
  for (std::size_t i : separators) {
    if (i < done) continue;
    std::size_t s = i;
    while (s > 0 && (Alnum(t[s - 1]) || t[s - 1] == '_' || t[s - 1] == '.')) --s;
    if (!BoundaryBefore(t, s) || (s > 0 && (t[s - 1] == '/' || t[s - 1] == '.' || t[s - 1] == '-'))) continue;
    std::size_t e = i;
    while (e < t.size() && (Alnum(t[e]) || t[e] == '_' || t[e] == '.')) ++e;
    while (e > s && t[e - 1] == '.') --e;
    done = e;
    if (e - s < 4 || e - s > 31 || !BoundaryAfter(t, e) || (e < t.size() && (t[e] == '/' || t[e] == '-'))) continue;
    const std::string_view h = t.substr(s, e - s);
    bool upper = false, letter_first = Alpha(h[0]);
    for (char x : h) upper = upper || (x >= 'A' && x <= 'Z');
    if (upper || !letter_first) continue;
    // "s.42", "para.3": a section or paragraph number, not a name.
    if (h.find('_') == std::string_view::npos) {
      const std::size_t last_dot = h.rfind('.');
      bool digits = last_dot + 1 < h.size();
      for (std::size_t q = last_dot + 1; q < h.size(); ++q) digits = digits && Digit(h[q]);
      if (digits) continue;
    }
    // Not a web address or a file: "gov.uk", "notes.docx", "www.bbc.co.uk".
    const std::size_t dot = h.rfind('.');
    if (dot != std::string_view::npos) {
      const std::string_view ext = h.substr(dot + 1);
      if (ext == "com" || ext == "uk" || ext == "org" || ext == "net" || ext == "gov" || ext == "nhs" ||
          ext == "pdf" || ext == "doc" || ext == "docx" || ext == "jpg" || ext == "png" || ext == "txt" ||
          ext == "xlsx" || ext == "html" || ext == "io" || ext == "ie" || h.substr(0, 4) == "www.")
        continue;
    }
    if (!WordBefore(t, s, 200, {"snapchat", "instagram", "insta", "tiktok", "facebook", "username", "handle",
                                "gamertag", "twitter", "discord", "account"}))
      continue;
    add(s, e);
  }
  if (handles.empty()) return;
  // The same name elsewhere in the record ("kaylz.xo: "…"" in the messages
  // quoted below) is the same account.
  const std::size_t cued = handles.size();
  for (std::size_t n = 0; n < cued; ++n) {
    const std::string h(t.substr(handles[n].start, handles[n].end - handles[n].start));
    for (std::size_t at = t.find(h); at != std::string_view::npos; at = t.find(h, at + h.size())) {
      if (at == handles[n].start || !BoundaryBefore(t, at) || !BoundaryAfter(t, at + h.size())) continue;
      add(at, at + h.size());
    }
  }
  found->insert(found->end(), handles.begin(), handles.end());
  std::sort(found->begin(), found->end(),
            [](const IdentifierMatch& a, const IdentifierMatch& b) { return a.start < b.start; });
}

}  // namespace

std::vector<IdentifierMatch> FindIdentifiers(std::string_view t) {
  std::vector<IdentifierMatch> found;
  const std::size_t n = t.size();
  std::size_t i = 0;
  auto add = [&](std::size_t s, std::size_t e, Label label, std::string_view kind, CalendarDate d = {}) {
    found.push_back({static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e), label, kind, d});
    i = e;
  };
  while (i < n) {
    const char c = t[i];
    if (c == '@') {
      std::size_t s = 0, e = 0;
      if (MatchEmail(t, i, &s, &e)) {
        // The local part was scanned past as letters: drop anything found inside it.
        while (!found.empty() && found.back().end > s) found.pop_back();
        add(s, e, Label::kEmail, "email address");
        continue;
      }
      // "@tyreezy.c": a social media name, "@" at the start of a word.
      if (i == 0 || !(Alnum(t[i - 1]) || t[i - 1] == '.' || t[i - 1] == '_')) {
        std::size_t h = i + 1;
        while (h < n && (Alnum(t[h]) || t[h] == '_' || t[h] == '.') && h - i <= 31) ++h;
        while (h > i + 1 && t[h - 1] == '.') --h;
        if (h - i >= 3 && h - i <= 31 && BoundaryAfter(t, h)) {
          add(i, h, Label::kOtherId, "social media name");
          continue;
        }
      }
      ++i;
      continue;
    }
    if (!(Alnum(c) || c == '+' || c == '(') || !BoundaryBefore(t, i)) {
      ++i;
      continue;
    }
    std::size_t e = 0;
    std::string_view kind;
    CalendarDate d;
    if (Digit(c)) {
      // "s/c 07-04-36" is a sort code, though it reads as a date.
      if (i + 8 <= n && t[i + 2] == '-' && t[i + 5] == '-' && BoundaryAfter(t, i + 8) && Digit(t[i + 1]) &&
          Digit(t[i + 3]) && Digit(t[i + 4]) && Digit(t[i + 6]) && Digit(t[i + 7]) &&
          (NearBefore(t, i, "sort", 14) || NearBefore(t, i, "s/c", 6))) {
        add(i, i + 8, Label::kBank, "bank sort code");
        continue;
      }
      if ((e = MatchNumericDate(t, i, &d)) || (e = MatchWrittenDate(t, i, &d))) {
        add(i, e, Label::kDob, "date", d);
        continue;
      }
      // After "NHS" a number of the right shape is one even when its check
      // digit fails (a typing slip is still the person's number).
      if ((e = MatchNhs(t, i, false)) && (MatchNhs(t, i) || NearBefore(t, i, "nhs", 16))) {
        add(i, e, Label::kNhsNumber, "NHS number");
        continue;
      }
      if ((e = MatchPhone(t, i, &kind))) {
        add(i, e, Label::kPhone, kind);
        continue;
      }
      // Sort code "12-34-56" and an 8-digit account number after their words.
      if (i + 8 <= n && Digit(t[i + 1]) && t[i + 2] == '-' && Digit(t[i + 3]) && Digit(t[i + 4]) &&
          t[i + 5] == '-' && Digit(t[i + 6]) && Digit(t[i + 7]) && BoundaryAfter(t, i + 8)) {
        add(i, i + 8, Label::kBank, "bank sort code");
        continue;
      }
      std::size_t g = i;
      while (g < n && Digit(t[g])) ++g;
      if (g - i == 8 && BoundaryAfter(t, g) &&
          (NearBefore(t, i, "account", 40) || NearBefore(t, i, "a/c", 6) || NearBefore(t, i, "acc ", 6) ||
           NearBefore(t, i, "acc.", 6) || NearBefore(t, i, "acc:", 6))) {
        add(i, g, Label::kBank, "bank account number");
        continue;
      }
      i = g;
      continue;
    }
    if (c == '+' || c == '(') {
      if ((e = MatchPhone(t, i, &kind))) {
        add(i, e, Label::kPhone, kind);
        continue;
      }
      ++i;
      continue;
    }
    // Letters. Postcodes, NI numbers and registrations open with one or two
    // letters; a longer word can only be a month opening a date.
    std::size_t letters = i;
    while (letters < n && Alpha(t[letters])) ++letters;
    if (letters - i > 2) {
      // A month is at most nine letters and a day follows it: " 8", ". 8".
      std::size_t after = letters < n && t[letters] == '.' ? letters + 1 : letters;
      const bool day_follows = letters - i <= 9 && after + 1 < n && t[after] == ' ' && Digit(t[after + 1]);
      if (day_follows && (e = MatchMonthFirstDate(t, i, &d))) {
        add(i, e, Label::kDob, "date", d);
        continue;
      }
      // "reg KFV 472B": a registration of the suffix format.
      if (day_follows && letters - i == 3 &&
          ((e = MatchCuedOldVehicle(t, i)) || (e = MatchNorthernIrishVehicle(t, i)))) {
        add(i, e, Label::kVehicle, "vehicle registration");
        continue;
      }
      i = letters;
      while (i < n && Alnum(t[i])) ++i;
      continue;
    }
    if ((e = MatchMonthFirstDate(t, i, &d))) {
      add(i, e, Label::kDob, "date", d);
      continue;
    }
    if ((e = MatchNino(t, i))) {
      add(i, e, Label::kNino, "National Insurance number");
      continue;
    }
    if ((e = MatchPostcode(t, i)) || (e = MatchEircode(t, i))) {
      add(i, e, Label::kPostcode, "postcode");
      continue;
    }
    if ((e = MatchVehicle(t, i))) {
      add(i, e, Label::kVehicle, "vehicle registration");
      continue;
    }
    if ((e = MatchCuedOldVehicle(t, i)) || (e = MatchPartialVehicle(t, i)) ||
        (e = MatchLowerVehicle(t, i))) {
      add(i, e, Label::kVehicle, "vehicle registration");
      continue;
    }
    while (i < n && Alnum(t[i])) ++i;
  }
  AddReferenceNumbers(t, &found);
  AddQuotedHandles(t, &found);
  return found;
}

}  // namespace sardesk::detect
