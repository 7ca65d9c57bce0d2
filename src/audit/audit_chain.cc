#include "audit/audit_chain.h"

#include "common/sha256.h"

namespace sardesk::audit {

namespace {
// Length-prefixed fields: no two different entries encode the same bytes.
void Put(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}
}  // namespace

std::string ComputeHash(const AuditEntry& e) {
  std::string buf;
  buf.reserve(e.before.size() + e.after.size() + 256);
  Put(buf, std::to_string(e.seq));
  Put(buf, e.at);
  Put(buf, e.actor);
  Put(buf, e.action);
  Put(buf, e.entity);
  Put(buf, e.entity_id);
  Put(buf, e.before);
  Put(buf, e.after);
  Put(buf, e.prev_hash);
  return Sha256Hex(buf);
}

void ChainVerifier::Add(const AuditEntry& e) {
  ++count_;
  if (e.seq != head_.seq + 1)
    problems_.push_back({e.seq, "entries " + std::to_string(head_.seq + 1) + " to " +
                                    std::to_string(e.seq - 1) + " are missing (deleted)"});
  if (e.prev_hash != head_.hash)
    problems_.push_back({e.seq, "does not follow the entry before it: an entry before it was "
                                "edited, deleted or inserted"});
  if (ComputeHash(e) != e.hash)
    problems_.push_back({e.seq, "its contents do not match its hash: the entry was edited"});
  head_.seq = e.seq;
  head_.hash = e.hash;
}

void ChainVerifier::Finish(const std::optional<ChainHead>& recorded) {
  if (!recorded) {
    if (count_ > 0) problems_.push_back({head_.seq, "the chain head record is missing"});
    return;
  }
  if (recorded->seq != head_.seq || recorded->hash != head_.hash)
    problems_.push_back({recorded->seq, "the log ends at entry " + std::to_string(head_.seq) +
                                            " but the chain head records entry " +
                                            std::to_string(recorded->seq) +
                                            ": entries at the end were deleted or altered"});
}

}  // namespace sardesk::audit
