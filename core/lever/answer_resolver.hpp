#pragma once
// The steps of the applicant mapping (docs/lever-contract.md §3): which field of a posting's form each
// part of a unified record fills, and the apply body built from the filled fields. Pure (no I/O).
// apply_mapping.hpp runs them in this order for one record:
//   place_personal_information — name, e-mail, phone, company, location from the record;
//   place_resume               — attachments: the resume attachment fills the resume field;
//   place_answers              — answers: job_form_field_answers matched to fields, options checked;
//   place_links                — links: matched to the URL field of their site, the rest left over;
//   check_applicant            — a name, an e-mail, every required field, remote_data an object;
//   carried_attachments        — attachments: the ids the filled fields carry (the uploads);
//   apply_body                 — body: the filled fields in the form's order, remote_data last.
// Each step adds its problems to FormValues::problems; all of a record's problems are reported together.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "core/lever/job_form.hpp"
#include "core/model/candidate_record.hpp"
#include "core/util/error.hpp"

namespace tc {

// The value placed on one form field.
struct FieldValue {
  enum class Kind { None, Text, List, Attachment };
  Kind kind = Kind::None;
  std::string text;  // Text: the value; Attachment: the attachment id (sent as its upload uri)
  std::vector<std::string> list;
  bool has_value() const { return kind != Kind::None; }
};

// One value per field of a form (parallel to JobForm::fields) and the problems met filling them.
struct FormValues {
  explicit FormValues(const JobForm& form) : values(form.fields.size()) {}
  std::vector<FieldValue> values;
  std::vector<Problem> problems;
  std::set<size_t> refused_answers;  // fields whose answer was reported: "no answer" would repeat it
};

// fullName ← first_name + " " + last_name, email ← emails[0].email, phone ← phones[0].number,
// currentCompany ← company, currentLocation ← locations[0]; only fields the form has, only values.
void place_personal_information(const JobForm& form, const CandidateRecord& record, FormValues& values);

// personalInformation/resume ← the attachment `resume_attachment_id` ("" places nothing).
void place_resume(const JobForm& form, const std::string& resume_attachment_id, FormValues& values);

// Places each job_form_field_answers entry on the field it names, replacing what is there. A
// file-upload answer is one of `attachment_ids` (the record's attachments) or an http(s) URL.
void place_answers(const JobForm& form, const CandidateRecord& record, const std::vector<std::string>& attachment_ids,
                   FormValues& values);

// Places each link on the free URL field named after its site (type or host), else — when the form
// has no field for that site — on the first free website-like field. Returns the links left over.
std::vector<std::string> place_links(const JobForm& form, const CandidateRecord& record, FormValues& values);

// Reports a missing name or e-mail, every required field without a value, and a remote_data that is
// not an object.
void check_applicant(const JobForm& form, const CandidateRecord& record, FormValues& values);

// The attachment ids placed on fields, in form order of first use: what must go to POST /uploads.
std::vector<std::string> carried_attachments(const FormValues& values);

// The record's tags (trimmed, blanks dropped); the apply body carries none, so all are added afterwards.
std::vector<std::string> record_tags(const CandidateRecord& record);

// The POST /postings/{id}/apply body: personalInformation and urls as [{name, value}], customQuestions
// positional per answered group (null where unanswered), eeoResponses keyed by name, then the record's
// remote_data merged shallowly. `upload_uris` maps attachment id → uri; throws tc::Error(Internal)
// when a carried attachment has none.
rapidjson::Document apply_body(const JobForm& form, const FormValues& values,
                               const std::map<std::string, std::string>& upload_uris, const CandidateRecord& record);

}  // namespace tc
