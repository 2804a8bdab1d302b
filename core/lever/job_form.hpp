#pragma once
// A posting's application form (the `data` object of Lever's GET /postings/{id}/apply, reference
// docs/lever-contract.md §3) flattened into one list of fields, and the unified "job form fields" view of it
// (Truto's JobFormFields model) that `truto-candidates form` prints. Pure: no I/O.
//
// Groups (docs/lever-contract.md §3): personalInformation[i] → group_id "personalInformation", id = its
// `name`; urls[i] → "urls", id = its `name`; customQuestions[g].fields[j] → group_id = g.id,
// id = the field's `id`; eeoQuestions.<key> → "eeoQuestions", id = <key>.
#include <cstddef>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace tc {

inline constexpr const char* kPersonalInformationGroup = "personalInformation";
inline constexpr const char* kUrlsGroup = "urls";
inline constexpr const char* kEeoQuestionsGroup = "eeoQuestions";

struct FormField {
  std::string group_id;    // "personalInformation", "urls", "eeoQuestions" or the custom group's id
  std::string group_name;  // "Personal information", "URLs", "EEO questions" or the group's text
  std::string id;          // custom field id, or the `name` (personal/urls) / key (eeo)
  std::string text;        // the label shown to the candidate
  std::string type;        // Lever's type: text, textarea, dropdown, multiple-choice,
                           // multiple-select, file-upload, university, …
  bool required = false;
  std::vector<std::string> options;     // options[].text, in form order
  std::vector<std::string> option_ids;  // options[].optionId where given, else the text (parallel)
  std::string description;              // may be empty
  size_t index = 0;                     // position within its group

  bool is_custom() const;  // a customQuestions field (not personal/urls/eeo)
};

struct JobForm {
  std::string posting_id;
  std::string posting_text;
  std::vector<FormField> fields;  // form order: personalInformation, urls, customQuestions, eeo

  // Parses the `data` object. Throws tc::Error(Protocol) when the shape is not a form (not an
  // object, a field without a string name/id, a list that is not an array, …). Unknown keys
  // (consentDisclosures, value, distribution, …) are ignored.
  static JobForm parse(const rapidjson::Value& data);

  // The custom question groups in form order: {group id, group text}.
  std::vector<std::pair<std::string, std::string>> custom_groups() const;
};

// Lever field type → unified type: text, textarea, dropdown, file (file-upload), radio
// (multiple-choice), checkbox (multiple-select); anything else is returned as is (Truto: "if no
// clear mapping exists, the raw value is returned").
std::string unified_field_type(const std::string& lever_type);

// The unified job form fields, as schemas/job-form-field.schema.json describes each item:
//   {id?, name, label, type, required, options:[{id,label,value}], group_id, group_name, index,
//    description?}
// `name` (and `group_id`) are what a job_form_field_answers entry uses. `id` is present for custom
// questions only (Lever gives no id to personal information, urls and EEO fields). Truto's own
// model calls the flag `is_required` and adds `job{id}`; the bundled schema does not allow them.
rapidjson::Document unified_job_form_fields(const JobForm& form);

}  // namespace tc
