// A fixed table of words, asked about every word of every document: open
// addressing over one array, a cheap hash of eight bytes at a time, the hash
// kept beside the key so most misses never compare a string. Built once,
// then read by any number of threads. Keys are views: the text they point to
// must outlive the map.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

#include "detect/huge_pages.h"

namespace sardesk::detect {

inline std::uint64_t HashWord(std::string_view s) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = 0x243F6A8885A308D3ull ^ (s.size() * kMul);
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    h = (h ^ chunk) * kMul;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  // The last 1-7 bytes in at most two fixed-size loads (overlapping when the tail
  // is 5-7 bytes long): a memcpy of variable length was a library call per word.
  // An empty view may hold no pointer at all, so it reads nothing.
  std::uint64_t tail = 0;
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    tail = lo | (static_cast<std::uint64_t>(hi) << 32);
  } else if (n != 0) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    tail = u[0] | (static_cast<std::uint64_t>(u[n / 2]) << 8) | (static_cast<std::uint64_t>(u[n - 1]) << 16);
  }
  h = (h ^ tail) * kMul;
  h ^= h >> 32;
  return h;
}

template <typename V>
class WordMap {
 public:
  WordMap() = default;  // no table until the first insertion
  WordMap(std::initializer_list<std::pair<std::string_view, V>> entries) {
    Rehash(Capacity(entries.size()));
    for (const auto& [key, value] : entries) Insert(key, value);
  }

  void Reserve(std::size_t n) {
    if (Capacity(n) > slots_.size()) Rehash(Capacity(n));
  }
  // Adds `key` unless it is there already (the first value stays).
  void Insert(std::string_view key, const V& value) {
    if ((size_ + 1) * 2 > slots_.size()) Rehash(slots_.empty() ? 16 : slots_.size() * 2);
    const std::uint64_t h = HashWord(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (!s.used) {
        s = Slot{h, key.data(), static_cast<std::uint32_t>(key.size()), true, value};
        ++size_;
        return;
      }
      if (s.hash == h && Same(s, key)) return;
    }
  }
  const V* Find(std::string_view key) const {
    if (size_ == 0) return nullptr;
    const std::uint64_t h = HashWord(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (!s.used) return nullptr;
      if (s.hash == h && Same(s, key)) return &s.value;
    }
  }
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }
  // The value of `key`, added with `V{}` when missing. The reference lasts
  // until the next insertion.
  V& Upsert(std::string_view key) {
    Insert(key, V{});
    const std::uint64_t h = HashWord(key);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_)
      if (slots_[i].used && slots_[i].hash == h && Same(slots_[i], key)) return slots_[i].value;
  }
  // Calls fn(key, value) for every entry, in no particular order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const Slot& s : slots_)
      if (s.used) fn(std::string_view(s.key, s.length), s.value);
  }
  std::size_t size() const { return size_; }
  // Empties the map, keeping its table unless a big document made it big.
  void Clear() {
    if (slots_.size() > 1024) {
      slots_ = {};
      size_ = 0;
      return;
    }
    if (size_ == 0) return;
    for (Slot& s : slots_)
      if (s.used) s = Slot{};
    size_ = 0;
  }
  void Swap(WordMap& other) {
    slots_.swap(other.slots_);
    std::swap(mask_, other.mask_);
    std::swap(size_, other.size_);
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    const char* key = nullptr;
    std::uint32_t length = 0;
    bool used = false;
    V value{};
  };
  static bool Same(const Slot& s, std::string_view key) {
    if (s.length != key.size()) return false;
    // Words are short: compare eight bytes at a time without calling memcmp.
    std::size_t n = key.size(), i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t a, b;
      std::memcpy(&a, s.key + i, 8);
      std::memcpy(&b, key.data() + i, 8);
      if (a != b) return false;
    }
    for (; i < n; ++i)
      if (s.key[i] != key[i]) return false;
    return true;
  }
  static std::size_t Capacity(std::size_t n) {
    std::size_t c = 16;
    while (c < n * 2) c *= 2;
    return c;
  }
  void Rehash(std::size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.clear();
    ReserveLarge(slots_, capacity);  // the lexicon's table is tens of megabytes
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    size_ = 0;
    for (const Slot& s : old)
      if (s.used) Insert(std::string_view(s.key, s.length), s.value);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// A set of words: a map whose values say nothing.
class WordSet : public WordMap<bool> {
 public:
  WordSet(std::initializer_list<std::string_view> words) {
    Reserve(words.size());
    for (std::string_view w : words) Insert(w, true);
  }
};

}  // namespace sardesk::detect
