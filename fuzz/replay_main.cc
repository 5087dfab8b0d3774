// Copyright 2026 The crossauth Authors.
// SPDX-License-Identifier: Apache-2.0
//
// replay_main.cc: a plain main() for a fuzz harness, for builds without
// libFuzzer (gcc, the native and sanitizer stages). It runs the harness on
// an empty input, then on every file named on the command line and on every
// regular file in every directory named there, in name order, and exits 0
// when none of them crashed (a harness aborts on any failed check).
//
//   crossauth_fuzz_unwrap fuzz/regressions/unwrap fuzz/seeds/unwrap

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
    __attribute__((weak));

namespace {

bool RunFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
  // A copy of exactly the file's size, so that ASan sees a read past it.
  std::vector<uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  LLVMFuzzerTestOneInput(nullptr, 0);
  int ran = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path arg(argv[i]);
    std::error_code error;
    if (std::filesystem::is_directory(arg, error)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry :
           std::filesystem::directory_iterator(arg, error)) {
        if (entry.is_regular_file() && entry.path().filename() != "README") {
          files.push_back(entry.path());
        }
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        ok = RunFile(file) && ok;
        ++ran;
      }
    } else if (std::filesystem::exists(arg, error)) {
      ok = RunFile(arg) && ok;
      ++ran;
    } else {
      std::fprintf(stderr, "replay: %s does not exist\n", argv[i]);
      ok = false;
    }
  }
  std::fprintf(stderr, "replay: %d input(s) and the empty input passed\n", ran);
  return ok ? 0 : 1;
}
