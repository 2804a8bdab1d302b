#pragma once
// The values of a record as exports write them, made into what the request schema and Lever expect
// (ARCHITECTURE.md §4, "Values as exports write them"). One place for every source — CSV, JSON and field
// flags — run after the flags are laid over the record and before validation:
//   name    "Lovelace, Ada" -> "Ada Lovelace" (core/model/person_name.hpp); a `name` that disagrees with
//           first_name/last_name is a problem at /name, never a silent choice;
//   links   without a scheme ("linkedin.com/in/x", "www.github.com/x") get "https://"; what still is not an
//           http(s) URL is a problem at its pointer;
//   emails  trimmed (matching lower-cases them: core/model/duplicates.hpp);
//   files   a share page given as a file (Google Drive, Dropbox, OneDrive) is a problem at its file_url:
//           Lever would store the web page;
//   dates   lever.created_at, lever.archived_at, lever.notes[].created_at read by core/util/date_reader.hpp
//           and written as RFC 3339; one that reads two ways or not at all is a problem at its pointer.
#include <rapidjson/document.h>

#include <cstddef>
#include <vector>

#include "core/input/record_reader.hpp"
#include "core/util/date_reader.hpp"
#include "core/util/error.hpp"

namespace tc {

struct RecordValueOptions {
  DateOptions dates;  // --date-format, --timezone
};

// Normalises `record` (an object; anything else is left to the validator) in place and returns the problems
// found, each with its pointer; a value with a problem stays as it was.
std::vector<Problem> normalize_record(rapidjson::Document& record, const RecordValueOptions& options);

// The pass over a whole input file before anything is written: every date that reads two ways or not at
// all, each message starting with its record ("record 3 (line 4): …"). Dates that read two ways are
// reported once per field with how many more there are (one --date-format settles them all); at most
// `max_problems` others, plus a line counting the rest. Unreadable records and damage ending the input are
// left to the run, which reports them.
std::vector<Problem> date_problems_in(RecordReader& reader, const DateOptions& options, std::size_t max_problems = 50);

// Drops from `validation` the problems at (or inside, or around) a pointer `normalizing` already reported,
// then appends `normalizing`: one message per value.
void merge_problems(std::vector<Problem>& validation, std::vector<Problem> normalizing);

}  // namespace tc
