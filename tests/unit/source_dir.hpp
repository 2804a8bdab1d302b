#pragma once
// The repository's root, for unit tests that read its files (fixtures, corpora, schemas). ctest passes it
// in TC_SOURCE_DIR (tests/CMakeLists.txt); a path compiled into the test would make each clone's build of
// every test miss the shared compiler cache.
#include <cstdlib>
#include <string>

inline std::string source_dir() {
  const char* dir = std::getenv("TC_SOURCE_DIR");
  return dir != nullptr && *dir != '\0' ? dir : ".";
}
