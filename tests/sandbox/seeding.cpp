#include "seeding.hpp"

namespace tc::sandbox {

size_t seed_opportunities(State& state, const std::string& posting_id, size_t count, const std::string& email_prefix) {
  const std::string performer = state.users.empty() ? std::string() : state.users.front().id;
  for (size_t i = 0; i < count; ++i) {
    NewOpportunity request;
    request.name = "Seeded Person " + std::to_string(i);
    request.emails = {email_prefix + "-" + std::to_string(i) + "@example.com"};
    request.posting = posting_id;
    request.performer = performer;
    request.tags = {"seeded"};
    // A contact of its own, named up front: the create then skips the e-mail scan of every contact,
    // which would make seeding thousands quadratic.
    Contact contact{state.new_uuid(), request.name, "", "", {}};
    request.contact_id = contact.id;
    state.contacts.emplace(contact.id, contact);
    state.create_opportunity(request);
  }
  return count;
}

}  // namespace tc::sandbox
