#pragma once
// A typed record together with the document it was read from (the record points into it), for tests
// that hand a route a record the way the runner does: route.create(TypedRecord(R"({...})")).
#include <rapidjson/document.h>

#include <string>

#include "core/model/candidate_record.hpp"

namespace tc::test {

class TypedRecord {
 public:
  explicit TypedRecord(const std::string& json) {
    doc_.Parse(json.c_str());
    record_ = read_candidate_record(doc_);
  }
  explicit TypedRecord(const rapidjson::Value& value) {
    doc_.CopyFrom(value, doc_.GetAllocator());
    record_ = read_candidate_record(doc_);
  }
  // Not copyable: the record points into this object's document.
  TypedRecord(const TypedRecord&) = delete;
  TypedRecord& operator=(const TypedRecord&) = delete;

  operator const CandidateRecord&() const { return record_; }  // NOLINT: used where a record is taken
  const CandidateRecord& record() const { return record_; }

 private:
  rapidjson::Document doc_;
  CandidateRecord record_;
};

}  // namespace tc::test
