// Subnormal numbers in the time loop. A quantity that decays without input (a receptor conductance, a trace) falls
// into the subnormal range (below 2.2e-308) after some seconds and stays there; on x86 every operation on a
// subnormal costs tens to hundreds of cycles. While a `flush_subnormals` object lives, the calling thread flushes
// subnormal results to zero and reads subnormal inputs as zero (MXCSR FTZ and DAZ). What it means for results:
// a value that would be below 2.2e-308 in magnitude is exactly 0 instead; every value plastix records is many
// orders of magnitude above that, so recorded results only differ where a result depends on such a value
// (docs/concepts.md, "Numbers"). The previous mode is restored on destruction, so Python and the caller's
// numerics are untouched. On machines without SSE the object does nothing.
// The mode is a property of each thread: a thread pool's workers take the mode of the thread that gives them a task
// (float_control / set_float_control, core/thread_pool.cpp), so that every part of a time step computes alike.
#pragma once

namespace plastix {

// The calling thread's floating-point control word (MXCSR on x86: rounding, flush-to-zero, denormals-are-zero; 0 and
// ignored where there is none), and setting it.
unsigned float_control();
void set_float_control(unsigned word);

class flush_subnormals {
 public:
  flush_subnormals();
  ~flush_subnormals();
  flush_subnormals(const flush_subnormals&) = delete;
  flush_subnormals& operator=(const flush_subnormals&) = delete;

 private:
  unsigned saved_ = 0;  // the caller's control word
};

}  // namespace plastix
