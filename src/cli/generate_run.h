// The part `demo` and `generate` share: generate a spec into a store with
// progress output and print the outcome.
#pragma once

#include "store/store.h"
#include "synth/generator.h"

namespace paraplan::cli {

// Refuses when the store already holds the spec's district; otherwise
// generates it, printing progress on stderr and a one-line outcome on stdout.
void GenerateInto(Store& store, const synth::DistrictSpec& spec, int batch_size);

}  // namespace paraplan::cli
