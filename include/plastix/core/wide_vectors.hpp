// AVX-512 for the hot neuron loops, chosen at run time. The project is built for this machine's instruction set
// without AVX-512 (CMakeLists.txt: GCC 12.2's SLP vectorizer miscompiles a std::vector<double> initialiser with it),
// but the neuron update runs 26–31 % faster with it (docs/performance.md, "AVX-512 neuron loop"). So the one pass
// over the neurons (neuron/neuron_population.hpp) is compiled twice: as the rest of the project, and with the
// target attribute below (AVX-512, 512-bit vectors). Only that function gets the attribute; what it calls and does
// not inline stays compiled for the default target, so no AVX-512 code is reachable on a CPU without it. A
// population runs the wide form where cpu_has_avx512() says so; both forms give bitwise the same state and spikes
// (no FMA contraction: -ffp-contract=off; tests/unit/test_wide_vectors.cpp), and the wide form's disassembly holds
// 512-bit instructions (tests/vectorized/check_wide_kernels.py).
#pragma once

namespace plastix {

// Whether this build has the wide form (GCC on x86-64) and this CPU and OS run it (AVX-512 F, CD, BW, DQ, VL and
// the zmm state saved by the OS).
bool cpu_has_avx512();

}  // namespace plastix
