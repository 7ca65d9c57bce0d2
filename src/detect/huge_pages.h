#pragma once
// Large per-document buffers are asked for in 2 MiB pages. A document of
// several megabytes needs buffers of tens of megabytes; filled 4 KiB page by
// page, the page faults cost more than detection itself on a virtual machine
// (an 8 MB document ran at a third of the speed of a short one), so the time
// was not linear in document size. Linux only: elsewhere, and for small
// buffers, this does nothing.
#include <cstddef>
#include <vector>

namespace sardesk::detect {

// Advises the kernel to back [data, data + bytes) with huge pages where it
// can. Only whole 2 MiB pages inside the range are advised. Returns whether
// any were; false (ordinary pages, nothing lost) for a range without a whole
// huge page, a kernel without them, or another system.
bool AdviseHugePages(const void* data, std::size_t bytes);

// Buffers below this many bytes are left alone.
inline constexpr std::size_t kHugePageBuffer = std::size_t{4} << 20;

// Reserves room for n elements and, for a large buffer, advises huge pages
// before the memory is first written.
template <class Container>
void ReserveLarge(Container& c, std::size_t n) {
  c.reserve(n);
  const std::size_t bytes = c.capacity() * sizeof(typename Container::value_type);
  if (bytes >= kHugePageBuffer) AdviseHugePages(c.data(), bytes);
}

}  // namespace sardesk::detect
