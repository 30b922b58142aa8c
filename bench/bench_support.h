// What every benchmark does on an error it cannot measure past: name itself
// and the error on stderr, and exit 1, so `make bench` stops there.
#pragma once

#include <errno.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "domain/error.h"

namespace paraplan::bench {

[[noreturn]] inline void Die(const Error& error) {
  std::fprintf(stderr, "%s: %s\n", program_invocation_short_name, error.message.c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> result) {
  if (!result) Die(result.error());
  return std::move(*result);
}

inline void Must(Result<void> result) {
  if (!result) Die(result.error());
}

}  // namespace paraplan::bench
